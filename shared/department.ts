import * as z from 'zod';
import { parseEnv } from '#shared/config';
import type { Bilingual } from '#shared/labels';

/**
 * Who writes every page and email: the department's name and how to reach
 * it. Configuration, not code: `DEPARTMENT_NAME_RU`, `DEPARTMENT_NAME_EN`,
 * `DEPARTMENT_EMAIL`, `DEPARTMENT_PHONE` and `DEPARTMENT_HOURS_RU` /
 * `DEPARTMENT_HOURS_EN` (the CDK context's `department*` settings set them in
 * AWS; the local runtime passes its own environment through). Unset, the
 * defaults below apply. Read once per process, like the rest of the configuration.
 */

export interface Department {
  name: Bilingual;
  email: string;
  phone: string;
  hours: Bilingual;
}

export const DEPARTMENT_DEFAULTS: Department = {
  name: {
    ru: 'Департамент предпринимательства и инновационного развития города',
    en: 'City Department for Entrepreneurship and Innovative Development',
  },
  email: 'clusters@innovation.example.city',
  phone: '+7 495 000-00-00',
  hours: { ru: 'пн–пт, 9:00–18:00 МСК', en: 'Mon–Fri, 9:00–18:00 Moscow time' },
};

/** Plain text: it is shown on pages and in emails, escaped, and must not carry markup or line breaks. */
const plain = (max: number) =>
  z
    .string()
    .trim()
    .min(2)
    .max(max)
    .regex(/^[^<>\r\n]+$/, 'plain text on one line')
    .optional();

export const departmentEnv = {
  DEPARTMENT_NAME_RU: plain(200),
  DEPARTMENT_NAME_EN: plain(200),
  DEPARTMENT_EMAIL: z.email().max(254).optional(),
  DEPARTMENT_PHONE: plain(40),
  DEPARTMENT_HOURS_RU: plain(100),
  DEPARTMENT_HOURS_EN: plain(100),
};

/** The department of an environment: each setting given, or its default. */
export function departmentFrom(env: NodeJS.ProcessEnv): Department {
  const value = parseEnv(departmentEnv, env);
  const d = DEPARTMENT_DEFAULTS;
  return {
    name: { ru: value.DEPARTMENT_NAME_RU ?? d.name.ru, en: value.DEPARTMENT_NAME_EN ?? d.name.en },
    email: value.DEPARTMENT_EMAIL ?? d.email,
    phone: value.DEPARTMENT_PHONE ?? d.phone,
    hours: { ru: value.DEPARTMENT_HOURS_RU ?? d.hours.ru, en: value.DEPARTMENT_HOURS_EN ?? d.hours.en },
  };
}

let cached: Department | undefined;

/** This process's department (parsed on first use). */
export function department(): Department {
  cached ??= departmentFrom(process.env);
  return cached;
}

/**
 * Where an applicant follows its application: the portal's page for it, on the
 * public base URL of the links (`PUBLIC_BASE_URL`), or null where that is unset.
 */
export function applicationStatusUrl(
  applicationId: string,
  env: NodeJS.ProcessEnv = process.env,
): string | null {
  const base = env.PUBLIC_BASE_URL?.replace(/\/+$/, '');
  return base ? `${base}/portal/applications/${encodeURIComponent(applicationId)}` : null;
}

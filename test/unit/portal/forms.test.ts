import { describe, expect, it } from 'vitest';
import { makeInn } from '#shared/domain/inn';
import type { Organization } from '#shared/domain/registry';
import { parseMultipart } from '#shared/http/form-body';
import { createRequestFromForm, inviteRequestFromForm } from '#shared/http/portal-forms';
import { seal, unseal } from '#shared/links/sealed';
import { portalCreateForm } from '#shared/schemas/portal';
import { keyRing } from '#test/support/in-memory-stores';

/** The portal's forms: member lists checked line by line, CSV uploads, partners, sealed cookies. */

const ACTIVE = ['7707083893', '7736050003', '7728168971'];
const SUSPENDED = makeInn(424_242, 'legal');
const UNKNOWN = makeInn(515_151, 'legal');
const registry = {
  getOrganizations: async (inns: readonly string[]) =>
    new Map(
      inns
        .filter((inn) => ACTIVE.includes(inn) || inn === SUSPENDED)
        .map((inn): [string, Organization] => [
          inn,
          {
            inn,
            ogrn: '1',
            name: `Org ${inn}`,
            sectors: ['it'],
            status: inn === SUSPENDED ? 'SUSPENDED' : 'ACTIVE',
            email: 'o@example.org',
          },
        ]),
    ),
};

const form = (fields: Record<string, unknown>) =>
  portalCreateForm.parse({
    kind: 'CREATE_CLUSTER',
    formId: 'form-id-0123456789',
    contactEmail: 'a@example.org',
    clusterName: 'Кластер',
    sectors: ['it', 'electronics'],
    projectTitle: 'Проект',
    projectSummary: 'Описание',
    ...fields,
  });

describe('the create form', () => {
  it('names every wrong member line: shape, check digit, registry, suspension, repetition', async () => {
    const outcome = await createRequestFromForm(
      form({
        memberInns: ['7707083893', '', '7707083894', '12345', SUSPENDED, UNKNOWN, '7707083893'].join('\r\n'),
      }),
      undefined,
      ACTIVE[0] ?? '',
      registry,
    );
    expect(outcome.request).toBeUndefined();
    expect(outcome.errors.map((error) => [error.field, error.message.en])).toEqual([
      ['memberInns', 'Line 3: 7707083894: the INN check digit is not valid'],
      ['memberInns', 'Line 4: "12345" is not an INN: 10 or 12 digits are needed'],
      ['memberInns', `Line 5: ${SUSPENDED}: the organization is a suspended participant`],
      ['memberInns', `Line 6: ${UNKNOWN}: not in the participant registry`],
      ['memberInns', 'Line 7: 7707083893: listed more than once'],
    ]);
    expect(outcome.errors[0]?.message.ru).toBe('Строка 3: 7707083894: неверная контрольная цифра ИНН');
  });

  it('takes members pasted and uploaded as CSV, adds the applicant, and files the API’s request', async () => {
    const outcome = await createRequestFromForm(
      form({ memberInns: '7736050003\n', partners: 'Fraunhofer IIS; coop@iis.example; ; de' }),
      { text: '\uFEFFИНН;Название\r\n7728168971;ООО «Три»\r\n' },
      '7707083893',
      registry,
    );
    expect(outcome.errors).toEqual([]);
    expect(outcome.request).toMatchObject({
      type: 'CREATE_CLUSTER',
      applicantInn: '7707083893',
      memberInns: ['7707083893', '7736050003', '7728168971'],
      partners: [{ name: 'Fraunhofer IIS', email: 'coop@iis.example', country: 'DE' }],
      cluster: {
        name: 'Кластер',
        sectors: ['it', 'electronics'],
        project: { title: 'Проект', summary: 'Описание' },
      },
    });
  });

  it('refuses what the API refuses, on the field people filled in, in both languages', async () => {
    const outcome = await createRequestFromForm(
      form({ sectors: [], contactEmail: 'not an email', memberInns: '7736050003', partners: 'Без почты' }),
      { text: 'ИНН\n7707083894\n' },
      '7707083893',
      registry,
    );
    expect(outcome.errors.map((error) => error.field)).toEqual([
      'contactEmail',
      'sectors',
      'memberFile',
      'partners',
    ]);
    expect(outcome.errors.find((error) => error.field === 'memberFile')?.message.en).toBe(
      'File, line 2: 7707083894: the INN check digit is not valid',
    );
    expect(outcome.errors.find((error) => error.field === 'sectors')?.message).toEqual({
      ru: 'Выберите от 1 до 5 отраслей.',
      en: 'Choose one to five sectors.',
    });
  });
});

describe('the invitation form', () => {
  it('becomes the API’s invitation, or errors on its own fields', () => {
    expect(
      inviteRequestFromForm({
        role: 'PARTNER',
        inn: '',
        name: 'Nordic',
        email: 'n@nordic.example',
        country: 'fi',
      }),
    ).toEqual({
      request: { role: 'PARTNER', name: 'Nordic', email: 'n@nordic.example', country: 'FI' },
      errors: [],
    });
    expect(
      inviteRequestFromForm({ role: 'MEMBER', inn: '7707083894', name: '', email: '', country: '' }).errors,
    ).toEqual([
      {
        field: 'member-inn',
        message: expect.objectContaining({ en: 'Enter the INN of an active participant of the programme.' }),
      },
    ]);
  });
});

describe('multipart form bodies', () => {
  it('reads fields, repeated fields and an uploaded file', () => {
    const body = [
      '--XyZ',
      'Content-Disposition: form-data; name="sectors"',
      '',
      'it',
      '--XyZ',
      'Content-Disposition: form-data; name="sectors"',
      '',
      'electronics',
      '--XyZ',
      'Content-Disposition: form-data; name="memberFile"; filename="m.csv"',
      'Content-Type: text/csv',
      '',
      'ИНН\r\n7707083893',
      '--XyZ',
      'Content-Disposition: form-data; name="empty"; filename=""',
      'Content-Type: application/octet-stream',
      '',
      '',
      '--XyZ--',
      '',
    ].join('\r\n');
    const parsed = parseMultipart(body, 'XyZ');
    expect(parsed.fields.get('sectors')).toEqual(['it', 'electronics']);
    expect(parsed.files.get('memberFile')).toEqual({
      filename: 'm.csv',
      contentType: 'text/csv',
      text: 'ИНН\r\n7707083893',
    });
    expect(parsed.files.has('empty')).toBe(false);
  });
});

describe('sealed cookies', () => {
  const ring = keyRing('k2', {
    k1: 'an-older-key-that-is-long-enough-0001',
    k2: 'the-current-key-that-is-long-enough-02',
  });
  const later = new Date('2030-01-01T00:00:00Z');

  it('open only for their purpose, unchanged, before they expire, under any key of the ring', () => {
    const sealed = seal(ring, 'portal-session', { inn: '7707083893' }, new Date(later.getTime() + 1000));
    expect(unseal(ring, 'portal-session', sealed, later)).toMatchObject({ inn: '7707083893' });
    expect(unseal(ring, 'portal-sign-in', sealed, later)).toBeNull();
    expect(unseal(ring, 'portal-session', sealed, new Date(later.getTime() + 1000))).toBeNull();
    const [kid, payload, signature] = sealed.split('.');
    const other = Buffer.from(JSON.stringify({ inn: '7736050003', exp: 9_999_999_999 })).toString(
      'base64url',
    );
    expect(unseal(ring, 'portal-session', `${kid}.${other}.${signature}`, later)).toBeNull();
    expect(unseal(ring, 'portal-session', `k1.${payload}.${signature}`, later)).toBeNull();
    const rotated = keyRing('k3', {
      k2: 'the-current-key-that-is-long-enough-02',
      k3: 'a-newer-key-that-is-long-enough-00003',
    });
    expect(unseal(rotated, 'portal-session', sealed, later)).toMatchObject({ inn: '7707083893' });
  });
});

import type * as z from 'zod';
import { SECTORS } from '#shared/domain/sectors';
import {
  cancelRequestSchema,
  consoleFormSchemas,
  reassignRequestSchema,
  redriveRequestSchema,
} from '#shared/schemas/admin';
import {
  consentSubmissionSchema,
  invitationAnswerSchema,
  invitationRequestSchema,
  LIMITS,
  reviewSubmissionSchema,
  signoffSubmissionSchema,
  submitApplicationRequestSchema,
} from '#shared/schemas/api';
import {
  directoryFormSchemas,
  expertChangeSchema,
  newExpertSchema,
  newOfficialSchema,
  officialChangeSchema,
} from '#shared/schemas/directory';
import {
  MEMBER_LIST_MAX,
  PARTNER_LIST_MAX,
  portalApplicationForm,
  portalCsrfOnlyForm,
  portalInviteForm,
  portalSignInForm,
  portalWithdrawForm,
} from '#shared/schemas/portal';

/**
 * The largest request body each route can legitimately send, computed from
 * the zod schemas' limits (every optional field present, every text at its
 * maximum length, every list full), in each encoding clients use. The
 * firewall's body-size rules are sized from these, and synthesis fails if a
 * schema change makes a valid body outgrow its rule.
 */

/** Free text as people write it: Cyrillic (2 bytes in UTF-8), or any BMP character (up to 3 bytes: «№», «—»). */
export const TEXT_FILLERS = { cyrillic: 'ж', anyBmp: '№' } as const;
export type TextFiller = keyof typeof TEXT_FILLERS;

/**
 * How the body goes over the wire:
 * - `json`: JSON.stringify, UTF-8 (browsers, curl, most libraries);
 * - `jsonPretty`: indented by two spaces;
 * - `jsonAscii`: every non-ASCII character as a `\uXXXX` escape (ASCII-only JSON writers);
 * - `form`: application/x-www-form-urlencoded, UTF-8 percent-encoded (the HTML forms of the link pages).
 */
export type BodyEncoding = 'json' | 'jsonPretty' | 'jsonAscii' | 'form';

export interface BodyRoute {
  /** `METHOD /path`, as in functions/catalog.ts. */
  key: string;
  schema: z.ZodType;
  encodings: readonly BodyEncoding[];
  /** The largest valid bodies (one per alternative of a union), with `filler` as the free text. */
  largest(filler: string): ReadonlyArray<Record<string, unknown>>;
}

/** A valid 12-digit INN (the longer form). */
const LONGEST_INN = '500100732259';
/** A valid address of the maximum length (254). */
const LONGEST_EMAIL = `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(56)}.city`;
const LONGEST_SECTOR = [...SECTORS].sort((a, b) => b.length - a.length)[0] as string;
const LONGEST_CSRF_TOKEN = 'x'.repeat(200);

const JSON_ENCODINGS = ['json', 'jsonPretty', 'jsonAscii'] as const satisfies readonly BodyEncoding[];
const LINK_ENCODINGS = [...JSON_ENCODINGS, 'form'] as const satisfies readonly BodyEncoding[];
/** The applicant portal takes its forms only. */
const PORTAL_ENCODINGS = ['form'] as const satisfies readonly BodyEncoding[];
const LONGEST_FORM_ID = 'f'.repeat(64);
const csrfOnly = (key: string): BodyRoute => ({
  key,
  schema: portalCsrfOnlyForm,
  encodings: PORTAL_ENCODINGS,
  largest: () => [{ csrfToken: LONGEST_CSRF_TOKEN }],
});

/** The largest valid application bodies: a submission and a resubmission take the same. */
const largestApplications = (filler: string) => [
  {
    type: 'CREATE_CLUSTER',
    applicantInn: LONGEST_INN,
    contactEmail: LONGEST_EMAIL,
    cluster: {
      name: filler.repeat(LIMITS.nameLength),
      sectors: Array(LIMITS.maxSectors).fill(LONGEST_SECTOR),
      project: {
        title: filler.repeat(LIMITS.titleLength),
        summary: filler.repeat(LIMITS.summaryLength),
      },
    },
    memberInns: Array(LIMITS.maxMembers).fill(LONGEST_INN),
    partners: Array(LIMITS.maxPartners).fill({
      name: filler.repeat(LIMITS.nameLength),
      email: LONGEST_EMAIL,
      inn: LONGEST_INN,
      country: 'DE',
    }),
  },
  {
    type: 'JOIN_CLUSTER',
    applicantInn: LONGEST_INN,
    contactEmail: LONGEST_EMAIL,
    clusterId: `clu_${'z'.repeat(40)}`,
    motivation: filler.repeat(LIMITS.motivationLength),
  },
];

/** The portal's largest create and join forms: filed, or resubmitted after a return. */
const largestPortalApplications = (filler: string) => [
  {
    kind: 'CREATE_CLUSTER',
    formId: LONGEST_FORM_ID,
    contactEmail: LONGEST_EMAIL,
    clusterName: filler.repeat(LIMITS.nameLength),
    sectors: [...SECTORS],
    projectTitle: filler.repeat(LIMITS.titleLength),
    projectSummary: filler.repeat(LIMITS.summaryLength),
    memberInns: `${LONGEST_INN}\r\n`.repeat(MEMBER_LIST_MAX / 14),
    partners: `${filler.repeat(LIMITS.nameLength)}; ${LONGEST_EMAIL}; ${LONGEST_INN}; DE\r\n`.repeat(
      PARTNER_LIST_MAX / (LIMITS.nameLength + LIMITS.emailLength + 12 + 2 + 3 * 2 + 2),
    ),
    csrfToken: LONGEST_CSRF_TOKEN,
  },
  {
    kind: 'JOIN_CLUSTER',
    formId: LONGEST_FORM_ID,
    contactEmail: LONGEST_EMAIL,
    clusterId: `clu_${'z'.repeat(56)}`,
    motivation: filler.repeat(LIMITS.motivationLength),
    csrfToken: LONGEST_CSRF_TOKEN,
  },
];

export const BODY_ROUTES: readonly BodyRoute[] = [
  {
    key: 'POST /applications',
    schema: submitApplicationRequestSchema,
    encodings: JSON_ENCODINGS,
    largest: largestApplications,
  },
  {
    key: 'PUT /applications/{id}',
    schema: submitApplicationRequestSchema,
    encodings: JSON_ENCODINGS,
    largest: largestApplications,
  },
  {
    key: 'POST /reviews/{reviewId}',
    schema: reviewSubmissionSchema,
    encodings: LINK_ENCODINGS,
    largest: (filler) => [
      {
        recommendation: 'APPROVE',
        innovation: 10,
        feasibility: 10,
        cooperation: 10,
        comment: filler.repeat(LIMITS.commentLength),
        csrfToken: LONGEST_CSRF_TOKEN,
      },
    ],
  },
  {
    key: 'POST /signoff/{signoffId}',
    schema: signoffSubmissionSchema,
    encodings: LINK_ENCODINGS,
    largest: (filler) => [
      {
        decision: 'DELEGATE',
        comment: filler.repeat(LIMITS.commentLength),
        delegateTo: 'o'.repeat(64),
        csrfToken: LONGEST_CSRF_TOKEN,
      },
    ],
  },
  {
    key: 'POST /clusters/{id}/invitations',
    schema: invitationRequestSchema,
    encodings: JSON_ENCODINGS,
    largest: (filler) => [
      { role: 'MEMBER', inn: LONGEST_INN },
      {
        role: 'PARTNER',
        name: filler.repeat(LIMITS.nameLength),
        email: LONGEST_EMAIL,
        inn: LONGEST_INN,
        country: 'DE',
      },
    ],
  },
  {
    key: 'POST /invitations/{invitationId}',
    schema: invitationAnswerSchema,
    encodings: LINK_ENCODINGS,
    largest: (filler) => [
      {
        answer: 'DECLINE',
        contactEmail: LONGEST_EMAIL,
        motivation: filler.repeat(LIMITS.motivationLength),
        csrfToken: LONGEST_CSRF_TOKEN,
      },
    ],
  },
  {
    key: 'POST /consents/{consentId}',
    schema: consentSubmissionSchema,
    encodings: LINK_ENCODINGS,
    largest: (filler) => [
      {
        answer: 'CONFIRM',
        comment: filler.repeat(LIMITS.consentCommentLength),
        csrfToken: LONGEST_CSRF_TOKEN,
      },
    ],
  },
  {
    key: 'POST /portal/sign-in',
    schema: portalSignInForm,
    encodings: PORTAL_ENCODINGS,
    largest: () => [
      { inn: '1'.repeat(20), next: `/portal/${'p'.repeat(192)}`, csrfToken: LONGEST_CSRF_TOKEN },
    ],
  },
  csrfOnly('POST /portal/sign-out'),
  {
    key: 'POST /portal/applications',
    schema: portalApplicationForm,
    encodings: PORTAL_ENCODINGS,
    largest: largestPortalApplications,
  },
  {
    key: 'POST /portal/applications/{id}/resubmit',
    schema: portalApplicationForm,
    encodings: PORTAL_ENCODINGS,
    largest: largestPortalApplications,
  },
  {
    key: 'POST /portal/applications/{id}/withdraw',
    schema: portalWithdrawForm,
    encodings: PORTAL_ENCODINGS,
    largest: () => [{ confirm: 'yes', csrfToken: LONGEST_CSRF_TOKEN }],
  },
  {
    key: 'POST /portal/clusters/{id}/invitations',
    schema: portalInviteForm,
    encodings: PORTAL_ENCODINGS,
    largest: (filler) => [
      {
        role: 'PARTNER',
        inn: '1'.repeat(20),
        name: filler.repeat(LIMITS.nameLength),
        email: LONGEST_EMAIL,
        country: 'DE',
        csrfToken: LONGEST_CSRF_TOKEN,
      },
    ],
  },
  csrfOnly('POST /portal/clusters/{id}/invitations/{invitationId}/revoke'),
  // The operator console: its JSON API and its forms.
  {
    key: 'POST /admin/api/applications/{id}/redrive',
    schema: redriveRequestSchema,
    encodings: JSON_ENCODINGS,
    largest: () => [{}],
  },
  {
    key: 'POST /admin/api/applications/{id}/reassign',
    schema: reassignRequestSchema,
    encodings: JSON_ENCODINGS,
    largest: (filler) => [
      { task: 'REVIEW', from: 'e'.repeat(64), to: 'e'.repeat(64), reason: filler.repeat(500) },
      { task: 'SIGNOFF', to: 'o'.repeat(64), reason: filler.repeat(500) },
    ],
  },
  {
    key: 'POST /admin/api/applications/{id}/cancel',
    schema: cancelRequestSchema,
    encodings: JSON_ENCODINGS,
    largest: (filler) => [{ reason: filler.repeat(500) }],
  },
  {
    key: 'POST /admin/applications/{id}/redrive',
    schema: consoleFormSchemas.redrive,
    encodings: ['form'],
    largest: () => [{ csrfToken: LONGEST_CSRF_TOKEN }],
  },
  {
    key: 'POST /admin/applications/{id}/reassign',
    schema: consoleFormSchemas.reassign,
    encodings: ['form'],
    largest: (filler) => [
      {
        task: 'REVIEW',
        from: 'e'.repeat(64),
        to: 'e'.repeat(64),
        reason: filler.repeat(500),
        csrfToken: LONGEST_CSRF_TOKEN,
      },
      { task: 'SIGNOFF', to: 'o'.repeat(64), reason: filler.repeat(500), csrfToken: LONGEST_CSRF_TOKEN },
    ],
  },
  {
    key: 'POST /admin/applications/{id}/cancel',
    schema: consoleFormSchemas.cancel,
    encodings: ['form'],
    largest: (filler) => [{ reason: filler.repeat(500), confirm: 'yes', csrfToken: LONGEST_CSRF_TOKEN }],
  },
  ...directoryBodies(),
];

/** The expert and official directories: the API's JSON and the console's forms (their CSV imports: the 8 KB default). */
function directoryBodies(): BodyRoute[] {
  const id = 'i'.repeat(64);
  const expert = (filler: string) => ({
    name: filler.repeat(LIMITS.nameLength),
    email: LONGEST_EMAIL,
    institution: 'PARTNER_INSTITUTION',
    sectors: [...SECTORS],
    affiliationInn: LONGEST_INN,
  });
  const official = (filler: string) => ({
    name: filler.repeat(LIMITS.nameLength),
    email: LONGEST_EMAIL,
    role: 'OFFICIAL',
    position: filler.repeat(LIMITS.nameLength),
  });
  const active = { active: 'false', csrfToken: LONGEST_CSRF_TOKEN };
  return [
    {
      key: 'POST /admin/api/experts',
      schema: newExpertSchema,
      encodings: JSON_ENCODINGS,
      largest: (filler) => [{ expertId: id, ...expert(filler), active: false }],
    },
    {
      key: 'POST /admin/api/officials',
      schema: newOfficialSchema,
      encodings: JSON_ENCODINGS,
      largest: (filler) => [{ officialId: id, ...official(filler), active: false }],
    },
    {
      key: 'PUT /admin/api/experts/{expertId}',
      schema: expertChangeSchema,
      encodings: JSON_ENCODINGS,
      largest: (filler) => [{ ...expert(filler), active: false }],
    },
    {
      key: 'PUT /admin/api/officials/{officialId}',
      schema: officialChangeSchema,
      encodings: JSON_ENCODINGS,
      largest: (filler) => [{ ...official(filler), active: false }],
    },
    {
      key: 'POST /admin/experts',
      schema: directoryFormSchemas.experts.new,
      encodings: ['form'],
      largest: (filler) => [{ expertId: id, ...expert(filler), csrfToken: LONGEST_CSRF_TOKEN }],
    },
    {
      key: 'POST /admin/officials',
      schema: directoryFormSchemas.officials.new,
      encodings: ['form'],
      largest: (filler) => [{ officialId: id, ...official(filler), csrfToken: LONGEST_CSRF_TOKEN }],
    },
    {
      key: 'POST /admin/experts/{expertId}',
      schema: directoryFormSchemas.experts.change,
      encodings: ['form'],
      largest: (filler) => [{ ...expert(filler), csrfToken: LONGEST_CSRF_TOKEN }, active],
    },
    {
      key: 'POST /admin/officials/{officialId}',
      schema: directoryFormSchemas.officials.change,
      encodings: ['form'],
      largest: (filler) => [{ ...official(filler), csrfToken: LONGEST_CSRF_TOKEN }, active],
    },
  ];
}

const asciiJson = (json: string) =>
  json.replace(/[\u007f-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** The body's size in bytes as `encoding` writes it. */
export function encodedSize(body: Record<string, unknown>, encoding: BodyEncoding): number {
  switch (encoding) {
    case 'json':
      return Buffer.byteLength(JSON.stringify(body));
    case 'jsonPretty':
      return Buffer.byteLength(JSON.stringify(body, null, 2));
    case 'jsonAscii':
      return Buffer.byteLength(asciiJson(JSON.stringify(body)));
    case 'form':
      return Buffer.byteLength(
        new URLSearchParams(
          Object.entries(body).map(([key, value]): [string, string] => [key, String(value)]),
        ).toString(),
      );
  }
}

export interface LargestBody {
  key: string;
  encoding: BodyEncoding;
  filler: TextFiller;
  bytes: number;
}

/** Every route's largest valid body in every encoding and filler. */
export function largestBodies(): LargestBody[] {
  return BODY_ROUTES.flatMap((route) =>
    (Object.keys(TEXT_FILLERS) as TextFiller[]).flatMap((filler) =>
      route.encodings.map((encoding) => ({
        key: route.key,
        encoding,
        filler,
        bytes: Math.max(...route.largest(TEXT_FILLERS[filler]).map((body) => encodedSize(body, encoding))),
      })),
    ),
  );
}

/** The largest of `largestBodies()` for one route. */
export function largestBodyBytes(key: string): number {
  const sizes = largestBodies()
    .filter((body) => body.key === key)
    .map((body) => body.bytes);
  if (sizes.length === 0) throw new Error(`no body route ${key}`);
  return Math.max(...sizes);
}

// ---- Directory CSV imports ------------------------------------------------------------

/** The directory a CSV import is sized for (DIRECTORY_IMPORT_MAX_BYTES): 1,000 people. */
export const DIRECTORY_PEOPLE = 1000;

const cyrillicWords = (...lengths: number[]) => lengths.map((length) => 'Ж'.repeat(length)).join(' ');

/**
 * A real directory's file, generously written: three-part Cyrillic names of 44 letters, long
 * addresses, three sectors, and for officials a job title of 75 Cyrillic letters.
 */
export function directoryCsv(kind: 'experts' | 'officials', people = DIRECTORY_PEOPLE): string {
  const name = cyrillicWords(12, 14, 16);
  const rows = Array.from({ length: people }, (_, index) => {
    const n = String(index).padStart(5, '0');
    return kind === 'experts'
      ? [
          `exp_sector_${n}`,
          name,
          `firstname.lastname${n}@experts.university.example.org`,
          'PARTNER_INSTITUTION',
          'electronics;microelectronics;it',
          '7707083893',
          'да',
        ].join(',')
      : [
          `off_department_${n}`,
          name,
          `firstname.lastname${n}@department.city.example.ru`,
          'OFFICIAL',
          'да',
          cyrillicWords(11, 13, 10, 12, 14, 10),
        ].join(',');
  });
  const header =
    kind === 'experts'
      ? 'expertId,name,email,institution,sectors,affiliationInn,active'
      : 'officialId,name,email,role,active,position';
  return [header, ...rows].join('\r\n');
}

export interface DirectoryImportBody {
  key: string;
  /** `csv`: the API's text/csv body; `form`: the console's form, the file pasted (URL-encoded). */
  encoding: 'csv' | 'form';
  people: number;
  bytes: number;
}

/**
 * The bodies a directory makes on the import routes: 1,000 experts both ways; 1,000 officials as
 * CSV, and 600 pasted in the console (its URL-encoding makes a Cyrillic letter 6 bytes; a department
 * has tens of officials, not hundreds).
 */
export function directoryImportBodies(): DirectoryImportBody[] {
  const bodies = (kind: 'experts' | 'officials', encoding: 'csv' | 'form', people: number) => {
    const csv = directoryCsv(kind, people);
    const body =
      encoding === 'csv'
        ? csv
        : new URLSearchParams({ csrfToken: LONGEST_CSRF_TOKEN, csv, dryRun: 'true' }).toString();
    const key = encoding === 'csv' ? `POST /admin/api/${kind}/import` : `POST /admin/${kind}/import`;
    return { key, encoding, people, bytes: Buffer.byteLength(body) };
  };
  return [
    bodies('experts', 'csv', DIRECTORY_PEOPLE),
    bodies('experts', 'form', DIRECTORY_PEOPLE),
    bodies('officials', 'csv', DIRECTORY_PEOPLE),
    bodies('officials', 'form', 600),
  ];
}

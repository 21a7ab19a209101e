import { describe, expect, it } from 'vitest';
import {
  reviewSubmissionSchema,
  signoffSubmissionSchema,
  submitApplicationRequestSchema,
} from '#shared/schemas/api';
import { decodeFormFields } from '#shared/schemas/form';
import { validationDetails } from '#shared/schemas/parse';

const review = { recommendation: 'APPROVE', innovation: 8, feasibility: 7, cooperation: 9, comment: 'Good' };

const pathsOf = (
  schema: { safeParse(value: unknown): { success: boolean; error?: unknown } },
  value: unknown,
) => {
  const result = schema.safeParse(value) as ReturnType<typeof reviewSubmissionSchema.safeParse>;
  return result.success ? [] : validationDetails(result.error).map((detail) => detail.path);
};

describe('JSON bodies are taken as typed', () => {
  it('refuse booleans, arrays and strings where numbers belong', () => {
    expect(
      pathsOf(reviewSubmissionSchema, {
        ...review,
        innovation: true,
        feasibility: [5],
        cooperation: '7',
      }).sort(),
    ).toEqual(['cooperation', 'feasibility', 'innovation']);
  });

  it('take numbers as numbers', () => {
    expect(reviewSubmissionSchema.parse(review)).toMatchObject({
      innovation: 8,
      feasibility: 7,
      cooperation: 9,
    });
  });
});

describe('form posts are decoded for the schema, strictly', () => {
  const form = (fields: Record<string, string>) =>
    reviewSubmissionSchema.safeParse(decodeFormFields(reviewSubmissionSchema, fields));
  const strings = { recommendation: 'APPROVE', innovation: '8', feasibility: '7', cooperation: '9' };

  it('turn plain decimals into numbers and leave the text fields as they are', () => {
    expect(decodeFormFields(reviewSubmissionSchema, { ...strings, comment: '12', csrfToken: '5' })).toEqual({
      recommendation: 'APPROVE',
      innovation: 8,
      feasibility: 7,
      cooperation: 9,
      comment: '12',
      csrfToken: '5',
    });
    expect(form(strings).success).toBe(true);
  });

  it.each(['7abc', '', ' 7', '7 ', '0x7', '1e1', '+7', '7.', 'true', 'NaN', 'Infinity'])(
    'refuse %j as a score',
    (value) => {
      const result = form({ ...strings, innovation: value });
      expect(result.success).toBe(false);
      expect(validationDetails(result.error as never).map((detail) => detail.path)).toEqual(['innovation']);
    },
  );

  it('leave fields the schema does not know for the schema to refuse', () => {
    expect(decodeFormFields(reviewSubmissionSchema, { ...strings, extra: '1' })).toMatchObject({
      extra: '1',
    });
    expect(form({ ...strings, extra: '1' }).success).toBe(false);
  });

  it('serve the sign-off form as well', () => {
    const fields = { decision: 'REJECT', comment: 'Not now' };
    expect(signoffSubmissionSchema.parse(decodeFormFields(signoffSubmissionSchema, fields))).toMatchObject(
      fields,
    );
  });
});

const NAUGHTY = {
  NUL: 'a\u0000b',
  'a C0 control': 'a\u0007b',
  DEL: 'a\u007fb',
  'a C1 control': 'a\u0085b',
  'a lone high surrogate': 'a\ud800b',
  'a lone low surrogate': 'a\udc00b',
  'right-to-left override U+202E': 'a\u202eb',
  'left-to-right embedding U+202A': 'a\u202ab',
  'first strong isolate U+2068': 'a\u2068b',
  'pop directional isolate U+2069': 'a\u2069b',
} as const;

const create = {
  type: 'CREATE_CLUSTER',
  applicantInn: '7707083893',
  contactEmail: 'team@example.org',
  cluster: {
    name: 'Smart mobility',
    sectors: ['it'],
    project: { title: 'Traffic data', summary: 'Shared sensors.\nOpen data.' },
  },
  memberInns: ['7707083893'],
};
const join = {
  type: 'JOIN_CLUSTER',
  applicantInn: '7707083893',
  contactEmail: 'team@example.org',
  clusterId: 'clu_0123456789',
  motivation: 'We build sensors.\n\tAnd software.',
};

type Field = {
  name: string;
  schema: typeof submitApplicationRequestSchema | typeof reviewSubmissionSchema;
  body: (text: string) => unknown;
  multiLine: boolean;
};

const FIELDS: Field[] = [
  {
    name: 'cluster.name',
    schema: submitApplicationRequestSchema,
    body: (t) => ({ ...create, cluster: { ...create.cluster, name: t } }),
    multiLine: false,
  },
  {
    name: 'cluster.project.title',
    schema: submitApplicationRequestSchema,
    body: (t) => ({
      ...create,
      cluster: { ...create.cluster, project: { ...create.cluster.project, title: t } },
    }),
    multiLine: false,
  },
  {
    name: 'cluster.project.summary',
    schema: submitApplicationRequestSchema,
    body: (t) => ({
      ...create,
      cluster: { ...create.cluster, project: { ...create.cluster.project, summary: t } },
    }),
    multiLine: true,
  },
  {
    name: 'contactEmail',
    schema: submitApplicationRequestSchema,
    body: (t) => ({ ...join, contactEmail: `te${t}am@example.org` }),
    multiLine: false,
  },
  {
    name: 'motivation',
    schema: submitApplicationRequestSchema,
    body: (t) => ({ ...join, motivation: t }),
    multiLine: true,
  },
  {
    name: 'comment',
    schema: reviewSubmissionSchema,
    body: (t) => ({ ...review, comment: t }),
    multiLine: true,
  },
];

describe('free-text fields', () => {
  it('take the valid bodies, with newlines and tabs in multi-line fields and any script or emoji', () => {
    expect(submitApplicationRequestSchema.safeParse(create).success).toBe(true);
    expect(submitApplicationRequestSchema.safeParse(join).success).toBe(true);
    for (const field of FIELDS.filter((f) => f.name !== 'contactEmail')) {
      expect(pathsOf(field.schema, field.body('Кластер «Север» — 東京 😀 مرحبا')), field.name).toEqual([]);
    }
    expect(
      pathsOf(signoffSubmissionSchema, { decision: 'REJECT', comment: 'Line one\r\nLine two\tend' }),
    ).toEqual([]);
  });

  for (const field of FIELDS) {
    it.each(Object.entries(NAUGHTY))(`${field.name} refuses %s with its path`, (_what, text) => {
      expect(pathsOf(field.schema, field.body(text))).toContain(field.name);
    });
    if (!field.multiLine) {
      it(`${field.name} refuses line breaks and tabs`, () => {
        for (const text of ['a\nb', 'a\tb', 'a\rb'])
          expect(pathsOf(field.schema, field.body(text))).toContain(field.name);
      });
    }
  }

  it('the sign-off comment refuses them too', () => {
    expect(pathsOf(signoffSubmissionSchema, { decision: 'APPROVE', comment: 'ok\u202e' })).toEqual([
      'comment',
    ]);
  });
});

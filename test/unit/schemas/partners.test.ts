import { describe, expect, it } from 'vitest';
import { LIMITS, submitApplicationRequestSchema } from '#shared/schemas/api';
import { validationDetails } from '#shared/schemas/parse';

const create = {
  type: 'CREATE_CLUSTER',
  applicantInn: '7707083893',
  contactEmail: 'a@b.ru',
  cluster: {
    name: 'Zelenograd',
    sectors: ['it', 'electronics'],
    project: { title: 'Joint project', summary: 'What we build together' },
  },
  memberInns: ['7707083893'],
};

const pathsOf = (body: unknown) => {
  const result = submitApplicationRequestSchema.safeParse(body);
  return result.success ? [] : validationDetails(result.error).map((detail) => detail.path);
};

describe('partners on a create application', () => {
  it('are optional, and kept as given when valid', () => {
    expect(pathsOf(create)).toEqual([]);
    const partners = [
      { name: 'Siemens AG', email: 'cluster@siemens.example', country: 'DE' },
      { name: 'MIET University', email: 'office@miet.example', inn: '7707083893' },
    ];
    const parsed = submitApplicationRequestSchema.parse({ ...create, partners });
    expect(parsed).toMatchObject({ partners });
  });

  it('name the paths at fault: missing name, bad email, bad INN check digit, bad country, unknown field', () => {
    const partners = [
      { email: 'x@y.ru' },
      { name: 'B', email: 'not-an-email' },
      { name: 'C', email: 'c@d.ru', inn: '7707083894' },
      { name: 'D', email: 'd@e.ru', country: 'Germany' },
      { name: 'E', email: 'e@f.ru', website: 'https://e.example' },
    ];
    expect(pathsOf({ ...create, partners }).sort()).toEqual([
      'partners[0].name',
      'partners[1].email',
      'partners[2].inn',
      'partners[3].country',
      'partners[4].website',
    ]);
  });

  it(`are at most ${LIMITS.maxPartners}`, () => {
    const partner = { name: 'P', email: 'p@q.ru' };
    expect(pathsOf({ ...create, partners: Array(LIMITS.maxPartners).fill(partner) })).toEqual([]);
    expect(pathsOf({ ...create, partners: Array(LIMITS.maxPartners + 1).fill(partner) })).toEqual([
      'partners',
    ]);
  });

  it('belong to create applications only', () => {
    const join = {
      type: 'JOIN_CLUSTER',
      applicantInn: '7707083893',
      contactEmail: 'a@b.ru',
      clusterId: 'clu_0123456789',
      motivation: 'We work on it',
      partners: [],
    };
    expect(pathsOf(join)).toEqual(['partners']);
  });
});

import { describe, expect, it } from 'vitest';
import { concludeConsent, consentParties } from '#shared/domain/consent';
import type { Organization } from '#shared/domain/registry';
import type { ConsentParty } from '#shared/domain/tasks';

const inns = Array.from({ length: 32 }, (_, index) => `77${String(index).padStart(8, '0')}`);
const applicantInn = inns[0] ?? '';
const org = (inn: string): Organization => ({
  inn,
  ogrn: '1',
  name: `Org ${inn}`,
  sectors: ['robotics'],
  status: 'ACTIVE',
  email: `${inn}@example.org`,
});
const partners = [
  { name: 'Fund', email: 'fund@example.org' },
  { name: 'GmbH', email: 'gmbh@example.org', inn: '7707083893', country: 'DE' },
];

describe('who is asked to consent', () => {
  it('asks every listed member but the applicant, at its registry address, then every partner', () => {
    const parties = consentParties(
      { applicantInn, memberInns: [...inns.slice(0, 3), inns[1] ?? ''], partners },
      new Map(inns.map((inn) => [inn, org(inn)])),
    );
    expect(parties).toEqual([
      { kind: 'member', inn: inns[1], name: `Org ${inns[1]}`, email: `${inns[1]}@example.org` },
      { kind: 'member', inn: inns[2], name: `Org ${inns[2]}`, email: `${inns[2]}@example.org` },
      { kind: 'partner', index: 0, name: 'Fund', email: 'fund@example.org' },
      { kind: 'partner', index: 1, name: 'GmbH', email: 'gmbh@example.org', inn: '7707083893' },
    ]);
  });
});

describe('the end of the consent stage', () => {
  const member = (inn: string): ConsentParty => ({ kind: 'member', inn, name: inn, email: 'm@x' });
  const answersFor = (
    members: readonly string[],
    status: (inn: string) => 'PENDING' | 'CONFIRMED' | 'DECLINED',
  ) => members.map((inn) => ({ party: member(inn), status: status(inn) }));

  it('keeps the applicant and those who confirmed; drops decliners and the silent, saying why', () => {
    const memberInns = inns.slice(0, 32);
    const answers = [
      ...answersFor(memberInns.slice(1), (inn) =>
        inn === inns[3] ? 'DECLINED' : inn === inns[4] ? 'PENDING' : 'CONFIRMED',
      ),
      {
        party: { kind: 'partner', index: 0, name: 'Fund', email: 'f@x' } as ConsentParty,
        status: 'CONFIRMED' as const,
      },
      {
        party: { kind: 'partner', index: 1, name: 'GmbH', email: 'g@x' } as ConsentParty,
        status: 'PENDING' as const,
      },
    ];
    const result = concludeConsent({ applicantInn, memberInns, partners }, answers);
    expect(result.memberInns).toEqual(memberInns.filter((inn) => inn !== inns[3] && inn !== inns[4]));
    expect(result.partners).toEqual([partners[0]]);
    expect(result.dropped).toEqual([
      { party: `member:${inns[3]}`, name: inns[3], reason: 'DECLINED' },
      { party: `member:${inns[4]}`, name: inns[4], reason: 'NO_ANSWER' },
      { party: 'partner:1', name: 'GmbH', reason: 'NO_ANSWER' },
    ]);
    expect(result).toMatchObject({
      asked: 33,
      confirmed: 30,
      declined: 1,
      noAnswer: 2,
      confirmedMembers: 30,
      enough: true,
    });
  });

  it('needs 30 confirmed members, the applicant counted and partners not', () => {
    const memberInns = inns.slice(0, 30);
    const oneDeclines = answersFor(memberInns.slice(1), (inn) =>
      inn === inns[9] ? 'DECLINED' : 'CONFIRMED',
    );
    const withPartner = [
      ...oneDeclines,
      {
        party: { kind: 'partner', index: 0, name: 'Fund', email: 'f@x' } as ConsentParty,
        status: 'CONFIRMED' as const,
      },
    ];
    expect(
      concludeConsent({ applicantInn, memberInns, partners: partners.slice(0, 1) }, withPartner),
    ).toMatchObject({
      confirmedMembers: 29,
      enough: false,
    });
    const allConfirm = answersFor(memberInns.slice(1), () => 'CONFIRMED');
    expect(concludeConsent({ applicantInn, memberInns, partners: [] }, allConfirm)).toMatchObject({
      confirmedMembers: 30,
      enough: true,
      dropped: [],
    });
  });
});

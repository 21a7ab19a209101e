import { describe, expect, it } from 'vitest';
import { assignPanelAgain, type Expert } from '#shared/domain/assignment';
import { concludeConsent, confirmedBefore } from '#shared/domain/consent';
import type { ConsentParty } from '#shared/domain/tasks';

/** The pure rules of a resubmitted application's next round (SPEC "Return for amendment"). */

const expert = (id: string, overrides: Partial<Expert> = {}): Expert => ({
  expertId: id,
  name: id,
  email: `${id}@experts.example`,
  institution: 'CITY',
  sectors: ['robotics'],
  affiliationInn: `77000000${id.replace(/\D/g, '').padStart(2, '0')}`,
  openAssignments: 0,
  ...overrides,
});

const request = {
  applicationId: 'app_1',
  sectors: ['robotics'] as const,
  count: 3,
  conflictedInns: new Set<string>(),
  jointPanel: true,
};

describe('the panel of a resubmitted application', () => {
  const pool = [
    expert('e1'),
    expert('e2', { institution: 'PARTNER_INSTITUTION' }),
    expert('e3'),
    expert('e4', { openAssignments: 5 }),
    expert('e5', { institution: 'PARTNER_INSTITUTION', openAssignments: 9 }),
  ];

  it('is the panel of the round before when all of it can still review', () => {
    const result = assignPanelAgain(
      { ...request, sectors: ['robotics'], previousExpertIds: ['e3', 'e1', 'e2'] },
      pool,
    );
    expect(result).toMatchObject({ ok: true });
    expect(result.ok && result.experts.map((e) => e.expertId)).toEqual(['e3', 'e1', 'e2']);
  });

  it('replaces who left the pool or now conflicts with the corrected members, never with an earlier panelist', () => {
    const conflicted = pool.find((e) => e.expertId === 'e2')?.affiliationInn ?? '';
    const result = assignPanelAgain(
      {
        ...request,
        sectors: ['robotics'],
        conflictedInns: new Set([conflicted]),
        previousExpertIds: ['e1', 'e2', 'gone'],
      },
      pool,
    );
    expect(result.ok).toBe(true);
    const ids = result.ok ? result.experts.map((e) => e.expertId) : [];
    expect(ids[0]).toBe('e1');
    expect(ids).toHaveLength(3);
    expect(ids).not.toContain('e2');
    // The joint panel still gets the partner institution: e5, however loaded, is the only one left.
    expect(ids).toContain('e5');
  });

  it('keeps who can still review when nobody else can fill the places', () => {
    const result = assignPanelAgain({ ...request, sectors: ['robotics'], previousExpertIds: ['e1', 'e9'] }, [
      expert('e1'),
    ]);
    expect(result.ok && result.experts.map((e) => e.expertId)).toEqual(['e1']);
  });
});

describe('consent in a later round', () => {
  const confirmed = { memberInns: ['7700000001'], partnerEmails: ['fund@example.org'] };
  const member = (inn: string): ConsentParty => ({ kind: 'member', inn, name: inn, email: `${inn}@x` });

  it('does not ask again who confirmed before (partners by email, in any case)', () => {
    expect(confirmedBefore(member('7700000001'), confirmed)).toBe(true);
    expect(confirmedBefore(member('7700000002'), confirmed)).toBe(false);
    expect(
      confirmedBefore({ kind: 'partner', index: 3, name: 'Fund', email: 'Fund@Example.org' }, confirmed),
    ).toBe(true);
    expect(confirmedBefore(member('7700000001'), undefined)).toBe(false);
  });

  it('counts them as confirmed without an answer; the newly asked are dropped if they decline', () => {
    const conclusion = concludeConsent(
      {
        applicantInn: '7700000000',
        memberInns: ['7700000000', '7700000001', '7700000002', '7700000003'],
        partners: [{ name: 'Fund', email: 'fund@example.org' }],
        confirmedParties: confirmed,
      },
      [
        { party: member('7700000002'), status: 'CONFIRMED' },
        { party: member('7700000003'), status: 'DECLINED' },
      ],
    );
    expect(conclusion.memberInns).toEqual(['7700000000', '7700000001', '7700000002']);
    expect(conclusion.partners).toEqual([{ name: 'Fund', email: 'fund@example.org' }]);
    expect(conclusion).toMatchObject({ asked: 2, confirmed: 1, declined: 1, confirmedMembers: 3 });
  });
});

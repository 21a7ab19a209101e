/**
 * Member consent of a create application: who is asked, and what the stage
 * leaves when it ends. Pure: the use-cases gather the registry entries and
 * the recorded answers.
 */

import type { ConfirmedParties } from '#shared/domain/application';
import { MIN_CLUSTER_MEMBERS } from '#shared/domain/eligibility';
import type { Organization, Partner } from '#shared/domain/registry';
import { type ConsentParty, partyActor } from '#shared/domain/tasks';

/**
 * Everyone listed, except the applicant (its application is its consent):
 * each distinct member at its registry contact address, then each partner at
 * the address given for it, in the order listed.
 */
export function consentParties(
  application: { applicantInn: string; memberInns: readonly string[]; partners: readonly Partner[] },
  organizations: ReadonlyMap<string, Organization>,
): ConsentParty[] {
  const members = [...new Set(application.memberInns)]
    .filter((inn) => inn !== application.applicantInn)
    .map((inn): ConsentParty => {
      const organization = organizations.get(inn);
      // Eligibility checked every member is an active participant; the registry always has an email.
      if (!organization) throw new Error(`member ${inn} is not in the registry`);
      return { kind: 'member', inn, name: organization.name, email: organization.email };
    });
  const partners = application.partners.map(
    (partner, index): ConsentParty => ({
      kind: 'partner',
      index,
      name: partner.name,
      email: partner.email,
      ...(partner.inn ? { inn: partner.inn } : {}),
    }),
  );
  return [...members, ...partners];
}

/**
 * Whether an earlier round recorded this party's consent (an application resubmitted after a return
 * for amendment): members by INN, partners by email address.
 */
export function confirmedBefore(
  party: ConsentParty,
  confirmed: ConfirmedParties | null | undefined,
): boolean {
  if (!confirmed) return false;
  return party.kind === 'member'
    ? confirmed.memberInns.includes(party.inn)
    : confirmed.partnerEmails.includes(party.email.toLowerCase());
}

export type DropReason = 'DECLINED' | 'NO_ANSWER';

export interface DroppedParty {
  /** `member:<inn>` or `partner:<n>`. */
  party: string;
  name: string;
  reason: DropReason;
}

export interface ConsentConclusion {
  /** The applicant and the members who confirmed, in the order listed. */
  memberInns: string[];
  /** The partners who confirmed, in the order listed. */
  partners: Partner[];
  dropped: DroppedParty[];
  asked: number;
  confirmed: number;
  declined: number;
  noAnswer: number;
  /** Confirmed members, the applicant included (partners do not count). */
  confirmedMembers: number;
  /** At least MIN_CLUSTER_MEMBERS confirmed members: the application goes on to review. */
  enough: boolean;
}

/**
 * The stage's outcome from the answers recorded: those who declined or did
 * not answer are dropped; the applicant, and whoever confirmed in an earlier
 * round (`confirmed`, not asked again), always stay.
 */
export function concludeConsent(
  application: {
    applicantInn: string;
    memberInns: readonly string[];
    partners: readonly Partner[];
    confirmedParties?: ConfirmedParties | null | undefined;
  },
  answers: ReadonlyArray<{ party: ConsentParty; status: 'PENDING' | 'CONFIRMED' | 'DECLINED' }>,
): ConsentConclusion {
  const statusOf = new Map(answers.map((answer) => [partyActor(answer.party), answer]));
  const earlier = application.confirmedParties;
  const memberInns = [...new Set(application.memberInns)].filter(
    (inn) =>
      inn === application.applicantInn ||
      statusOf.get(`member:${inn}`)?.status === 'CONFIRMED' ||
      (earlier?.memberInns.includes(inn) ?? false),
  );
  const partners = application.partners.filter(
    (partner, index) =>
      statusOf.get(`partner:${index}`)?.status === 'CONFIRMED' ||
      (earlier?.partnerEmails.includes(partner.email.toLowerCase()) ?? false),
  );
  const dropped = answers.flatMap((answer): DroppedParty[] =>
    answer.status === 'CONFIRMED'
      ? []
      : [
          {
            party: partyActor(answer.party),
            name: answer.party.name,
            reason: answer.status === 'DECLINED' ? 'DECLINED' : 'NO_ANSWER',
          },
        ],
  );
  const declined = dropped.filter((party) => party.reason === 'DECLINED').length;
  const confirmedMembers = memberInns.length;
  return {
    memberInns,
    partners,
    dropped,
    asked: answers.length,
    confirmed: answers.length - dropped.length,
    declined,
    noAnswer: dropped.length - declined,
    confirmedMembers,
    enough: confirmedMembers >= MIN_CLUSTER_MEMBERS,
  };
}

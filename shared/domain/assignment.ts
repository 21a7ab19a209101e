/**
 * Picking expert reviewers for an application: by sector, never with a
 * conflict of interest, a joint panel of both institutions where the pool
 * allows, spreading load across the pool.
 */

import { relatedSectorsOf, type Sector } from '#shared/domain/sectors';

/** Joint examination: the city's own experts and those of its development-institution partner. */
export const INSTITUTIONS = ['CITY', 'PARTNER_INSTITUTION'] as const;
export type Institution = (typeof INSTITUTIONS)[number];

export interface Expert {
  expertId: string;
  name: string;
  email: string;
  institution: Institution;
  sectors: Sector[];
  affiliationInn: string;
  openAssignments: number;
  /**
   * A deactivated expert (`false`: left, on leave) is never assigned again; experts stored before
   * deactivation existed have no flag and are active.
   */
  active?: boolean;
}

/** Whether the expert may be given reviews. */
export const isActiveExpert = (expert: Pick<Expert, 'active'>): boolean => expert.active !== false;

export type AssignmentResult =
  | { ok: true; experts: Expert[]; usedRelatedSectors: boolean }
  | { ok: false; cause: string };

export interface AssignmentRequest {
  applicationId: string;
  sectors: readonly Sector[];
  count: number;
  /** The applicant's and every member's INN: experts affiliated with any of them are excluded. */
  conflictedInns: ReadonlySet<string>;
  /** Experts never to pick: everyone assigned to the application before (a replacement's request). */
  excludedExpertIds?: ReadonlySet<string>;
  /**
   * Joint examination (create applications): the panel, together with `panelInstitutions`
   * (the institutions of the experts already on it, for a replacement), includes every
   * institution the candidates offer, as far as `count` allows.
   */
  jointPanel?: boolean;
  panelInstitutions?: readonly Institution[];
}

/**
 * 32-bit FNV-1a, then the murmur3 finalizer: FNV's high bits mix poorly, and
 * sorting on them would order equal-load experts alike across many
 * applications instead of taking turns.
 */
export function stableHash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function rankByLoad(applicationId: string, experts: readonly Expert[]): Expert[] {
  const keyed = experts.map((expert) => ({
    expert,
    // NUL separator: ("ab","c") and ("a","bc") must not hash alike.
    tieBreak: stableHash(`${applicationId}\u0000${expert.expertId}`),
  }));
  keyed.sort(
    (a, b) =>
      a.expert.openAssignments - b.expert.openAssignments ||
      a.tieBreak - b.tieBreak ||
      (a.expert.expertId < b.expert.expertId ? -1 : a.expert.expertId > b.expert.expertId ? 1 : 0),
  );
  return keyed.map((k) => k.expert);
}

const coversAny = (expert: Expert, sectors: ReadonlySet<Sector>): boolean =>
  expert.sectors.some((sector) => sectors.has(sector));

/**
 * Takes `count` candidates in their order of preference, except that the
 * last places are kept for institutions the panel still lacks: a candidate
 * of an institution already present is passed over only when taking it
 * would leave fewer places than there are missing institutions that later
 * candidates can still supply.
 */
export function pickJointPanel(
  ranked: readonly Expert[],
  count: number,
  panelInstitutions: readonly Institution[] = [],
): Expert[] {
  const chosen: Expert[] = [];
  const present = new Set<Institution>(panelInstitutions);
  for (let index = 0; index < ranked.length && chosen.length < count; index++) {
    const candidate = ranked[index] as Expert;
    if (!present.has(candidate.institution)) {
      chosen.push(candidate);
      present.add(candidate.institution);
      continue;
    }
    const stillSupplied = new Set<Institution>();
    for (const later of ranked.slice(index + 1)) {
      if (!present.has(later.institution)) stillSupplied.add(later.institution);
    }
    if (count - chosen.length - 1 >= stillSupplied.size) chosen.push(candidate);
  }
  return chosen;
}

/**
 * Deactivated experts are never picked. Experts of the application's own sectors come first; experts of related
 * sectors only fill the places those cannot. Within each group the least
 * loaded win, ties broken by a hash of application and expert id so that the
 * same inputs give the same answer and equal-load experts take turns across
 * applications. Fewer than `count` experts is still a success as long as
 * there is at least one.
 */
export function assignExperts(request: AssignmentRequest, pool: readonly Expert[]): AssignmentResult {
  const { applicationId, sectors, count, conflictedInns } = request;
  const excluded = request.excludedExpertIds ?? new Set<string>();
  if (!Number.isInteger(count) || count < 1) {
    throw new RangeError(`count must be a positive integer, got ${count}`);
  }

  const seenIds = new Set<string>();
  const available = pool.filter((expert) => {
    if (
      !isActiveExpert(expert) ||
      conflictedInns.has(expert.affiliationInn) ||
      excluded.has(expert.expertId) ||
      seenIds.has(expert.expertId)
    ) {
      return false;
    }
    seenIds.add(expert.expertId);
    return true;
  });

  const own = new Set<Sector>(sectors);
  const related = relatedSectorsOf(sectors);
  const relatedSet = new Set<Sector>(related);

  const primaryRanked = rankByLoad(
    applicationId,
    available.filter((expert) => coversAny(expert, own)),
  );
  const fallbackRanked = rankByLoad(
    applicationId,
    available.filter((expert) => !coversAny(expert, own) && coversAny(expert, relatedSet)),
  );
  // Own sectors first, related ones only for the places those cannot fill (or, on a joint
  // panel, for an institution the own-sector experts cannot supply).
  const ranked = [...primaryRanked, ...fallbackRanked];
  const experts = request.jointPanel
    ? pickJointPanel(ranked, count, request.panelInstitutions)
    : ranked.slice(0, count);
  const usedRelatedSectors = experts.some((expert) => !coversAny(expert, own));
  if (experts.length === 0) {
    const relatedText = related.length > 0 ? related.join(', ') : 'none';
    return {
      ok: false,
      cause: `No expert without a conflict of interest covers the sectors ${sectors.join(', ')} or their related sectors (${relatedText}).`,
    };
  }
  return { ok: true, experts, usedRelatedSectors };
}

/**
 * A resubmitted application's panel: the experts who examined the round
 * before review it again, as far as they still can (in the pool, active,
 * without a conflict with the corrected member list); the places of those
 * who cannot are filled under the usual rules, never with anyone of the
 * earlier panel.
 */
export function assignPanelAgain(
  request: AssignmentRequest & { previousExpertIds: readonly string[] },
  pool: readonly Expert[],
): AssignmentResult {
  const byId = new Map(pool.map((expert) => [expert.expertId, expert]));
  const kept = request.previousExpertIds
    .flatMap((expertId) => {
      const expert = byId.get(expertId);
      return expert && isActiveExpert(expert) && !request.conflictedInns.has(expert.affiliationInn)
        ? [expert]
        : [];
    })
    .slice(0, request.count);
  if (kept.length === request.count) return { ok: true, experts: kept, usedRelatedSectors: false };
  const rest = assignExperts(
    {
      ...request,
      count: request.count - kept.length,
      excludedExpertIds: new Set([...(request.excludedExpertIds ?? []), ...request.previousExpertIds]),
      panelInstitutions: kept.map((expert) => expert.institution),
    },
    pool,
  );
  if (!rest.ok) return kept.length > 0 ? { ok: true, experts: kept, usedRelatedSectors: false } : rest;
  return { ok: true, experts: [...kept, ...rest.experts], usedRelatedSectors: rest.usedRelatedSectors };
}

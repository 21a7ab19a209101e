import type { Application, HistoryEvent } from '#shared/domain/application';
import { isOpen, TERMINAL_STATUSES } from '#shared/domain/application';
import type { Expert } from '#shared/domain/assignment';
import { normalizeClusterName } from '#shared/domain/eligibility';
import { makeInn } from '#shared/domain/inn';
import type { Invitation } from '#shared/domain/invitations';
import type {
  ClusterMember,
  ClusterPartner,
  ClusterRecord,
  NewCluster,
  Official,
  Organization,
  SlotHolder,
} from '#shared/domain/registry';
import type { Sector } from '#shared/domain/sectors';
import type {
  ConsentRequest,
  ConsentStage,
  LinkRecord,
  Opened,
  OpenTaskInput,
  RecordOutcome,
  ReviewTask,
  SignoffTask,
  TaskKind,
  TaskRef,
} from '#shared/domain/tasks';
import type { KeyRing, KeySource } from '#shared/links/key-ring';
import { linkSigner } from '#shared/links/signer';
import type {
  Applications,
  DueReminder,
  InvitationEnd,
  Invitations,
  Page,
  PageRequest,
  Registry,
  Reminders,
  StaleHolderCheck,
  StatusChange,
  Tasks,
  TransitionResult,
} from '#shared/use-cases/ports';

/**
 * In-memory implementations of the stores' ports (applications, registry,
 * tasks) over one shared state, as the DynamoDB adapters share one table:
 * the same conditional writes (a link works once, a task is answered once,
 * the application must still be waiting, one holder per cluster name or join
 * slot, all-or-nothing approvals). test/support/store-contracts.ts holds
 * them and the DynamoDB adapters to the same behaviour, run by
 * test/unit/contracts/ and test/workflows/store-contracts.test.ts.
 */

/** A key ring from key ids and their secrets. */
export const keyRing = (currentKeyId: string, keys: Record<string, string>): KeyRing => ({
  currentKeyId,
  keys: new Map(Object.entries(keys).map(([id, key]) => [id, Buffer.from(key)])),
});

const TEST_KEYS: KeySource = {
  load: async () => keyRing('k1', { k1: 'a-test-key-that-is-long-enough-for-hmac-use' }),
};

export const testSigner = () => linkSigner(TEST_KEYS);

export function clockAt(iso: string) {
  const clock = { current: new Date(iso), now: () => new Date(clock.current) };
  return clock;
}

const clone = <T>(value: T): T => structuredClone(value);

/** What DynamoDB throws when a transaction's condition fails on an item other than the application. */
function transactionCanceled(): Error {
  return Object.assign(new Error('Transaction cancelled'), { name: 'TransactionCanceledException' });
}

function conditionFailed(): Error {
  return Object.assign(new Error('The conditional request failed'), {
    name: 'ConditionalCheckFailedException',
  });
}

/** Offset cursors: opaque to callers, like the adapters' encoded keys. */
function paged<T>(items: readonly T[], page: PageRequest): Page<T> {
  const start = page.cursor ? Number(Buffer.from(page.cursor, 'base64url').toString('utf8')) : 0;
  const end = start + page.limit;
  return {
    items: items.slice(start, end).map(clone),
    next: end < items.length ? Buffer.from(String(end)).toString('base64url') : null,
  };
}

const byKey =
  <T>(key: (item: T) => string) =>
  (a: T, b: T) =>
    key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;

/** The wait for a resubmission (the adapter's AMENDMENT#<round> item). */
interface AmendmentWait {
  applicationId: string;
  round: number;
  status: 'PENDING';
  requestedAt: string;
}
type StoredTask = (ReviewTask | SignoffTask | ConsentStage | AmendmentWait) & {
  taskToken?: string;
  notifiedAt?: string;
};
type StoredEvent = HistoryEvent & { applicationId: string };

/** Everything one table holds. */
interface State {
  items: Map<string, Application>;
  events: StoredEvent[];
  notices: Set<string>;
  organizations: Map<string, Organization>;
  /** Sector listing items, kept apart from the profiles as the table keeps them. */
  sectorListings: Map<Sector, Map<string, Organization>>;
  experts: Map<string, Expert>;
  officials: Map<string, Official>;
  clusters: Map<string, ClusterRecord>;
  memberships: Map<string, Map<string, ClusterMember>>;
  partners: Map<string, Map<string, ClusterPartner>>;
  invitations: Map<string, Invitation>;
  /** One open invitation per cluster and invitee: the holder and its expiry. */
  invitationSlots: Map<string, { holderId: string; expiresAt: string }>;
  guards: Map<string, SlotHolder>;
  tasks: Map<string, StoredTask>;
  links: Map<string, LinkRecord | ConsentRequest>;
  /** Consent rosters: the link ids of each application's consent requests, in the order asked. */
  rosters: Map<string, string[]>;
}

const nameGuard = (normalizedName: string) => `CLUSTERNAME#${normalizedName}`;
const joinGuard = (clusterId: string, inn: string) => `JOIN#${clusterId}#${inn}`;
const refKey = (ref: TaskRef) =>
  ref.kind === 'review'
    ? `${ref.applicationId}/${ref.expertId}`
    : ref.kind === 'consent'
      ? `${ref.applicationId}/CONSENT`
      : ref.kind === 'amendment'
        ? `${ref.applicationId}/AMENDMENT#${ref.round}`
        : `${ref.applicationId}/SIGNOFF`;
const kindOf = (task: StoredTask): TaskKind =>
  'expertId' in task
    ? 'review'
    : 'officialId' in task
      ? 'signoff'
      : 'round' in task
        ? 'amendment'
        : 'consent';

function taskView<T>(task: StoredTask | undefined): T | null {
  if (!task) return null;
  const { taskToken: _token, ...rest } = clone(task);
  return rest as T;
}

function inMemoryApplications(state: State) {
  const members = (clusterId: string) => {
    let found = state.memberships.get(clusterId);
    if (!found) {
      found = new Map();
      state.memberships.set(clusterId, found);
    }
    return found;
  };

  const releaseGuards = (application: Application) => {
    const held: string[] = [];
    if (application.type === 'CREATE_CLUSTER' && application.cluster && !application.createdClusterId) {
      held.push(nameGuard(normalizeClusterName(application.cluster.name)));
    }
    if (application.type === 'JOIN_CLUSTER' && application.clusterId) {
      held.push(joinGuard(application.clusterId, application.applicantInn));
    }
    for (const key of held) {
      if (state.guards.get(key)?.holderId === application.applicationId) state.guards.delete(key);
    }
  };

  /** The status change, its event and `alsoWrite`, all or nothing: `alsoCheck` throws before anything changes. */
  const transition = (
    change: StatusChange,
    also: { check?: () => void; write?: () => void } = {},
  ): TransitionResult => {
    const current = state.items.get(change.applicationId);
    const allowed = (application: Application) =>
      change.from.includes(application.status) && (change.precondition?.(application) ?? true);
    if (!current || !allowed(current)) return { changed: false, current: current ? clone(current) : null };
    also.check?.();
    const next: Application = {
      ...current,
      ...clone(change.patch ?? {}),
      status: change.to,
      updatedAt: change.at,
      version: current.version + 1,
    };
    state.items.set(change.applicationId, next);
    state.events.push({
      applicationId: change.applicationId,
      at: change.at,
      ...(current.status !== change.to ? { status: change.to } : {}),
      action: change.action,
      actor: change.actor,
      ...(change.detail ? { detail: clone(change.detail) } : {}),
    });
    also.write?.();
    if ((TERMINAL_STATUSES as readonly string[]).includes(change.to)) releaseGuards(next);
    return { changed: true, application: clone(next), previous: clone(current) };
  };

  const applications = {
    items: state.items,
    events: state.events,

    async create(application, event) {
      const existing = state.items.get(application.applicationId);
      if (existing) return { created: false, application: clone(existing) };
      state.items.set(application.applicationId, clone(application));
      state.events.push({ ...clone(event), applicationId: application.applicationId });
      return { created: true, application: clone(application) };
    },

    get: async (applicationId) => clone(state.items.get(applicationId) ?? null),

    async listByApplicant(inn, page) {
      const mine = [...state.items.values()]
        .filter((application) => application.applicantInn === inn)
        .filter((application) => !page.status || application.status === page.status)
        .sort(byKey((application) => `${application.createdAt}#${application.applicationId}`))
        .reverse();
      return paged(mine, page);
    },

    transition: async (change) => transition(change),

    async listOpenIds(page) {
      const ids = [...state.items.values()]
        .filter((application) => isOpen(application.status))
        .filter((application) => !page.createdBefore || application.createdAt < page.createdBefore)
        .sort(byKey((application) => `${application.createdAt}#${application.applicationId}`))
        .map((application) => application.applicationId);
      return paged(ids, page);
    },

    async listClosedIds(status, page) {
      const ids = [...state.items.values()]
        .filter((application) => application.status === status)
        .filter((application) => !page.createdBefore || application.createdAt < page.createdBefore)
        .sort(byKey((application) => `${application.createdAt}#${application.applicationId}`))
        .reverse()
        .map((application) => application.applicationId);
      return paged(ids, page);
    },

    async getMany(applicationIds) {
      return applicationIds.flatMap((applicationId) => {
        const found = state.items.get(applicationId);
        return found ? [clone(found)] : [];
      });
    },

    async approveCreate(change, cluster, clusterMembers, clusterPartners = []) {
      prepareCluster(state, cluster, clusterMembers, clusterPartners);
      const normalized = normalizeClusterName(cluster.name);
      return transition(change, {
        check: () => {
          if (state.clusters.get(cluster.clusterId)?.status !== 'PENDING') throw transactionCanceled();
        },
        write: () => activateCluster(state, cluster.clusterId, normalized),
      });
    },

    async approveJoin(change, clusterId, member) {
      return transition(change, {
        check: () => {
          if (members(clusterId).has(member.inn)) throw transactionCanceled();
          if (state.clusters.get(clusterId)?.status !== 'ACTIVE') throw transactionCanceled();
        },
        write: () => {
          members(clusterId).set(member.inn, clone(member));
          const cluster = state.clusters.get(clusterId);
          if (cluster) cluster.memberCount += 1;
        },
      });
    },

    async update(applicationId, patch) {
      const current = state.items.get(applicationId);
      if (!current) throw conditionFailed();
      const defined = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined));
      state.items.set(applicationId, { ...current, ...clone(defined) });
    },

    async appendEvent(applicationId, event) {
      state.events.push({ ...clone(event), applicationId });
    },

    async history(applicationId) {
      return state.events
        .filter((event) => event.applicationId === applicationId)
        .sort(byKey((event) => event.at))
        .map(({ applicationId: _id, ...event }) => clone(event));
    },

    async claimNotice(applicationId, kind) {
      const key = `${applicationId}/${kind}`;
      if (state.notices.has(key)) return false;
      state.notices.add(key);
      return true;
    },

    async releaseNotice(applicationId, kind) {
      state.notices.delete(`${applicationId}/${kind}`);
    },
  } satisfies Applications & Record<string, unknown>;
  return applications;
}

function prepareCluster(
  state: State,
  cluster: NewCluster,
  clusterMembers: readonly ClusterMember[],
  clusterPartners: readonly ClusterPartner[] = [],
): void {
  const existing = state.clusters.get(cluster.clusterId);
  if (!existing || existing.status === 'PENDING') {
    state.clusters.set(cluster.clusterId, {
      ...clone(cluster),
      status: 'PENDING',
      memberCount: clusterMembers.length,
    });
  }
  const members = state.memberships.get(cluster.clusterId) ?? new Map<string, ClusterMember>();
  for (const member of clusterMembers) members.set(member.inn, clone(member));
  state.memberships.set(cluster.clusterId, members);
  const partners = state.partners.get(cluster.clusterId) ?? new Map<string, ClusterPartner>();
  for (const partner of clusterPartners) partners.set(partner.key, clone(partner));
  state.partners.set(cluster.clusterId, partners);
}

function activateCluster(state: State, clusterId: string, normalizedName: string): void {
  const cluster = state.clusters.get(clusterId);
  if (cluster) cluster.status = 'ACTIVE';
  state.guards.set(nameGuard(normalizedName), { holderKind: 'CLUSTER', holderId: clusterId });
}

function inMemoryRegistry(state: State) {
  const claim = async (key: string, applicationId: string, isStale: StaleHolderCheck = async () => false) => {
    const holder = state.guards.get(key);
    if (holder && holder.holderId !== applicationId && !(await isStale(clone(holder)))) return clone(holder);
    const mine: SlotHolder = { holderKind: 'APPLICATION', holderId: applicationId };
    state.guards.set(key, mine);
    return clone(mine);
  };
  const sortedMembers = (clusterId: string) =>
    [...(state.memberships.get(clusterId)?.values() ?? [])].sort(byKey((member) => member.inn));

  const registry = {
    getOrganization: async (inn) => clone(state.organizations.get(inn) ?? null),
    async getOrganizations(inns) {
      const found = new Map<string, Organization>();
      for (const inn of inns) {
        const organization = state.organizations.get(inn);
        if (organization) found.set(inn, clone(organization));
      }
      return found;
    },
    async listOrganizations(page) {
      const source = page.sector
        ? [...(state.sectorListings.get(page.sector)?.values() ?? [])]
        : [...state.organizations.values()];
      return paged(source.sort(byKey((organization) => organization.inn)), page);
    },
    async putOrganizations(organizations, previous = new Map()) {
      for (const organization of organizations) {
        state.organizations.set(organization.inn, clone(organization));
        for (const sector of organization.sectors) {
          const listing = state.sectorListings.get(sector) ?? new Map<string, Organization>();
          listing.set(organization.inn, clone(organization));
          state.sectorListings.set(sector, listing);
        }
        for (const sector of previous.get(organization.inn)?.sectors ?? []) {
          if (!organization.sectors.includes(sector))
            state.sectorListings.get(sector)?.delete(organization.inn);
        }
      }
    },

    listExperts: async () => [...state.experts.values()].sort(byKey((expert) => expert.expertId)).map(clone),
    getExpert: async (expertId) => clone(state.experts.get(expertId) ?? null),
    async putExperts(experts: readonly Expert[]) {
      for (const expert of experts) state.experts.set(expert.expertId, clone(expert));
    },
    async adjustExpertLoad(expertIds, delta) {
      for (const expertId of expertIds) {
        const expert = state.experts.get(expertId);
        if (expert) expert.openAssignments = (expert.openAssignments ?? 0) + delta;
      }
    },

    listOfficials: async () =>
      [...state.officials.values()].sort(byKey((official) => official.officialId)).map(clone),
    getOfficial: async (officialId) => clone(state.officials.get(officialId) ?? null),
    async putOfficials(officials: readonly Official[]) {
      for (const official of officials) state.officials.set(official.officialId, clone(official));
    },

    getCluster: async (clusterId) => clone(state.clusters.get(clusterId) ?? null),
    async listActiveClusters(page) {
      const active = [...state.clusters.values()]
        .filter((cluster) => cluster.status === 'ACTIVE')
        .sort(byKey((cluster) => `${normalizeClusterName(cluster.name)}#${cluster.clusterId}`));
      return paged(active, page);
    },
    listMembers: async (clusterId, page) => paged(sortedMembers(clusterId), page),
    memberInnsOf: async (clusterId) => sortedMembers(clusterId).map((member) => member.inn),
    isMember: async (clusterId, inn) => state.memberships.get(clusterId)?.has(inn) ?? false,
    listPartners: async (clusterId) =>
      [...(state.partners.get(clusterId)?.values() ?? [])].sort(byKey((partner) => partner.key)).map(clone),
    isPartner: async (clusterId, key) => state.partners.get(clusterId)?.has(key) ?? false,
    async putActiveCluster(
      cluster: NewCluster,
      clusterMembers: readonly ClusterMember[],
      normalizedName: string,
      clusterPartners: readonly ClusterPartner[] = [],
    ) {
      prepareCluster(state, cluster, clusterMembers, clusterPartners);
      if (state.clusters.get(cluster.clusterId)?.status === 'PENDING') {
        activateCluster(state, cluster.clusterId, normalizedName);
      }
    },

    claimClusterName: (normalizedName, applicationId, isStale) =>
      claim(nameGuard(normalizedName), applicationId, isStale),
    claimJoinSlot: (clusterId, inn, applicationId, isStale) =>
      claim(joinGuard(clusterId, inn), applicationId, isStale),
  } satisfies Registry & Record<string, unknown>;
  return registry;
}

function inMemoryInvitations(state: State) {
  const slotOf = (invitation: Pick<Invitation, 'clusterId' | 'inviteeKey'>) =>
    `${invitation.clusterId}#${invitation.inviteeKey}`;
  const open = (invitation: Invitation | undefined, now: Date): invitation is Invitation =>
    invitation?.status === 'PENDING' && invitation.expiresAt > now.toISOString();
  const close = (invitation: Invitation, end: InvitationEnd) => {
    Object.assign(invitation, clone(end.patch ?? {}), {
      status: end.status,
      ...(end.status === 'REVOKED' ? { revokedAt: end.at } : { answeredAt: end.at }),
    });
    invitation.history.push(clone(end.event));
    const slot = state.invitationSlots.get(slotOf(invitation));
    if (slot?.holderId === invitation.invitationId) state.invitationSlots.delete(slotOf(invitation));
  };

  const invitations = {
    invitations: state.invitations,
    async create(invitation, now) {
      const slot = state.invitationSlots.get(slotOf(invitation));
      if (slot && slot.expiresAt > now.toISOString()) return { created: false, holderId: slot.holderId };
      state.invitations.set(invitation.invitationId, clone(invitation));
      state.invitationSlots.set(slotOf(invitation), {
        holderId: invitation.invitationId,
        expiresAt: invitation.expiresAt,
      });
      return { created: true };
    },
    get: async (invitationId) => clone(state.invitations.get(invitationId) ?? null),
    async listByCluster(clusterId, page) {
      const found = [...state.invitations.values()]
        .filter((invitation) => invitation.clusterId === clusterId)
        .sort(byKey((invitation) => `${invitation.createdAt}#${invitation.invitationId}`))
        .reverse();
      return paged(found, page);
    },
    async end(invitationId, end, now) {
      const invitation = state.invitations.get(invitationId);
      if (!open(invitation, now)) return false;
      close(invitation, end);
      return true;
    },
    async acceptPartner(invitationId, partner, end, now) {
      const invitation = state.invitations.get(invitationId);
      if (!open(invitation, now)) return false;
      const listed = state.partners.get(invitation.clusterId) ?? new Map<string, ClusterPartner>();
      if (state.clusters.get(invitation.clusterId)?.status !== 'ACTIVE' || listed.has(partner.key))
        return false;
      close(invitation, end);
      listed.set(partner.key, clone(partner));
      state.partners.set(invitation.clusterId, listed);
      return true;
    },
    async claimNotification(invitationId, at) {
      const invitation = state.invitations.get(invitationId);
      if (!invitation || invitation.notifiedAt) return false;
      invitation.notifiedAt = at;
      return true;
    },
    async releaseNotification(invitationId) {
      const invitation = state.invitations.get(invitationId);
      if (invitation) delete invitation.notifiedAt;
    },
  } satisfies Invitations & Record<string, unknown>;
  return invitations;
}

function inMemoryTasks(state: State) {
  const open = <T extends StoredTask>(
    ref: TaskRef,
    task: T,
    link: LinkRecord,
    input: OpenTaskInput,
  ): Opened<T> => {
    const existing = state.tasks.get(refKey(ref));
    if (!existing) {
      state.tasks.set(refKey(ref), { ...clone(task), taskToken: input.taskToken });
      const withReminders = input.remindAt?.length ? { ...link, remindAt: [...input.remindAt] } : link;
      state.links.set(link.linkId, clone(withReminders));
      return { task: clone(task), link: clone(withReminders), created: true };
    }
    if (existing.status === 'PENDING') existing.taskToken = input.taskToken;
    const stored = 'linkId' in existing ? state.links.get(existing.linkId) : undefined;
    if (!stored) throw new Error(`task ${refKey(ref)} is incomplete`);
    return { task: taskView<T>(existing) as T, link: clone(stored), created: false };
  };

  /** All or nothing, like the adapter's transaction: every condition is checked before anything changes. */
  const record = (
    ref: TaskRef,
    link: LinkRecord,
    done: (task: StoredTask) => void,
    event: HistoryEvent,
    application: { allowed: (current: Application) => boolean; change?: (current: Application) => void },
  ): RecordOutcome => {
    const stored = state.links.get(link.linkId);
    const task = state.tasks.get(refKey(ref));
    const current = state.items.get(ref.applicationId);
    if (
      !stored ||
      stored.usedAt ||
      !task ||
      task.status !== 'PENDING' ||
      !('linkId' in task) ||
      task.linkId !== link.linkId ||
      !current ||
      !application.allowed(current)
    ) {
      return 'refused';
    }
    stored.usedAt = event.at;
    done(task);
    application.change?.(current);
    state.events.push({ ...clone(event), applicationId: ref.applicationId });
    return 'recorded';
  };

  const endTasks = (
    applicationId: string,
    kinds: readonly TaskKind[],
    at: string,
    mode: 'close' | 'keepOpen',
  ) => {
    let changed = 0;
    for (const task of state.tasks.values()) {
      const kind = kindOf(task);
      if (task.applicationId !== applicationId || !kinds.includes(kind)) continue;
      if (task.status === 'PENDING' && mode === 'close') {
        Object.assign(task, { status: 'CLOSED', closedAt: at });
        delete task.taskToken;
        changed += 1;
      } else if (task.taskToken !== undefined) {
        delete task.taskToken;
        changed += 1;
      }
    }
    return changed;
  };

  const tasks = {
    tasks: state.tasks,
    links: state.links,
    getLink: async (linkId) => clone(state.links.get(linkId) ?? null),
    listReviews: async (applicationId) =>
      [...state.tasks.entries()]
        .filter(([key, task]) => key.startsWith(`${applicationId}/`) && 'expertId' in task)
        .map(([, task]) => taskView<ReviewTask>(task) as ReviewTask)
        .sort(byKey((task) => task.expertId)),
    getReview: async (applicationId, expertId) =>
      taskView<ReviewTask>(state.tasks.get(`${applicationId}/${expertId}`)),
    getSignoff: async (applicationId) => taskView<SignoffTask>(state.tasks.get(`${applicationId}/SIGNOFF`)),
    openReview: async (input) =>
      open<ReviewTask>(
        { kind: 'review', applicationId: input.applicationId, expertId: input.expertId },
        {
          applicationId: input.applicationId,
          expertId: input.expertId,
          status: 'PENDING',
          linkId: input.linkId,
          requestedAt: input.requestedAt,
        },
        {
          linkId: input.linkId,
          kind: 'review',
          applicationId: input.applicationId,
          expertId: input.expertId,
          expiresAt: input.expiresAt.toISOString(),
          createdAt: input.requestedAt,
        },
        input,
      ),
    openSignoff: async (input) =>
      open<SignoffTask>(
        { kind: 'signoff', applicationId: input.applicationId },
        {
          applicationId: input.applicationId,
          officialId: input.officialId,
          status: 'PENDING',
          linkId: input.linkId,
          requestedAt: input.requestedAt,
          ...(input.deadline ? { deadline: input.deadline } : {}),
        },
        {
          linkId: input.linkId,
          kind: 'signoff',
          applicationId: input.applicationId,
          officialId: input.officialId,
          expiresAt: input.expiresAt.toISOString(),
          createdAt: input.requestedAt,
        },
        input,
      ),
    handOverSignoff: async (input): Promise<RecordOutcome> => {
      const old = state.links.get(input.fromLinkId);
      const task = state.tasks.get(refKey({ kind: 'signoff', applicationId: input.applicationId }));
      const current = state.items.get(input.applicationId);
      if (
        !old ||
        old.usedAt ||
        !task ||
        task.status !== 'PENDING' ||
        !('linkId' in task) ||
        task.linkId !== input.fromLinkId ||
        (input.escalation && 'escalatedAt' in task && task.escalatedAt) ||
        state.links.has(input.link.linkId) ||
        current?.status !== 'AWAITING_SIGNOFF' ||
        current.signoffDecidedAt !== undefined
      ) {
        return 'refused';
      }
      const at = input.event.at;
      old.supersededBy = input.kind;
      state.links.set(input.link.linkId, clone(input.link));
      const { escalation } = input;
      Object.assign(
        task,
        { officialId: input.toOfficialId, linkId: input.link.linkId },
        escalation
          ? {
              taskToken: escalation.taskToken,
              deadline: escalation.deadline,
              escalatedAt: at,
              escalatedFrom: input.fromOfficialId,
            }
          : { delegatedAt: at, delegatedFrom: input.fromOfficialId, delegationComment: input.comment ?? '' },
      );
      delete task.notifiedAt;
      state.events.push({ ...clone(input.event), applicationId: input.applicationId });
      return 'recorded';
    },
    recordReview: async (input) =>
      record(
        { kind: 'review', applicationId: input.link.applicationId, expertId: input.expertId },
        input.link,
        (task) => Object.assign(task, { status: 'ANSWERED', answer: clone(input.answer) }),
        input.event,
        { allowed: (application) => application.status === 'IN_REVIEW' },
      ),
    recordRecusal: async (input) =>
      record(
        { kind: 'review', applicationId: input.link.applicationId, expertId: input.expertId },
        input.link,
        (task) => Object.assign(task, { status: 'RECUSED', recusal: clone(input.recusal) }),
        input.event,
        { allowed: (application) => application.status === 'IN_REVIEW' },
      ),
    recordSignoff: async (input) =>
      record(
        { kind: 'signoff', applicationId: input.link.applicationId },
        input.link,
        (task) => Object.assign(task, { status: 'DECIDED', decision: clone(input.decision) }),
        input.event,
        {
          allowed: (application) =>
            application.status === 'AWAITING_SIGNOFF' && application.signoffDecidedAt === undefined,
          change: (application) => {
            application.signoffDecidedAt = input.decision.decidedAt;
            application.updatedAt = input.decision.decidedAt;
            application.version += 1;
          },
        },
      ),
    recordReturn: async (input) =>
      record(
        { kind: 'signoff', applicationId: input.link.applicationId },
        input.link,
        (task) =>
          Object.assign(task, {
            status: 'RETURNED',
            returned: { comment: input.amendment.comment, returnedAt: input.amendment.requestedAt },
          }),
        input.event,
        {
          allowed: (application) =>
            application.status === 'AWAITING_SIGNOFF' &&
            application.signoffDecidedAt === undefined &&
            (application.rounds?.length ?? 0) < input.maxReturns,
          change: (application) => {
            application.status = 'AMENDMENT_REQUESTED';
            application.statusSince = input.amendment.requestedAt;
            application.amendment = clone(input.amendment);
            application.updatedAt = input.amendment.requestedAt;
            application.version += 1;
          },
        },
      ),
    awaitAmendment: async (input) => {
      const key = refKey({ kind: 'amendment', applicationId: input.applicationId, round: input.round });
      const existing = state.tasks.get(key);
      if (!existing) {
        state.tasks.set(key, {
          applicationId: input.applicationId,
          round: input.round,
          status: 'PENDING',
          requestedAt: input.requestedAt,
          taskToken: input.taskToken,
        });
      } else if (existing.status === 'PENDING') existing.taskToken = input.taskToken;
    },
    clearRound: async (applicationId) => {
      const stale = [...state.tasks.entries()].filter(
        ([key, task]) => key.startsWith(`${applicationId}/`) && kindOf(task) !== 'amendment',
      );
      for (const [key] of stale) state.tasks.delete(key);
      const roster = state.rosters.delete(applicationId) ? 1 : 0;
      return stale.length + roster;
    },
    taskToken: async (ref) => state.tasks.get(refKey(ref))?.taskToken ?? null,
    clearTaskToken: async (ref, token) => {
      const task = state.tasks.get(refKey(ref));
      if (task?.taskToken === token) delete task.taskToken;
    },
    closeTasks: async (applicationId, kinds, at) => endTasks(applicationId, kinds, at, 'close'),
    forgetTaskTokens: async (applicationId, kinds) => endTasks(applicationId, kinds, '', 'keepOpen'),
    claimNotification: async (ref, at) => {
      const task = state.tasks.get(refKey(ref));
      if (!task || task.notifiedAt) return false;
      task.notifiedAt = at;
      return true;
    },
    releaseNotification: async (ref) => {
      const task = state.tasks.get(refKey(ref));
      if (task) delete task.notifiedAt;
    },
    ...inMemoryConsents(state),
  } satisfies Tasks & Record<string, unknown>;
  return tasks;
}

/** Reminders over the links, as the adapter keeps them (shared/adapters/tasks/reminders.ts). */
function inMemoryReminders(links: Map<string, LinkRecord>): Reminders {
  const remaining = (reminder: DueReminder) =>
    (reminder.link.remindAt ?? []).filter((time) => time > reminder.dueAt);
  return {
    async due(now, page) {
      // The cursor is the index key (`<dueAt>#<linkId>`) of the last one listed, as DynamoDB's is.
      const after = page.cursor ? Buffer.from(page.cursor, 'base64url').toString('utf8') : '';
      const due = [...links.values()]
        .flatMap((link) => {
          const next = link.remindAt?.[0];
          const key = `${next}#${link.linkId}`;
          return next && next <= now && key > after ? [{ key, link: clone(link), dueAt: next }] : [];
        })
        .sort(byKey((reminder) => reminder.key));
      const listed = due.slice(0, page.limit);
      const last = listed.at(-1);
      return {
        items: listed.map(({ link, dueAt }) => ({ link, dueAt })),
        // As DynamoDB's LastEvaluatedKey: set whenever the limit ended the read, more or not.
        next: listed.length === page.limit && last ? Buffer.from(last.key).toString('base64url') : null,
      };
    },
    async take(reminder, now) {
      const stored = links.get(reminder.link.linkId);
      if (stored?.remindAt?.[0] !== reminder.dueAt) return false;
      const rest = remaining(reminder).filter((time) => time > now);
      if (rest.length > 0) stored.remindAt = rest;
      else delete stored.remindAt;
      return true;
    },
    async putBack(reminder) {
      const stored = links.get(reminder.link.linkId);
      if (stored) stored.remindAt = [reminder.dueAt, ...remaining(reminder)];
    },
    async drop(linkId) {
      const stored = links.get(linkId);
      if (stored) delete stored.remindAt;
    },
  };
}

/** The consent stage as the adapter keeps it (shared/adapters/tasks/consents.ts): same conditions, same order. */
function inMemoryConsents(state: State) {
  const stageKey = (applicationId: string) => refKey({ kind: 'consent', applicationId });
  const stageOf = (applicationId: string) =>
    state.tasks.get(stageKey(applicationId)) as (ConsentStage & { taskToken?: string }) | undefined;
  const requestsOf = (applicationId: string): ConsentRequest[] =>
    (state.rosters.get(applicationId) ?? []).flatMap((linkId) => {
      const request = state.links.get(linkId);
      return request ? [clone(request as ConsentRequest)] : [];
    });
  return {
    openConsentStage: async (input) => {
      const { applicationId } = input;
      if (!state.rosters.has(applicationId)) {
        state.rosters.set(
          applicationId,
          input.requests.map((request) => request.linkId),
        );
      }
      const linkIds = state.rosters.get(applicationId) ?? [];
      for (const [index, linkId] of linkIds.entries()) {
        if (state.links.has(linkId)) continue;
        const party = input.requests[index]?.party;
        if (!party) throw new Error(`consent roster of ${applicationId} names more parties than asked`);
        state.links.set(linkId, {
          linkId,
          kind: 'consent',
          applicationId,
          party: clone(party),
          status: 'PENDING',
          expiresAt: input.expiresAt.toISOString(),
          createdAt: input.requestedAt,
          ...(input.remindAt?.length ? { remindAt: [...input.remindAt] } : {}),
        } satisfies ConsentRequest);
      }
      if (!stageOf(applicationId)) {
        state.tasks.set(stageKey(applicationId), {
          applicationId,
          status: 'PENDING',
          asked: linkIds.length,
          pending: linkIds.length,
          confirmed: 0,
          declined: 0,
          deadline: input.deadline,
          requestedAt: input.requestedAt,
        });
      }
      return {
        stage: taskView<ConsentStage>(stageOf(applicationId)) as ConsentStage,
        requests: requestsOf(applicationId),
      };
    },
    consentStage: async (applicationId) => taskView<ConsentStage>(stageOf(applicationId)),
    awaitConsents: async (applicationId, taskToken) => {
      const stage = stageOf(applicationId);
      if (stage?.status !== 'PENDING') return null;
      stage.taskToken = taskToken;
      return taskView<ConsentStage>(stage);
    },
    listConsentRequests: async (applicationId) => requestsOf(applicationId),
    getConsentRequest: async (linkId) => {
      const link = state.links.get(linkId);
      return link?.kind === 'consent' ? clone(link as ConsentRequest) : null;
    },
    recordConsent: async ({ request, answer, event }) => {
      const stored = state.links.get(request.linkId) as ConsentRequest | undefined;
      const stage = stageOf(request.applicationId);
      const current = state.items.get(request.applicationId);
      if (
        !stored ||
        stored.usedAt ||
        stored.status !== 'PENDING' ||
        !stage ||
        stage.status !== 'PENDING' ||
        stage.pending <= 0 ||
        current?.status !== 'AWAITING_CONSENT'
      ) {
        return 'refused';
      }
      const confirmed = answer.answer === 'CONFIRM';
      Object.assign(stored, {
        usedAt: answer.answeredAt,
        status: confirmed ? 'CONFIRMED' : 'DECLINED',
        answer: clone(answer),
      });
      stage.pending -= 1;
      if (confirmed) stage.confirmed += 1;
      else stage.declined += 1;
      state.events.push({ ...clone(event), applicationId: request.applicationId });
      return 'recorded';
    },
    claimLinkNotification: async (linkId, at) => {
      const link = state.links.get(linkId) as ConsentRequest | undefined;
      if (!link || link.notifiedAt) return false;
      link.notifiedAt = at;
      return true;
    },
    releaseLinkNotification: async (linkId) => {
      const link = state.links.get(linkId) as ConsentRequest | undefined;
      if (link) delete link.notifiedAt;
    },
  } satisfies Partial<Tasks>;
}

export type InMemoryStores = ReturnType<typeof inMemoryStores>;

/** The three stores over one state, seeded with applications. */
export function inMemoryStores(...seed: Application[]) {
  const state: State = {
    items: new Map(seed.map((application) => [application.applicationId, clone(application)])),
    events: [],
    notices: new Set(),
    organizations: new Map(),
    sectorListings: new Map(),
    experts: new Map(),
    officials: new Map(),
    clusters: new Map(),
    memberships: new Map(),
    partners: new Map(),
    invitations: new Map(),
    invitationSlots: new Map(),
    guards: new Map(),
    tasks: new Map(),
    links: new Map(),
    rosters: new Map(),
  };
  const applications = inMemoryApplications(state);
  const tasks = inMemoryTasks(state);
  const world = {
    applications,
    registry: inMemoryRegistry(state),
    tasks,
    reminders: inMemoryReminders(state.links),
    invitations: inMemoryInvitations(state),
  };
  worlds.set(applications, world);
  return world;
}

const worlds = new WeakMap<object, { tasks: ReturnType<typeof inMemoryTasks> }>();

/** The application store of a fresh in-memory world (tests of the link use-cases). */
export function fakeApplications(...seed: Application[]) {
  return inMemoryStores(...seed).applications;
}

/** The task store of the same world as `applications`. */
export function fakeTasks(applications: ReturnType<typeof fakeApplications>) {
  const world = worlds.get(applications);
  if (!world) throw new Error('fakeTasks needs the applications of fakeApplications()');
  return world.tasks;
}

export function fakeWorkflow(outcome: 'resumed' | 'gone' = 'resumed') {
  const resumed: Array<{ token: string; output: unknown }> = [];
  const failed: Array<{ token: string; error: string; cause: string }> = [];
  return {
    resumed,
    failed,
    resumeTask: async (token: string, output: unknown) => {
      resumed.push({ token, output });
      return outcome;
    },
    failTask: async (token: string, error: string, cause: string) => {
      failed.push({ token, error, cause });
      return outcome;
    },
  };
}

/** A robotics expert of the city with one open review, affiliated with an organization of its own. */
export const testExpert = (expertId: string, overrides: Partial<Expert> = {}): Expert => ({
  expertId,
  name: `Expert ${expertId}`,
  email: `${expertId}@experts.example.org`,
  institution: 'CITY',
  sectors: ['robotics'],
  affiliationInn: makeInn(30_000 + Number.parseInt(expertId.replace(/\D/g, ''), 10), 'legal'),
  openAssignments: 1,
  ...overrides,
});

/** The step config of the review and sign-off use-cases, with the programme's defaults. */
export const stepConfig = (overrides: { maxReplacementsPerApplication?: number } = {}) => ({
  publicBaseUrl: 'https://clusters.example.city',
  signoffTimeoutSeconds: 14 * 24 * 3600,
  expertsPerCreate: 3,
  expertsPerJoin: 1,
  reviewTimeoutSeconds: 10 * 24 * 3600,
  maxReplacementsPerApplication: 3,
  ...overrides,
});

/** What an AWS client throws when throttled: a transient failure, to be retried. */
export const throttledError = () =>
  Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });

export function fakeMailer() {
  const sent: Array<{ to: string[]; subject: string; text: string; html: string }> = [];
  return { sent, send: async (message: (typeof sent)[number]) => void sent.push(message) };
}

export function application(overrides: Partial<Application> = {}): Application {
  return {
    applicationId: 'app_0000000000test',
    type: 'CREATE_CLUSTER',
    status: 'IN_REVIEW',
    applicantInn: '7707083893',
    contactEmail: 'a@example.org',
    createdAt: '2026-03-01T10:00:00.000Z',
    updatedAt: '2026-03-01T10:00:00.000Z',
    version: 3,
    requestHash: 'hash',
    cluster: {
      name: 'Cluster <script>alert(1)</script>',
      sectors: ['robotics'],
      project: { title: 'Joint robots', summary: 'A & B build "robots"' },
    },
    memberInns: ['7707083893'],
    eligibility: { eligible: true, reasons: [] },
    review: {
      expertIds: ['exp_1', 'exp_2', 'exp_3'],
      deadline: '2026-03-11T10:00:00.000Z',
      usedRelatedSectors: false,
    },
    tally: null,
    decision: null,
    ...overrides,
  };
}

export function fakeRegistry() {
  return {
    getCluster: async () => null,
    getOrganization: async (inn: string) => ({
      inn,
      ogrn: '1027700132195',
      name: 'ООО "Ромашка" & Co',
      sectors: ['robotics' as const],
      status: 'ACTIVE' as const,
      email: 'org@example.org',
    }),
    getOrganizations: async (inns: readonly string[]) =>
      new Map(
        inns.map((inn) => [
          inn,
          {
            inn,
            ogrn: '1',
            name: `Org ${inn}`,
            sectors: ['robotics' as const],
            status: 'ACTIVE' as const,
            email: 'o@example.org',
          },
        ]),
      ),
    getExpert: async (expertId: string) => ({
      expertId,
      name: `Expert ${expertId}`,
      email: `${expertId}@experts.example.org`,
      institution: 'CITY' as const,
      sectors: ['robotics' as const],
      affiliationInn: '0000000000',
      openAssignments: 1,
    }),
    listOfficials: async () => [
      {
        officialId: 'off_b',
        name: 'Official B',
        email: 'b@dept.example',
        role: 'OFFICIAL' as const,
        active: true,
        position: 'Head',
      },
      {
        officialId: 'off_a',
        name: 'Official A',
        email: 'a@dept.example',
        role: 'OFFICIAL' as const,
        active: true,
        position: 'Deputy',
      },
    ],
    getOfficial: async (officialId: string) => ({
      officialId,
      name: `Official ${officialId}`,
      email: 'x@dept.example',
      role: 'OFFICIAL' as const,
      active: true,
      position: 'Head',
    }),
  };
}

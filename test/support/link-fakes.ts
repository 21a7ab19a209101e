import type { Application, HistoryEvent } from '#shared/domain/application';
import type {
  LinkRecord,
  Opened,
  OpenTaskInput,
  RecordOutcome,
  ReviewAnswerRecord,
  ReviewTask,
  SignoffDecisionRecord,
  SignoffTask,
  TaskRef,
} from '#shared/domain/tasks';
import type { KeyRing, KeySource } from '#shared/links/key-ring';
import { linkSigner } from '#shared/links/signer';

/**
 * In-memory stand-ins for the link use-cases' ports, keeping the same
 * conditions as the DynamoDB adapter (a link works once, a task is answered
 * once, the application must still be waiting).
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

export function fakeApplications(...seed: Application[]) {
  const items = new Map(seed.map((application) => [application.applicationId, structuredClone(application)]));
  const events: Array<HistoryEvent & { applicationId: string }> = [];
  return {
    items,
    events,
    get: async (applicationId: string) => structuredClone(items.get(applicationId) ?? null),
  };
}

const refKey = (ref: TaskRef) =>
  ref.kind === 'review' ? `${ref.applicationId}/${ref.expertId}` : `${ref.applicationId}/SIGNOFF`;

type StoredTask = (ReviewTask | SignoffTask) & { taskToken?: string };

export function fakeTasks(applications: ReturnType<typeof fakeApplications>) {
  const tasks = new Map<string, StoredTask>();
  const links = new Map<string, LinkRecord>();

  const open = <T extends StoredTask>(
    ref: TaskRef,
    task: T,
    link: LinkRecord,
    input: OpenTaskInput,
  ): Opened<T> => {
    const existing = tasks.get(refKey(ref)) as T | undefined;
    if (!existing) {
      tasks.set(refKey(ref), { ...task, taskToken: input.taskToken });
      links.set(link.linkId, link);
      return { task, link, created: true };
    }
    if (existing.status === 'PENDING') existing.taskToken = input.taskToken;
    const { taskToken: _token, ...view } = existing;
    return { task: view as T, link: links.get(existing.linkId) as LinkRecord, created: false };
  };

  const record = (
    ref: TaskRef,
    link: LinkRecord,
    done: (task: StoredTask) => void,
    event: HistoryEvent,
    application: (current: Application) => boolean,
  ): RecordOutcome => {
    const stored = links.get(link.linkId);
    const task = tasks.get(refKey(ref));
    const current = applications.items.get(ref.applicationId);
    if (!stored || stored.usedAt || !task || task.status !== 'PENDING' || !current || !application(current)) {
      return 'refused';
    }
    stored.usedAt = event.at;
    done(task);
    applications.events.push({ ...event, applicationId: ref.applicationId });
    return 'recorded';
  };

  return {
    tasks,
    links,
    getLink: async (linkId: string) => structuredClone(links.get(linkId) ?? null),
    getReview: async (applicationId: string, expertId: string) =>
      view<ReviewTask>(tasks.get(`${applicationId}/${expertId}`)),
    getSignoff: async (applicationId: string) => view<SignoffTask>(tasks.get(`${applicationId}/SIGNOFF`)),
    listReviews: async (applicationId: string) =>
      [...tasks.entries()]
        .filter(([key, task]) => key.startsWith(`${applicationId}/`) && 'expertId' in task)
        .map(([, task]) => view<ReviewTask>(task) as ReviewTask),
    openReview: async (input: OpenTaskInput & { expertId: string }) =>
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
    openSignoff: async (input: OpenTaskInput & { officialId: string }) =>
      open<SignoffTask>(
        { kind: 'signoff', applicationId: input.applicationId },
        {
          applicationId: input.applicationId,
          officialId: input.officialId,
          status: 'PENDING',
          linkId: input.linkId,
          requestedAt: input.requestedAt,
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
    recordReview: async (input: {
      link: LinkRecord;
      expertId: string;
      answer: ReviewAnswerRecord;
      event: HistoryEvent;
    }) =>
      record(
        { kind: 'review', applicationId: input.link.applicationId, expertId: input.expertId },
        input.link,
        (task) => Object.assign(task, { status: 'ANSWERED', answer: input.answer }),
        input.event,
        (application) => application.status === 'IN_REVIEW',
      ),
    recordSignoff: async (input: {
      link: LinkRecord;
      decision: SignoffDecisionRecord;
      event: HistoryEvent;
    }) =>
      record(
        { kind: 'signoff', applicationId: input.link.applicationId },
        input.link,
        (task) => Object.assign(task, { status: 'DECIDED', decision: input.decision }),
        input.event,
        (application) => {
          if (application.status !== 'AWAITING_SIGNOFF' || application.signoffDecidedAt) return false;
          application.signoffDecidedAt = input.decision.decidedAt;
          application.version += 1;
          return true;
        },
      ),
    taskToken: async (ref: TaskRef) => tasks.get(refKey(ref))?.taskToken ?? null,
    clearTaskToken: async (ref: TaskRef, token: string) => {
      const task = tasks.get(refKey(ref));
      if (task?.taskToken === token) delete task.taskToken;
    },
    claimNotification: async (ref: TaskRef, at: string) => {
      const task = tasks.get(refKey(ref));
      if (!task || task.notifiedAt) return false;
      task.notifiedAt = at;
      return true;
    },
    releaseNotification: async (ref: TaskRef) => {
      const task = tasks.get(refKey(ref));
      if (task) delete task.notifiedAt;
    },
  };
}

function view<T>(task: StoredTask | undefined): T | null {
  if (!task) return null;
  const { taskToken: _token, ...rest } = structuredClone(task);
  return rest as T;
}

export function fakeWorkflow(outcome: 'resumed' | 'gone' = 'resumed') {
  const resumed: Array<{ token: string; output: unknown }> = [];
  return {
    resumed,
    resumeTask: async (token: string, output: unknown) => {
      resumed.push({ token, output });
      return outcome;
    },
  };
}

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
      sectors: ['robotics' as const],
      affiliationInn: '0000000000',
      openAssignments: 1,
    }),
    listOfficials: async () => [
      { officialId: 'off_b', name: 'Official B', email: 'b@dept.example', position: 'Head' },
      { officialId: 'off_a', name: 'Official A', email: 'a@dept.example', position: 'Deputy' },
    ],
    getOfficial: async (officialId: string) => ({
      officialId,
      name: `Official ${officialId}`,
      email: 'x@dept.example',
      position: 'Head',
    }),
  };
}

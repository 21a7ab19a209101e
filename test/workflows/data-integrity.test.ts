import { beforeAll, describe, expect, it } from 'vitest';
import { dynamoApplicationStore } from '#shared/adapters/application-store';
import { documentClient } from '#shared/adapters/dynamodb';
import { dynamoRegistryStore } from '#shared/adapters/registry-store';
import { dynamoTaskStore } from '#shared/adapters/task-store';
import type { Application } from '#shared/domain/application';
import { makeInn, makeOgrn } from '#shared/domain/inn';
import type { Organization } from '#shared/domain/registry';
import type { SignoffTask } from '#shared/domain/tasks';
import { ConflictError } from '#shared/errors';
import { clusterIdFor } from '#shared/ids';
import type { SubmitApplicationRequest } from '#shared/schemas/api';
import { applyDecision } from '#shared/use-cases/apply-decision';
import { checkEligibility } from '#shared/use-cases/check-eligibility';
import { submitApplication } from '#shared/use-cases/submit-application';
import { withdrawApplication } from '#shared/use-cases/withdraw-application';
import { suiteDynamoDbEndpoint } from '#test/support/lanes';
import { createTestTable } from '#test/support/test-table';

/**
 * The adapters and use-cases against real DynamoDB Local: conditional
 * writes, transactions and batch limits behave as they will in AWS.
 */
const clock = { now: () => new Date() };
const mails: Array<{ to: string[]; subject: string }> = [];
const mailer = { send: async (message: { to: string[]; subject: string }) => void mails.push(message) };
const started: string[] = [];
const workflow = {
  start: async ({ applicationId }: { applicationId: string }) => void started.push(applicationId),
  stop: async () => {},
};

let applications: ReturnType<typeof dynamoApplicationStore>;
let registry: ReturnType<typeof dynamoRegistryStore>;
let taskStore: ReturnType<typeof dynamoTaskStore>;
const organizations: Organization[] = Array.from({ length: 2000 }, (_, index) => ({
  inn: makeInn(900_000 + index, 'legal'),
  ogrn: makeOgrn(900_000 + index),
  name: `Org ${index}`,
  sectors: ['robotics'],
  status: 'ACTIVE',
  email: `org${index}@example.org`,
}));

beforeAll(async () => {
  const tableName = await createTestTable(suiteDynamoDbEndpoint());
  applications = dynamoApplicationStore(documentClient, tableName);
  registry = dynamoRegistryStore(documentClient, tableName);
  taskStore = dynamoTaskStore(documentClient, tableName);
  await registry.putOrganizations(organizations);
});

function createRequest(
  name: string,
  memberCount: number,
  applicant = organizations[0],
): SubmitApplicationRequest {
  const members = organizations.slice(0, memberCount).map((org) => org.inn);
  return {
    type: 'CREATE_CLUSTER',
    applicantInn: applicant?.inn ?? '',
    contactEmail: 'a@example.org',
    cluster: { name, sectors: ['robotics'], project: { title: 'T', summary: 'S' } },
    memberInns: members,
  };
}

const submitDeps = () => ({ applications, registry, workflow, mailer, clock, tasks: taskStore });

async function awaitingSignoff(request: SubmitApplicationRequest): Promise<Application> {
  const { application } = await submitApplication(request, { inn: request.applicantInn }, submitDeps());
  for (const [from, to] of [
    ['SUBMITTED', 'CHECKING_ELIGIBILITY'],
    ['CHECKING_ELIGIBILITY', 'IN_REVIEW'],
    ['IN_REVIEW', 'AWAITING_SIGNOFF'],
  ] as const) {
    await applications.transition({
      applicationId: application.applicationId,
      from: [from],
      to,
      at: clock.now().toISOString(),
      action: 'TEST',
      actor: 'test',
    });
  }
  return application;
}

const approvedSignoff = (applicationId: string) => ({
  getSignoff: async (): Promise<SignoffTask> => ({
    applicationId,
    officialId: 'off_1',
    status: 'DECIDED',
    linkId: 'lnk',
    requestedAt: clock.now().toISOString(),
    decision: { outcome: 'APPROVED', comment: 'ok', decidedAt: clock.now().toISOString() },
  }),
});

describe('status changes', () => {
  it('lets exactly one of two concurrent writers change the status', async () => {
    const application = await awaitingSignoff(createRequest('Race Cluster', 30));
    const at = clock.now().toISOString();
    const results = await Promise.all(
      (['APPROVED', 'WITHDRAWN', 'REJECTED', 'EXPIRED'] as const).map((to) =>
        applications.transition({
          applicationId: application.applicationId,
          from: ['AWAITING_SIGNOFF'],
          to,
          at,
          action: to,
          actor: 'test',
        }),
      ),
    );
    expect(results.filter((result) => result.changed)).toHaveLength(1);
    const history = await applications.history(application.applicationId);
    expect(
      history.filter(
        (event) => event.status && ['APPROVED', 'WITHDRAWN', 'REJECTED', 'EXPIRED'].includes(event.status),
      ),
    ).toHaveLength(1);
  });

  it('refuses withdrawal once an official decided', async () => {
    const application = await awaitingSignoff(createRequest('Decided Cluster', 30));
    await applications.update(application.applicationId, { signoffDecidedAt: clock.now().toISOString() });
    await expect(
      withdrawApplication(application.applicationId, application.applicantInn, { ...submitDeps() }),
    ).rejects.toBeInstanceOf(ConflictError);
  });
});

describe('idempotent submission', () => {
  it('creates one application for 20 concurrent submits with one key, and refuses another body', async () => {
    const request = createRequest('Idempotent Cluster', 30, organizations[5]);
    const replies = await Promise.all(
      Array.from({ length: 20 }, () =>
        submitApplication(request, { inn: request.applicantInn, idempotencyKey: 'key-1' }, submitDeps()),
      ),
    );
    const ids = new Set(replies.map((reply) => reply.application.applicationId));
    expect(ids.size).toBe(1);
    expect(replies.filter((reply) => reply.created)).toHaveLength(1);
    await expect(
      submitApplication(
        { ...request, contactEmail: 'other@example.org' },
        { inn: request.applicantInn, idempotencyKey: 'key-1' },
        submitDeps(),
      ),
    ).rejects.toBeInstanceOf(ConflictError);
  });
});

describe('cluster names', () => {
  it('lets one open application hold a name, frees it when that application closes', async () => {
    const first = await submitApplication(
      createRequest('Shared  NAME cluster', 30, organizations[1]),
      { inn: organizations[1]?.inn ?? '' },
      submitDeps(),
    );
    const second = await submitApplication(
      createRequest('shared name CLUSTER', 30, organizations[2]),
      { inn: organizations[2]?.inn ?? '' },
      submitDeps(),
    );
    const deps = { applications, registry, tasks: taskStore, clock };

    expect(await checkEligibility(first.application.applicationId, deps)).toEqual({
      eligible: true,
      needsConsent: true,
    });
    expect(await checkEligibility(second.application.applicationId, deps)).toEqual({
      eligible: false,
      needsConsent: false,
    });
    const rejected = await applications.get(second.application.applicationId);
    expect(rejected?.eligibility?.reasons.map((reason) => reason.code)).toEqual([
      'DUPLICATE_OPEN_APPLICATION',
    ]);

    await withdrawApplication(first.application.applicationId, organizations[1]?.inn ?? '', submitDeps());
    const third = await submitApplication(
      createRequest('Shared Name Cluster', 30, organizations[3]),
      { inn: organizations[3]?.inn ?? '' },
      submitDeps(),
    );
    expect(await checkEligibility(third.application.applicationId, deps)).toEqual({
      eligible: true,
      needsConsent: true,
    });
  });
});

describe('applying an approved create application', () => {
  it('creates a 2,000-member cluster all at once, invisible until complete, and safe to retry', async () => {
    const application = await awaitingSignoff(createRequest('Two Thousand Cluster', 2000, organizations[10]));
    const clusterId = clusterIdFor(application.applicationId);

    // A crash after the memberships were written but before activation leaves nothing visible.
    await registry.prepareCluster(
      {
        clusterId,
        name: 'Two Thousand Cluster',
        sectors: ['robotics'],
        createdAt: clock.now().toISOString(),
      },
      organizations
        .slice(0, 2000)
        .map((org) => ({ inn: org.inn, name: org.name, joinedAt: clock.now().toISOString() })),
    );
    const listed = await registry.listActiveClusters({ limit: 100 });
    expect(listed.items.map((cluster) => cluster.clusterId)).not.toContain(clusterId);
    expect((await registry.getCluster(clusterId))?.status).toBe('PENDING');

    const deps = { applications, registry, tasks: approvedSignoff(application.applicationId), clock };
    expect(await applyDecision(application.applicationId, deps)).toEqual({ outcome: 'APPROVED' });
    expect(await applyDecision(application.applicationId, deps)).toEqual({ outcome: 'APPROVED' });

    const cluster = await registry.getCluster(clusterId);
    expect(cluster).toMatchObject({ status: 'ACTIVE', memberCount: 2000 });
    expect(await registry.memberInnsOf(clusterId)).toHaveLength(2000);
    expect((await applications.get(application.applicationId))?.status).toBe('APPROVED');
  });

  it('leaves no active cluster when the approval loses a race', async () => {
    const application = await awaitingSignoff(createRequest('Lost Race Cluster', 30, organizations[20]));
    await applications.transition({
      applicationId: application.applicationId,
      from: ['AWAITING_SIGNOFF'],
      to: 'WITHDRAWN',
      at: clock.now().toISOString(),
      action: 'WITHDRAWN',
      actor: 'test',
    });
    const deps = { applications, registry, tasks: approvedSignoff(application.applicationId), clock };
    await expect(applyDecision(application.applicationId, deps)).rejects.toThrow(/WITHDRAWN/);
    expect(await registry.getCluster(clusterIdFor(application.applicationId))).toBeNull();
  });
});

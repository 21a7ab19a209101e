import type { Application } from '#shared/domain/application';
import {
  amendmentRequestedEmail,
  applicationIneligibleEmail,
  applicationOutcomeEmail,
  applicationSubmittedEmail,
} from '#shared/notifications/emails';
import type { Applications, Clock, Mailer, Registry } from '#shared/use-cases/ports';
import { sendOnce } from '#shared/use-cases/send-once';

export interface NotifyDeps {
  applications: Pick<Applications, 'get' | 'claimNotice' | 'releaseNotice' | 'appendEvent'>;
  registry: Pick<Registry, 'getCluster'>;
  mailer: Mailer;
  clock: Clock;
}

type Notice =
  | 'SUBMITTED'
  | 'INELIGIBLE'
  | 'AMENDMENT_REQUESTED'
  | 'APPROVED'
  | 'REJECTED'
  | 'EXPIRED'
  | 'FAILED'
  | 'WITHDRAWN'
  | 'CANCELLED';

/** Once per application and notice; a return for amendment once per round (there may be two). */
const noticeKey = (application: Application, kind: Notice) =>
  kind === 'AMENDMENT_REQUESTED' ? `${kind}#${application.amendment?.round ?? 1}` : kind;

async function clusterNameOf(application: Application, registry: NotifyDeps['registry']): Promise<string> {
  if (application.cluster) return application.cluster.name;
  const cluster = application.clusterId ? await registry.getCluster(application.clusterId) : null;
  return cluster?.name ?? application.clusterId ?? '';
}

function message(kind: Notice, application: Application, clusterName: string) {
  const common = { applicationId: application.applicationId, type: application.type, clusterName };
  switch (kind) {
    case 'SUBMITTED':
      return applicationSubmittedEmail(common);
    case 'INELIGIBLE':
      return applicationIneligibleEmail({ ...common, reasons: application.eligibility?.reasons ?? [] });
    case 'AMENDMENT_REQUESTED': {
      const amendment = application.amendment;
      if (!amendment) throw new Error(`application ${application.applicationId} has no amendment to notify`);
      return amendmentRequestedEmail({
        ...common,
        comment: amendment.comment,
        deadline: amendment.deadline,
        round: amendment.round,
      });
    }
    default:
      return applicationOutcomeEmail({
        ...common,
        status: kind,
        comment: kind === 'CANCELLED' ? application.cancellation?.reason : application.decision?.comment,
        clusterId: application.createdClusterId ?? application.clusterId,
      });
  }
}

/** Emails the applicant, at most once per application and notice, whatever retries happen. */
export async function sendNotice(application: Application, kind: Notice, deps: NotifyDeps): Promise<boolean> {
  const at = deps.clock.now().toISOString();
  const sent = await sendOnce({
    claim: () => deps.applications.claimNotice(application.applicationId, noticeKey(application, kind), at),
    send: async () => {
      const email = message(kind, application, await clusterNameOf(application, deps.registry));
      await deps.mailer.send({ to: [application.contactEmail], ...email });
    },
    release: () => deps.applications.releaseNotice(application.applicationId, noticeKey(application, kind)),
  });
  if (!sent) return false;
  await deps.applications.appendEvent(application.applicationId, {
    at,
    action: 'APPLICANT_NOTIFIED',
    actor: 'system',
    detail: {
      notice: kind,
      ...(kind === 'AMENDMENT_REQUESTED' ? { round: application.amendment?.round } : {}),
    },
  });
  return true;
}

const NOTICE_FOR_STATUS: Partial<Record<Application['status'], Notice>> = {
  INELIGIBLE: 'INELIGIBLE',
  APPROVED: 'APPROVED',
  REJECTED: 'REJECTED',
  EXPIRED: 'EXPIRED',
  FAILED: 'FAILED',
  WITHDRAWN: 'WITHDRAWN',
};

/** The workflow's last step: tells the applicant how the application ended. */
export async function notifyApplicant(
  applicationId: string,
  deps: NotifyDeps,
): Promise<{ notified: boolean }> {
  const application = await deps.applications.get(applicationId);
  const kind = application ? NOTICE_FOR_STATUS[application.status] : undefined;
  if (!application || !kind) return { notified: false };
  return { notified: await sendNotice(application, kind, deps) };
}

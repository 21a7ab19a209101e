import { forEachLimited } from '#shared/concurrency';
import { type Application, isOpen } from '#shared/domain/application';
import type { ConsentRequest, LinkRecord } from '#shared/domain/tasks';
import { linkUrl } from '#shared/links/signature';
import type { LinkSigner } from '#shared/links/signer';
import { logger } from '#shared/logger';
import { type ReminderTask, taskReminderEmail } from '#shared/notifications/emails';
import type { LinkConfig } from '#shared/use-cases/callback-tasks';
import type {
  Applications,
  Clock,
  DueReminder,
  Mailer,
  Registry,
  Reminders,
  Tasks,
} from '#shared/use-cases/ports';

export interface SendRemindersDeps {
  reminders: Reminders;
  tasks: Pick<Tasks, 'getReview' | 'getSignoff'>;
  applications: Pick<Applications, 'get'>;
  registry: Pick<Registry, 'getExpert' | 'getOfficial' | 'getCluster'>;
  signer: Pick<LinkSigner, 'sign'>;
  mailer: Mailer;
  clock: Clock;
  config: Pick<LinkConfig, 'publicBaseUrl'>;
}

export interface SweepReport {
  sent: number;
  /** Due reminders of tasks no longer waiting for that person: dropped unsent. */
  dropped: number;
  /** Taken by another sweep running at the same time. */
  skipped: number;
  /** Not sent (the email failed): put back for the next sweep. */
  failed: number;
}

/** Who is to be reminded, and of what: null when the link's task no longer waits for them. */
interface Recipient {
  task: ReminderTask;
  name: string;
  email: string;
}

/** The application's stage in which each kind of task still takes answers. */
const STAGE_OF: Record<ReminderTask, Application['status']> = {
  review: 'IN_REVIEW',
  signoff: 'AWAITING_SIGNOFF',
  consent: 'AWAITING_CONSENT',
};

async function recipientOf(
  link: LinkRecord,
  application: Application,
  deps: SendRemindersDeps,
): Promise<Recipient | null> {
  if (link.usedAt || application.status !== STAGE_OF[link.kind]) return null;
  if (link.kind === 'consent') {
    // A consent link is its own request, read consistently by `due`: its status is already here.
    const request = link as ConsentRequest;
    if (request.status !== 'PENDING') return null;
    return { task: 'consent', name: request.party.name, email: request.party.email };
  }
  if (link.kind === 'review') {
    const task = link.expertId ? await deps.tasks.getReview(link.applicationId, link.expertId) : null;
    if (task?.status !== 'PENDING' || task.linkId !== link.linkId) return null;
    const expert = await deps.registry.getExpert(task.expertId);
    return expert ? { task: 'review', name: expert.name, email: expert.email } : null;
  }
  const task = await deps.tasks.getSignoff(link.applicationId);
  if (task?.status !== 'PENDING' || task.linkId !== link.linkId || application.signoffDecidedAt) return null;
  const official = await deps.registry.getOfficial(task.officialId);
  return official ? { task: 'signoff', name: official.name, email: official.email } : null;
}

async function clusterNameOf(application: Application, deps: SendRemindersDeps): Promise<string> {
  if (application.cluster) return application.cluster.name;
  const cluster = application.clusterId ? await deps.registry.getCluster(application.clusterId) : null;
  return cluster?.name ?? application.clusterId ?? '';
}

/** Sends one due reminder, if its task still waits for the person: 'sent', 'dropped' or 'skipped'. */
async function remind(
  reminder: DueReminder,
  now: string,
  deps: SendRemindersDeps,
): Promise<keyof SweepReport> {
  const { link } = reminder;
  if (!(await deps.reminders.take(reminder, now))) return 'skipped';
  const application = await deps.applications.get(link.applicationId);
  const recipient =
    application && isOpen(application.status) ? await recipientOf(link, application, deps) : null;
  if (!application || !recipient) {
    await deps.reminders.drop(link.linkId);
    return 'dropped';
  }
  try {
    const params = await deps.signer.sign({
      linkId: link.linkId,
      scope: link.kind,
      expiresAt: new Date(link.expiresAt),
    });
    await deps.mailer.send({
      to: [recipient.email],
      ...taskReminderEmail({
        applicationId: application.applicationId,
        type: application.type,
        clusterName: await clusterNameOf(application, deps),
        task: recipient.task,
        recipientName: recipient.name,
        deadline: link.expiresAt,
        link: linkUrl(deps.config.publicBaseUrl, params),
      }),
    });
    return 'sent';
  } catch (error) {
    await deps.reminders.putBack(reminder);
    logger.warn('reminder not sent: put back for the next sweep', {
      applicationId: link.applicationId,
      task: link.kind,
      errorName: (error as Error).name,
    });
    return 'failed';
  }
}

/**
 * The scheduled sweep: every reminder due by now is sent once, with the
 * same signed link as the request, to the person the task still waits for;
 * a task answered, reassigned or closed (withdrawn, expired, stage over)
 * gets none. A page of due reminders at a time, a few in parallel, until
 * none is left or the time budget is spent (the next sweep goes on).
 */
export async function sendDueReminders(
  deps: SendRemindersDeps,
  options: { pageSize?: number; parallel?: number; budgetMs?: number } = {},
): Promise<SweepReport> {
  const pageSize = options.pageSize ?? 50;
  const parallel = options.parallel ?? 4;
  const started = deps.clock.now().getTime();
  const report: SweepReport = { sent: 0, dropped: 0, skipped: 0, failed: 0 };
  let cursor: string | undefined;
  for (;;) {
    const now = deps.clock.now();
    if (options.budgetMs !== undefined && now.getTime() - started > options.budgetMs) break;
    // Reminders whose email failed are put back where they were, behind the cursor: the next sweep
    // tries them again, and they never hold up the ones after them.
    const page = await deps.reminders.due(now.toISOString(), { limit: pageSize, cursor });
    let moved = 0;
    await forEachLimited(page.items, parallel, async (reminder) => {
      const outcome = await remind(reminder, now.toISOString(), deps);
      report[outcome] += 1;
      if (outcome !== 'skipped') moved += 1;
    });
    // A page of reminders all taken elsewhere is another sweep's work.
    if (!page.next || (page.items.length > 0 && moved === 0)) break;
    cursor = page.next;
  }
  return report;
}

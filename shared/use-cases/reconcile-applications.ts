import { isOpen } from '#shared/domain/application';
import { logger } from '#shared/logger';
import type { Applications, WorkflowEngine } from '#shared/use-cases/ports';
import { type RestartDeps, restartOpenApplication } from '#shared/use-cases/redrive-application';

export interface ReconcileDeps extends RestartDeps {
  applications: RestartDeps['applications'] & Pick<Applications, 'listOpenIds'>;
  workflow: RestartDeps['workflow'] & Pick<WorkflowEngine, 'runStatus'>;
}

export interface ReconcileReport {
  /** Open applications looked at. */
  checked: number;
  /** Open applications whose workflow had ended or vanished: resumed at their recorded stage. */
  resumed: string[];
  /** Changed too recently to judge (a submission or redrive may be starting its execution). */
  tooRecent: number;
  /** Not checked or not resumed for an error (throttling, say): the next pass tries them again. */
  failed: string[];
}

/**
 * The reconciler: every open application whose workflow is not running (it
 * ended in an outage before recording FAILED, the state machine was deleted
 * by a redeploy, a start was lost) gets a new run from the stage its status
 * records, with a `RESUMED` history event. It reads the open applications
 * from the open-applications index, never the whole table, and asks Step Functions
 * about each one's current run only. An application changed within
 * `graceSeconds` is left for the next pass: its submission or redrive may be
 * about to start the execution itself. Idempotent: a second pass finds the
 * new run running.
 */
export async function reconcileApplications(
  deps: ReconcileDeps,
  options: { graceSeconds: number; actor: string; pageSize?: number },
): Promise<ReconcileReport> {
  const report: ReconcileReport = { checked: 0, resumed: [], tooRecent: 0, failed: [] };
  const now = deps.clock.now().getTime();
  let cursor: string | undefined;
  do {
    const page = await deps.applications.listOpenIds({ limit: options.pageSize ?? 100, cursor });
    for (const applicationId of page.items) {
      // One application's error (throttled after an outage, when the reconciler matters most) must
      // not hold up the others behind it until the next pass.
      try {
        await reconcileOne(applicationId, now, deps, options, report);
      } catch (error) {
        report.failed.push(applicationId);
        logger.error('open application not reconciled: the next pass tries again', {
          applicationId,
          errorName: (error as Error)?.name,
          errorMessage: (error as Error)?.message,
        });
      }
    }
    cursor = page.next ?? undefined;
  } while (cursor);
  return report;
}

async function reconcileOne(
  applicationId: string,
  now: number,
  deps: ReconcileDeps,
  options: { graceSeconds: number; actor: string },
  report: ReconcileReport,
): Promise<void> {
  const application = await deps.applications.get(applicationId);
  if (!application || !isOpen(application.status)) return;
  report.checked += 1;
  if (now - Date.parse(application.updatedAt) < options.graceSeconds * 1000) {
    report.tooRecent += 1;
    return;
  }
  const run = application.redriveCount ?? 0;
  if ((await deps.workflow.runStatus(applicationId, run)) === 'RUNNING') return;
  const restarted = await restartOpenApplication(applicationId, run, options.actor, deps);
  if (restarted) {
    report.resumed.push(applicationId);
    logger.warn('open application without a running workflow: resumed', {
      applicationId,
      stage: restarted.stage,
      run: restarted.run,
    });
  }
}

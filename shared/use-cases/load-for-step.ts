import type { Application, ApplicationStatus } from '#shared/domain/application';
import { ApplicationClosedError } from '#shared/errors';
import type { Applications } from '#shared/use-cases/ports';

/**
 * Loads the application a workflow step works on. A step only runs while the
 * application is in one of `expected`; a missing or closed application ends
 * the execution quietly (ApplicationClosed), e.g. after a withdrawal.
 */
export async function loadForStep(
  applications: Pick<Applications, 'get'>,
  applicationId: string,
  expected: readonly ApplicationStatus[],
): Promise<Application> {
  const application = await applications.get(applicationId);
  if (!application) throw new ApplicationClosedError(`application ${applicationId} does not exist`);
  if (!expected.includes(application.status)) {
    throw new ApplicationClosedError(`application ${applicationId} is ${application.status}`);
  }
  return application;
}

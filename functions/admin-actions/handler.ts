import * as z from 'zod';
import { linkCookies, linkSettings, signer } from '#functions/composition/answer-page-deps';
import { mailer } from '#functions/composition/mail';
import { operatorConfig, operatorGate, operatorReadDeps } from '#functions/composition/operator';
import { executionNameFor } from '#shared/domain/application';
import { type ApiEvent, json, parseJsonBody, parsePathParameter } from '#shared/http/api';
import { type ConsoleAction, consoleApplicationPage, consoleForm } from '#shared/http/console';
import { consoleFormErrors, isFormRefusal } from '#shared/http/console-forms';
import { operatorActor, operatorHandler } from '#shared/http/operator';
import { logApplication } from '#shared/logger';
import {
  cancelRequestSchema,
  consoleFormSchemas,
  reassignRequestSchema,
  redriveRequestSchema,
} from '#shared/schemas/admin';
import { applicationIdSchema } from '#shared/schemas/api';
import { parseWith } from '#shared/schemas/parse';
import { reassignTask } from '#shared/use-cases/reassign-task';
import { redriveApplication } from '#shared/use-cases/redrive-application';
import { cancelApplication } from '#shared/use-cases/withdraw-application';

const deps = () => ({
  ...operatorReadDeps(),
  signer: signer(),
  cookies: linkCookies(),
  mailer: mailer(),
  config: { ...operatorConfig(), ...linkSettings() },
});

/** The operator's action on one application: the same use-cases for the JSON API and the console's forms. */
async function perform(action: ConsoleAction, applicationId: string, body: unknown, actor: string) {
  switch (action) {
    case 'redrive': {
      parseWith(redriveRequestSchema, body, 'the request body');
      const result = await redriveApplication(applicationId, actor, deps());
      return { ...result, execution: executionNameFor(applicationId, result.run) };
    }
    case 'reassign':
      return reassignTask(
        applicationId,
        parseWith(reassignRequestSchema, body, 'the request body'),
        actor,
        deps(),
      );
    case 'cancel': {
      const { reason } = parseWith(cancelRequestSchema, body, 'the request body');
      const application = await cancelApplication(applicationId, { reason, actor }, deps());
      return {
        applicationId,
        status: application.status,
        cancellation: application.cancellation,
        updatedAt: application.updatedAt,
      };
    }
  }
}

const ACTIONS = new Set<ConsoleAction>(['redrive', 'reassign', 'cancel']);

/**
 * POST /admin/api/applications/{id}/{redrive,reassign,cancel} (JSON: 202 for a redrive, 200 otherwise)
 * and POST /admin/applications/{id}/{...} (the console's forms: back to the application's page, 303,
 * or that page with the refusal in both languages, each problem on its field, 400 or 409).
 */
export const lambdaHandler = async (event: ApiEvent, operatorId: string) => {
  const applicationId = parsePathParameter(event, 'id', applicationIdSchema);
  logApplication(applicationId);
  const action = event.resource.split('/').at(-1) as ConsoleAction;
  if (!ACTIONS.has(action)) throw new Error(`no console action in ${event.resource}`);
  const actor = operatorActor(operatorId);

  if (event.resource.startsWith('/admin/api/')) {
    const body = action === 'redrive' && !event.body ? {} : parseJsonBody(event, z.unknown());
    const result = await perform(action, applicationId, body, actor);
    return json(action === 'redrive' ? 202 : 200, result);
  }

  const fields = await consoleForm(event, operatorId, deps());
  try {
    const {
      confirm: _confirm,
      csrfToken: _token,
      ...body
    } = parseWith(consoleFormSchemas[action], fields, 'the form') as Record<string, unknown>;
    await perform(action, applicationId, body, actor);
  } catch (error) {
    if (!isFormRefusal(error)) throw error;
    return consoleApplicationPage(
      operatorId,
      applicationId,
      { error: { action, values: fields, errors: consoleFormErrors(error) } },
      error.statusCode,
      deps(),
    );
  }
  return {
    statusCode: 303,
    headers: { location: `/admin/applications/${applicationId}?done=${action}`, 'cache-control': 'no-store' },
    body: '',
  };
};

export const handler = operatorHandler(lambdaHandler, operatorGate);

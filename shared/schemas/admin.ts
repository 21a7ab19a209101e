import * as z from 'zod';
import { APPLICATION_STATUSES } from '#shared/domain/application';
import { formControlFields, officialIdSchema, pageQuerySchema } from '#shared/schemas/api';
import { paragraphText } from '#shared/schemas/text';

/** What the operator API and the console's forms take (`/admin/api/...`, `/admin/applications/...`). */

/** `GET /admin/api/applications` (and the console's list page). */
export const operatorApplicationsQuerySchema = pageQuerySchema.extend({
  status: z.enum(APPLICATION_STATUSES).optional(),
  type: z.enum(['CREATE_CLUSTER', 'JOIN_CLUSTER']).optional(),
  stuck: z
    .enum(['true', 'false'])
    .transform((value) => value === 'true')
    .optional(),
  /** Only applications submitted at least this many days ago. */
  minAgeDays: z.coerce.number().int().min(0).max(3650).optional(),
});

export type OperatorApplicationsQuery = z.infer<typeof operatorApplicationsQuerySchema>;

const expertIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be an expert id from the directory')
  .meta({ description: "An expert's id in the directory", example: 'exp_it_1' });
/** The most an operator's reason may say (kept in the history, told to the applicant on a cancellation). */
export const REASON_LENGTH = 500;
const reason = paragraphText(REASON_LENGTH).optional().meta({ description: 'Why: kept in the history' });

/** `POST /admin/api/applications/{id}/reassign`. */
export const reassignRequestSchema = z
  .discriminatedUnion('task', [
    z.strictObject({ task: z.literal('REVIEW'), from: expertIdSchema, to: expertIdSchema, reason }),
    z.strictObject({ task: z.literal('SIGNOFF'), to: officialIdSchema, reason }),
  ])
  .meta({ id: 'ReassignRequest' });

/** `POST /admin/api/applications/{id}/cancel`. */
export const cancelRequestSchema = z
  .strictObject({
    reason: paragraphText(REASON_LENGTH).meta({
      description: 'Why: kept in the history, told to the applicant',
    }),
  })
  .meta({ id: 'CancelRequest' });

/** `POST /admin/api/applications/{id}/redrive`: nothing, or an empty object. */
export const redriveRequestSchema = z.strictObject({}).meta({ id: 'RedriveRequest' });

/**
 * The console's forms (`POST /admin/applications/{id}/...`): the API's fields, the CSRF token, and
 * for a cancellation the confirmation box (a final action is confirmed first).
 */
export const consoleFormSchemas = {
  redrive: z.strictObject({ ...formControlFields }),
  reassign: z.discriminatedUnion('task', [
    z.strictObject({
      task: z.literal('REVIEW'),
      from: expertIdSchema,
      to: expertIdSchema,
      reason,
      ...formControlFields,
    }),
    z.strictObject({ task: z.literal('SIGNOFF'), to: officialIdSchema, reason, ...formControlFields }),
  ]),
  cancel: z.strictObject({
    reason: paragraphText(REASON_LENGTH),
    confirm: z.literal('yes', { error: 'tick the box to confirm' }),
    ...formControlFields,
  }),
} as const;

// ---- Answers (documented in the OpenAPI document) ----

const openTaskSchema = z
  .object({
    kind: z.enum(['CONSENT', 'REVIEW', 'SIGNOFF']),
    holder: z
      .string()
      .nullable()
      .meta({ description: 'The expert or official holding it; null for consent' }),
    deadline: z.string().nullable(),
    pending: z.number().int().optional().meta({ description: 'Consent: how many have not answered' }),
  })
  .meta({ id: 'OperatorOpenTask' });

export const operatorListItemSchema = z
  .object({
    applicationId: z.string(),
    type: z.enum(['CREATE_CLUSTER', 'JOIN_CLUSTER']),
    status: z.enum(APPLICATION_STATUSES),
    applicantInn: z.string(),
    clusterName: z.string().optional(),
    clusterId: z.string().optional(),
    createdAt: z.string(),
    updatedAt: z.string(),
    stage: z
      .enum(['ELIGIBILITY', 'CONSENT', 'REVIEW', 'SIGNOFF'])
      .nullable()
      .meta({ description: 'The stage it is in, or a FAILED one failed in (where a redrive re-enters)' }),
    age: z.number().int().meta({ description: 'Seconds since it was submitted' }),
    inStatusSeconds: z.number().int().meta({ description: 'Seconds since its status last changed' }),
    openTasks: z.array(openTaskSchema),
    workflow: z
      .object({ execution: z.string(), state: z.enum(['RUNNING', 'ENDED', 'MISSING']) })
      .nullable()
      .meta({ description: 'The current run of an open application' }),
    stuck: z
      .array(z.enum(['NO_RUNNING_WORKFLOW', 'DEADLINE_LONG_PAST', 'NO_PROGRESS']))
      .meta({ description: 'Why it is stuck; empty when it is not' }),
  })
  .meta({ id: 'OperatorApplicationListItem' });

export const operatorApplicationSchema = operatorListItemSchema
  .extend({
    history: z.array(
      z
        .object({
          at: z.string(),
          status: z.string().optional(),
          action: z.string(),
          actor: z
            .string()
            .meta({ description: '`expert:<id>`, `official:<id>`, `operator:<id>`, `system`...' }),
          actorName: z.string().nullable().meta({ description: "The actor's name from the directories" }),
          detail: z.record(z.string(), z.unknown()).optional(),
        })
        .loose(),
    ),
    reviewTasks: z.array(
      z.object({ expertId: z.string(), name: z.string().nullable(), status: z.string() }).loose(),
    ),
    signoffTask: z
      .object({ officialId: z.string(), name: z.string().nullable(), status: z.string() })
      .loose()
      .nullable(),
    failedStage: z.enum(['ELIGIBILITY', 'CONSENT', 'REVIEW', 'SIGNOFF']).optional(),
  })
  .loose()
  .meta({ id: 'OperatorApplication' });

export const redriveReplySchema = z
  .object({
    applicationId: z.string(),
    stage: z.enum(['ELIGIBILITY', 'CONSENT', 'REVIEW', 'SIGNOFF']),
    status: z.enum(APPLICATION_STATUSES),
    run: z.number().int(),
    execution: z.string(),
    redriven: z
      .boolean()
      .meta({ description: 'False when it had been redriven already and only its start was repeated' }),
  })
  .meta({ id: 'RedriveReply' });

export const reassignReplySchema = z
  .object({
    applicationId: z.string(),
    task: z.enum(['REVIEW', 'SIGNOFF']),
    from: z.string(),
    to: z.string(),
    workflow: z.string().optional(),
    emailed: z.boolean().optional(),
  })
  .meta({ id: 'ReassignReply' });

export const cancelReplySchema = z
  .object({
    applicationId: z.string(),
    status: z.literal('WITHDRAWN'),
    cancellation: z.object({ reason: z.string(), by: z.string() }),
    updatedAt: z.string(),
  })
  .meta({ id: 'CancelReply' });

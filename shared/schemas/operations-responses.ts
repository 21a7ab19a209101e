import * as z from 'zod';
import { APPLICATION_STATUSES } from '#shared/domain/application';
import { INSTITUTIONS } from '#shared/domain/assignment';
import { innSchema, sectorSchema } from '#shared/schemas/api';
import { OFFICIAL_ROLES, personIdSchema } from '#shared/schemas/directory';
import { pageOf } from '#shared/schemas/responses';

/** What the directories and the programme figures answer (the OpenAPI document's response schemas). */

export const expertSchema = z
  .object({
    expertId: personIdSchema,
    name: z.string(),
    email: z.string(),
    institution: z.enum(INSTITUTIONS),
    sectors: z.array(sectorSchema),
    affiliationInn: innSchema,
    active: z.boolean(),
    openAssignments: z.number().int().meta({ description: 'Reviews the expert holds now' }),
  })
  .meta({ id: 'Expert' });

export const officialSchema = z
  .object({
    officialId: personIdSchema,
    name: z.string(),
    email: z.string(),
    role: z.enum(OFFICIAL_ROLES),
    active: z.boolean(),
    position: z.string().optional(),
  })
  .meta({ id: 'Official' });

export const openTaskSchema = z
  .object({
    applicationId: z.string(),
    task: z.enum(['REVIEW', 'SIGNOFF']),
    requestedAt: z.string(),
    deadline: z.string().nullable(),
  })
  .meta({
    id: 'OpenTask',
    description: 'A task the person holds now; reassign it with POST /admin/api/applications/{id}/reassign',
  });

export const expertWithTasksSchema = expertSchema
  .extend({ openTasks: z.array(openTaskSchema) })
  .meta({ id: 'ExpertWithTasks' });
export const officialWithTasksSchema = officialSchema
  .extend({ openTasks: z.array(openTaskSchema) })
  .meta({ id: 'OfficialWithTasks' });
export const expertsPage = pageOf(expertSchema, 'ExpertPage');
export const officialsPage = pageOf(officialSchema, 'OfficialPage');

export const importReportSchema = z
  .object({
    rows: z.number().int(),
    created: z.number().int(),
    updated: z.number().int(),
    unchanged: z.number().int(),
    rejected: z.array(z.object({ line: z.number().int(), key: z.string(), reasons: z.array(z.string()) })),
    dryRun: z.boolean(),
  })
  .meta({ id: 'DirectoryImportReport' });

const statusCounts = z.record(z.enum(APPLICATION_STATUSES), z.number().int());

export const programmeFiguresSchema = z
  .object({
    generatedAt: z.string(),
    countsByStatus: statusCounts.meta({ description: 'Applications in each status now' }),
    windows: z.array(
      z.object({
        days: z.number().int(),
        from: z.string(),
        to: z.string(),
        entered: statusCounts.meta({ description: 'Applications that entered each status in the window' }),
        stages: z.array(
          z.object({
            stage: z.string().meta({ description: 'A status waited in, or TOTAL (submission to the end)' }),
            count: z.number().int(),
            medianSeconds: z.number().nullable(),
            p90Seconds: z.number().nullable(),
          }),
        ),
        approvalRate: z
          .number()
          .nullable()
          .meta({ description: 'APPROVED / (APPROVED + REJECTED) in the window' }),
        decided: z.number().int(),
        missedDeadlines: z.record(z.string(), z.number().int()).meta({
          description: 'REVIEW (experts), SIGNOFF (officials), EXPIRED_IN_<status> (applications)',
        }),
      }),
    ),
    expertLoad: z.object({
      maxOpenReviews: z.number(),
      meanOpenReviews: z.number(),
      experts: z.array(
        z.object({
          expertId: z.string(),
          name: z.string(),
          institution: z.string(),
          active: z.boolean(),
          openReviews: z.number().int(),
          assigned: z.record(z.string(), z.number().int()),
        }),
      ),
    }),
  })
  .meta({ id: 'ProgrammeFigures' });

import * as z from 'zod';
import { APPLICATION_STATUSES } from '#shared/domain/application';
import { REASON_CODES } from '#shared/domain/eligibility';
import { innSchema, sectorSchema } from '#shared/schemas/api';

/**
 * What the API answers, for the OpenAPI document (the handlers build these
 * shapes in shared/use-cases/*-view.ts; the e2e tests hold them to it).
 */

export const errorBodySchema = z
  .object({
    error: z.object({
      code: z.string().meta({ example: 'VALIDATION_ERROR' }),
      message: z.string(),
      details: z.array(
        z.object({ path: z.string().meta({ example: 'memberInns[3]' }), message: z.string() }),
      ),
    }),
  })
  .meta({ id: 'Error', description: 'Every error, whatever the status' });

export const submitReplySchema = z
  .object({
    applicationId: z.string(),
    status: z.enum(APPLICATION_STATUSES),
    statusUrl: z.string().meta({ example: '/applications/app_3m2k7c0d1x9q8w7e6r5t4y3u2i' }),
  })
  .meta({ id: 'SubmitReply' });

const timestamp = z.iso.datetime();

export const applicationViewSchema = z
  .object({
    applicationId: z.string(),
    type: z.enum(['CREATE_CLUSTER', 'JOIN_CLUSTER']),
    status: z.enum(APPLICATION_STATUSES),
    applicantInn: innSchema,
    contactEmail: z.string(),
    createdAt: timestamp,
    updatedAt: timestamp,
    cluster: z
      .object({ name: z.string(), sectors: z.array(sectorSchema) })
      .loose()
      .optional(),
    memberCount: z.number().int().optional(),
    clusterId: z.string().optional(),
    motivation: z.string().optional(),
    eligibility: z
      .object({
        eligible: z.boolean(),
        reasons: z.array(
          z.object({
            code: z.enum(REASON_CODES),
            inn: z.string().optional(),
            message: z.string(),
            /** SECTORS_NOT_RELATED: the groups of chosen sectors that are not connected to each other. */
            sectorGroups: z.array(z.array(sectorSchema)).optional(),
          }),
        ),
      })
      .nullable(),
    consent: z
      .object({
        asked: z.number().int(),
        confirmed: z.number().int(),
        declined: z.number().int(),
        pending: z.number().int(),
        noAnswer: z.number().int().meta({ description: 'Dropped at the deadline without an answer' }),
        deadline: timestamp,
        open: z.boolean(),
      })
      .nullable()
      .meta({
        description:
          'Create applications, once their members and partners are asked (the applicant is never asked); null for joins',
      }),
    reviews: z
      .object({
        assigned: z.number().int(),
        received: z.number().int(),
        recommendations: z.object({ APPROVE: z.number().int(), REJECT: z.number().int() }),
        deadline: timestamp,
        quorumMet: z.boolean().nullable(),
      })
      .nullable()
      .meta({ description: 'Counts only: applicants never see who reviewed' }),
    decision: z
      .object({ outcome: z.enum(['APPROVED', 'REJECTED']), comment: z.string(), decidedAt: timestamp })
      .nullable(),
    createdClusterId: z.string().optional(),
    failureCause: z.string().optional(),
    history: z.array(
      z
        .object({
          at: timestamp,
          status: z.enum(APPLICATION_STATUSES).optional(),
          action: z.string(),
          actor: z.string().meta({
            description: '`applicant:<inn>`, `member:<inn>`, `partner:<n>`, `system`, `expert` or `official`',
          }),
          detail: z.record(z.string(), z.unknown()).optional(),
        })
        .meta({ id: 'HistoryEvent' }),
    ),
  })
  .meta({ id: 'Application' });

export const organizationSchema = z
  .object({
    inn: innSchema,
    ogrn: z.string(),
    name: z.string(),
    sectors: z.array(sectorSchema),
    status: z.enum(['ACTIVE', 'SUSPENDED']),
    email: z.string(),
  })
  .meta({ id: 'Organization' });

export const clusterSchema = z
  .object({
    clusterId: z.string(),
    name: z.string(),
    sectors: z.array(sectorSchema),
    status: z.literal('ACTIVE'),
    memberCount: z.number().int(),
    project: z.object({ title: z.string(), summary: z.string() }).optional(),
    createdAt: timestamp,
  })
  .meta({ id: 'Cluster' });

export const clusterWithMembersSchema = clusterSchema
  .extend({ members: z.array(z.object({ inn: innSchema, name: z.string(), joinedAt: timestamp })) })
  .meta({ id: 'ClusterWithMembers' });

export const pageOf = (item: z.ZodType, id: string) =>
  z
    .object({
      items: z.array(item),
      next: z
        .string()
        .nullable()
        .meta({ description: 'Pass as `cursor` for the next page; null on the last' }),
    })
    .meta({ id });

export const linkAnswerSchema = z.object({ applicationId: z.string() }).loose().meta({
  id: 'LinkAnswer',
  description: 'The recorded answer (JSON clients); forms get a confirmation page',
});

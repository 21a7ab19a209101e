import * as z from 'zod';
import { APPLICATION_STATUSES } from '#shared/domain/application';
import { REASON_CODES } from '#shared/domain/eligibility';
import { INVITATION_STATUSES } from '#shared/domain/invitations';
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
    invitation: z
      .object({ invitationId: z.string(), invitedBy: innSchema, clusterId: z.string() })
      .optional()
      .meta({ description: 'A join application filed by accepting a coordinator’s invitation' }),
    amendment: z
      .object({
        comment: z.string(),
        requestedAt: timestamp,
        deadline: timestamp,
        round: z.number().int().min(1),
        resubmittedAt: timestamp.optional(),
      })
      .optional()
      .meta({
        description:
          'The latest return for amendment: what to correct and by when (`round` 1 or 2); `resubmittedAt` once resubmitted',
      }),
    rounds: z
      .array(
        z.object({
          round: z.number().int().min(1),
          returnedAt: timestamp,
          comment: z.string(),
          resubmittedAt: timestamp,
          reviews: z.object({
            received: z.number().int(),
            APPROVE: z.number().int(),
            REJECT: z.number().int(),
          }),
        }),
      )
      .optional()
      .meta({ description: 'Earlier rounds of examination, each ended by a return and a resubmission' }),
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

/** An item of GET /applications: enough to pick one; `statusUrl` has the rest. */
export const applicationListItemSchema = z
  .object({
    applicationId: z.string(),
    type: z.enum(['CREATE_CLUSTER', 'JOIN_CLUSTER']),
    status: z.enum(APPLICATION_STATUSES),
    applicantInn: innSchema,
    createdAt: timestamp,
    updatedAt: timestamp,
    cluster: z.object({ name: z.string(), sectors: z.array(sectorSchema) }).optional(),
    clusterId: z.string().optional(),
    statusUrl: z.string(),
  })
  .meta({ id: 'ApplicationListItem' });

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
    coordinatorInn: innSchema
      .nullable()
      .meta({ description: 'The organization that coordinates the cluster and invites to it' }),
    project: z.object({ title: z.string(), summary: z.string() }).optional(),
    createdAt: timestamp,
  })
  .meta({ id: 'Cluster' });

export const clusterWithMembersSchema = clusterSchema
  .extend({
    members: z.array(z.object({ inn: innSchema, name: z.string(), joinedAt: timestamp })),
    partners: z.array(
      z.object({
        name: z.string(),
        inn: innSchema.optional(),
        country: z.string().optional(),
        joinedAt: timestamp,
      }),
    ),
  })
  .meta({ id: 'ClusterWithMembers' });

const invitationEventSchema = z.object({
  at: timestamp,
  action: z.string(),
  actor: z.string().meta({ description: '`coordinator:<inn>`, `invitee` or `system`' }),
  detail: z.record(z.string(), z.unknown()).optional(),
});

export const invitationViewSchema = z
  .object({
    invitationId: z.string(),
    clusterId: z.string(),
    role: z.enum(['MEMBER', 'PARTNER']),
    status: z.enum(INVITATION_STATUSES),
    invitee: z
      .object({
        role: z.enum(['MEMBER', 'PARTNER']),
        inn: innSchema.optional(),
        name: z.string().optional(),
        email: z.string().optional(),
        country: z.string().optional(),
      })
      .meta({ description: 'As invited: an INN for a MEMBER; name, email, INN and country for a PARTNER' }),
    email: z.string().meta({ description: 'Where the link was sent' }),
    invitedBy: innSchema,
    createdAt: timestamp,
    expiresAt: timestamp,
    answeredAt: timestamp.optional(),
    revokedAt: timestamp.optional(),
    applicationId: z
      .string()
      .optional()
      .meta({ description: 'An accepted MEMBER invitation: the join application' }),
    history: z.array(invitationEventSchema),
  })
  .meta({ id: 'Invitation' });

export const invitationReplySchema = z
  .object({ invitationId: z.string(), status: z.enum(INVITATION_STATUSES) })
  .loose()
  .meta({ id: 'InvitationReply', description: 'The invitation made (201), with the rest of its view' });

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

export const linkPageDataSchema = z.object({ linkId: z.string(), expiresAt: timestamp }).loose().meta({
  id: 'LinkPageData',
  description: 'What the page shows, for clients that ask for JSON (`Accept: application/json`)',
});

export const invitationAnsweredSchema = z
  .object({
    invitationId: z.string(),
    clusterId: z.string(),
    role: z.enum(['MEMBER', 'PARTNER']),
    answer: z.enum(['ACCEPTED', 'DECLINED']),
    applicationId: z.string().optional().meta({
      description: 'An accepted MEMBER invitation: the join application filed on the invitee’s behalf',
    }),
  })
  .loose()
  .meta({
    id: 'InvitationAnswered',
    description: 'The recorded answer (JSON clients); forms get a confirmation page',
  });

import * as z from 'zod';
import { APPLICATION_STATUSES } from '#shared/domain/application';
import { isValidInn } from '#shared/domain/inn';
import { SECTORS } from '#shared/domain/sectors';
import { cleanText, lineText, optionalParagraphText, paragraphText } from '#shared/schemas/text';

/**
 * The HTTP contract of the spec, written once. Handlers parse with these, the
 * OpenAPI document and API Gateway's request models are generated from them.
 * Eligibility rules (30 members, related sectors, ...) are NOT schema rules:
 * a well-formed application that breaks them is accepted and ends INELIGIBLE.
 */

export const LIMITS = {
  maxMembers: 2000,
  maxSectors: 5,
  nameLength: 200,
  titleLength: 300,
  summaryLength: 5000,
  motivationLength: 5000,
  commentLength: 5000,
  /** A member's or partner's note with its answer: short, so its form stays within the firewall's 8 KB default body rule. */
  consentCommentLength: 500,
  emailLength: 254,
  maxPartners: 200,
} as const;

export const innSchema = z
  .string()
  .regex(/^(\d{10}|\d{12})$/, 'INN must be 10 or 12 digits')
  .refine(isValidInn, 'INN check digit is not valid')
  .meta({
    description: 'Taxpayer number: 10 digits (legal entity) or 12 (individual entrepreneur)',
    example: '7707083893',
  });

export const sectorSchema = z.enum(SECTORS);

export const idSchema = (prefix: string) =>
  z.string().regex(new RegExp(`^${prefix}_[0-9a-z]{10,40}$`), `must look like ${prefix}_<id>`);

export const applicationIdSchema = idSchema('app');
export const clusterIdSchema = idSchema('clu');
export const invitationIdSchema = idSchema('inv');

/** ISO 3166-1 alpha-2, upper case: where a partner outside Russia is registered. */
export const countrySchema = z
  .string()
  .regex(/^[A-Z]{2}$/, 'country must be an ISO 3166-1 alpha-2 code such as DE')
  .meta({ description: 'ISO 3166-1 alpha-2 country code', example: 'DE' });

/** An organization outside the programme that takes part in a cluster; it need not be in the registry. */
export const partnerSchema = z
  .strictObject({
    name: lineText(LIMITS.nameLength),
    email: z.email().max(LIMITS.emailLength).check(cleanText('single')),
    inn: innSchema.optional(),
    country: countrySchema.optional(),
  })
  .meta({ id: 'Partner' });

export const createClusterRequestSchema = z
  .strictObject({
    type: z.literal('CREATE_CLUSTER'),
    applicantInn: innSchema,
    contactEmail: z.email().max(LIMITS.emailLength).check(cleanText('single')),
    cluster: z.strictObject({
      name: lineText(LIMITS.nameLength),
      sectors: z.array(sectorSchema).min(1).max(LIMITS.maxSectors),
      project: z.strictObject({
        title: lineText(LIMITS.titleLength),
        summary: paragraphText(LIMITS.summaryLength),
      }),
    }),
    memberInns: z.array(innSchema).min(1).max(LIMITS.maxMembers),
    partners: z.array(partnerSchema).max(LIMITS.maxPartners).optional(),
  })
  .meta({ id: 'CreateClusterApplication' });

export const joinClusterRequestSchema = z
  .strictObject({
    type: z.literal('JOIN_CLUSTER'),
    applicantInn: innSchema,
    contactEmail: z.email().max(LIMITS.emailLength).check(cleanText('single')),
    clusterId: clusterIdSchema,
    motivation: paragraphText(LIMITS.motivationLength),
  })
  .meta({ id: 'JoinClusterApplication' });

export const submitApplicationRequestSchema = z
  .discriminatedUnion('type', [createClusterRequestSchema, joinClusterRequestSchema])
  .meta({ id: 'SubmitApplicationRequest' });

export type SubmitApplicationRequest = z.infer<typeof submitApplicationRequestSchema>;
export type CreateClusterRequest = z.infer<typeof createClusterRequestSchema>;
export type JoinClusterRequest = z.infer<typeof joinClusterRequestSchema>;
export type PartnerRequest = z.infer<typeof partnerSchema>;

/** A number in JSON; form posts are decoded to one first (`decodeFormFields`). */
const score = z.number().int().min(1).max(10);

/** Fields a review or sign-off page adds to its own form; accepted and checked by the link handlers. */
export const formControlFields = {
  csrfToken: z.string().max(200).optional(),
};

/**
 * "A comment is required to reject", as a refinement that also runs when other
 * fields are wrong (`when`), so a form shows every problem at once.
 */
function commentRequiredToReject<Field extends string>(field: Field, message: string, choice = 'REJECT') {
  const rejects = (value: unknown) => (value as Record<string, unknown> | null)?.[field] === choice;
  const check = (value: Record<Field, string> & { comment: string }) =>
    !rejects(value) || value.comment.length > 0;
  const options = {
    path: ['comment'] as PropertyKey[],
    message,
    when: ({ value }: { value: unknown }) =>
      rejects(value) && typeof (value as { comment?: unknown }).comment === 'string',
  };
  return [check, options] as const;
}

const REVIEW_SCORES = ['innovation', 'feasibility', 'cooperation'] as const;
const recommendationOf = (value: unknown) => (value as { recommendation?: unknown } | null)?.recommendation;

/** "Scores are needed to recommend": one refinement per score, run with the other problems (`when`). */
function scoreRequiredToRecommend(field: (typeof REVIEW_SCORES)[number]) {
  const missing = (value: unknown) => (value as Record<string, unknown> | null)?.[field] === undefined;
  const check = (value: { recommendation: string } & Partial<Record<typeof field, number>>) =>
    value.recommendation === 'RECUSE' || value[field] !== undefined;
  const options = {
    path: [field] as PropertyKey[],
    message: 'a score from 1 to 10 is required to recommend',
    // Not only for a valid recommendation: a wrong one with missing scores names them all, as before.
    when: ({ value }: { value: unknown }) => recommendationOf(value) !== 'RECUSE' && missing(value),
  };
  return [check, options] as const;
}

/** "A reason is required to decline the review", as the comment rule of a rejection. */
const reasonRequiredToRecuse = [
  (value: { recommendation: string; comment: string }) =>
    value.recommendation !== 'RECUSE' || value.comment.length > 0,
  {
    path: ['comment'] as PropertyKey[],
    message: 'a reason is required to decline the review (a conflict of interest or unavailability)',
    when: ({ value }: { value: unknown }) =>
      recommendationOf(value) === 'RECUSE' &&
      ['string', 'undefined'].includes(typeof (value as { comment?: unknown }).comment),
  },
] as const;

/**
 * An expert's answer: a recommendation with three scores, or `RECUSE` (decline the review:
 * a conflict of interest or unavailability) with the reason as the comment and no scores.
 */
export const reviewSubmissionSchema = z
  .strictObject({
    recommendation: z.enum(['APPROVE', 'REJECT', 'RECUSE']),
    innovation: score.optional(),
    feasibility: score.optional(),
    cooperation: score.optional(),
    comment: optionalParagraphText(LIMITS.commentLength),
    ...formControlFields,
  })
  .refine(...commentRequiredToReject('recommendation', 'a comment is required to recommend rejection'))
  .refine(...reasonRequiredToRecuse)
  .refine(...scoreRequiredToRecommend('innovation'))
  .refine(...scoreRequiredToRecommend('feasibility'))
  .refine(...scoreRequiredToRecommend('cooperation'))
  .meta({ id: 'ReviewSubmission' });

export type ReviewSubmission = z.infer<typeof reviewSubmissionSchema>;

/** An official's id in the directory (the sign-off page lists the active ones). */
export const officialIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be an official id from the directory')
  .meta({ description: "An official's id in the department's directory", example: 'off_2' });

const delegates = (value: unknown) => (value as { decision?: unknown } | null)?.decision === 'DELEGATE';

/**
 * APPROVE and REJECT decide; RETURN sends the application back to its applicant for amendment
 * (the comment says what to correct); DELEGATE hands the sign-off to `delegateTo` (an active
 * official other than oneself: the directory is checked by the use-case, not here) with the
 * remaining deadline.
 */
export const signoffSubmissionSchema = z
  .strictObject({
    decision: z.enum(['APPROVE', 'REJECT', 'RETURN', 'DELEGATE']),
    comment: optionalParagraphText(LIMITS.commentLength),
    delegateTo: officialIdSchema.optional(),
    ...formControlFields,
  })
  .refine(...commentRequiredToReject('decision', 'a comment is required to reject'))
  .refine(...commentRequiredToReject('decision', 'a comment is required to return for amendment', 'RETURN'))
  .refine(...commentRequiredToReject('decision', 'a comment is required to delegate', 'DELEGATE'))
  .refine((value) => !delegates(value) || value.delegateTo !== undefined, {
    path: ['delegateTo'],
    message: 'choose the official to delegate to',
    when: ({ value }) => delegates(value),
  })
  .refine((value) => delegates(value) || value.delegateTo === undefined, {
    path: ['delegateTo'],
    message: 'delegateTo is only for decision DELEGATE',
    when: ({ value }) => !delegates(value) && (value as { delegateTo?: unknown }).delegateTo !== undefined,
  })
  .meta({ id: 'SignoffSubmission' });

export type SignoffSubmission = z.infer<typeof signoffSubmissionSchema>;

/** A coordinator invites an organization of the programme as a member, or anyone as a partner. */
export const invitationRequestSchema = z
  .discriminatedUnion('role', [
    z.strictObject({ role: z.literal('MEMBER'), inn: innSchema }),
    partnerSchema.extend({ role: z.literal('PARTNER') }),
  ])
  .meta({ id: 'InvitationRequest' });

export type InvitationRequest = z.infer<typeof invitationRequestSchema>;

/** A form's empty text box is no answer; JSON may leave the field out. */
const optionalFormEmail = z
  .union([z.literal(''), z.email().max(LIMITS.emailLength).check(cleanText('single'))])
  .optional();

/**
 * The invitee's answer. Accepting a MEMBER invitation also needs the contact
 * email and the motivation of the join application it files: that rule
 * depends on the invitation, so the use-case checks it (shared/use-cases/answer-invitation.ts).
 */
export const invitationAnswerSchema = z
  .strictObject({
    answer: z.enum(['ACCEPT', 'DECLINE']),
    contactEmail: optionalFormEmail,
    motivation: optionalParagraphText(LIMITS.motivationLength),
    ...formControlFields,
  })
  .meta({ id: 'InvitationAnswer' });

export type InvitationAnswer = z.infer<typeof invitationAnswerSchema>;
export const consentSubmissionSchema = z
  .strictObject({
    answer: z.enum(['CONFIRM', 'DECLINE']),
    comment: optionalParagraphText(LIMITS.consentCommentLength),
    ...formControlFields,
  })
  .meta({ id: 'ConsentSubmission' });

export type ConsentSubmission = z.infer<typeof consentSubmissionSchema>;

export const pageQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(1024).optional(),
});

export const organizationsQuerySchema = pageQuerySchema.extend({ sector: sectorSchema.optional() });

/** GET /applications: the caller's own applications, optionally in one status. */
export const applicationsQuerySchema = pageQuerySchema.extend({
  status: z.enum(APPLICATION_STATUSES).optional(),
});

import * as z from 'zod';
import { SECTORS } from '#shared/domain/sectors';
import { formControlFields, LIMITS, sectorSchema } from '#shared/schemas/api';

/**
 * The applicant portal's forms as they are posted (every field a string, at
 * most as long as the largest valid answer). Only their shape is checked
 * here; what they mean is checked by the API's own schemas once the portal
 * has turned them into an API request (shared/http/portal-forms.ts), so a
 * form and a JSON client are refused for the same reasons.
 */

/** A pasted member list: one INN (12 digits at most) and a line break per member. */
export const MEMBER_LIST_MAX = LIMITS.maxMembers * 14;
/** A partner per line: `name; email; inn; country`. */
export const PARTNER_LIST_MAX =
  LIMITS.maxPartners * (LIMITS.nameLength + LIMITS.emailLength + 12 + 2 + 3 * 2 + 2);

const text = (max: number) => z.string().max(max);
/** The form's own id: resending the same form files the same application (the API's Idempotency-Key). */
const formId = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, 'reload the form');

export const portalSignInForm = z.object({ inn: text(20), next: text(200).optional(), ...formControlFields });

export const portalCsrfOnlyForm = z.object({ ...formControlFields });

export const portalWithdrawForm = z.object({ confirm: z.literal('yes').optional(), ...formControlFields });

export const portalCreateForm = z.object({
  kind: z.literal('CREATE_CLUSTER'),
  formId,
  contactEmail: text(LIMITS.emailLength),
  clusterName: text(LIMITS.nameLength),
  sectors: z.array(sectorSchema).max(SECTORS.length).default([]),
  projectTitle: text(LIMITS.titleLength),
  projectSummary: text(LIMITS.summaryLength),
  memberInns: text(MEMBER_LIST_MAX).default(''),
  partners: text(PARTNER_LIST_MAX).default(''),
  ...formControlFields,
});

export const portalJoinForm = z.object({
  kind: z.literal('JOIN_CLUSTER'),
  formId,
  contactEmail: text(LIMITS.emailLength),
  clusterId: text(60).default(''),
  motivation: text(LIMITS.motivationLength),
  ...formControlFields,
});

export const portalApplicationForm = z.discriminatedUnion('kind', [portalCreateForm, portalJoinForm]);

export const portalInviteForm = z.object({
  role: z.enum(['MEMBER', 'PARTNER']),
  inn: text(20).default(''),
  name: text(LIMITS.nameLength).default(''),
  email: text(LIMITS.emailLength).default(''),
  country: text(2).default(''),
  ...formControlFields,
});

export type PortalCreateForm = z.infer<typeof portalCreateForm>;
export type PortalJoinForm = z.infer<typeof portalJoinForm>;
export type PortalInviteForm = z.infer<typeof portalInviteForm>;

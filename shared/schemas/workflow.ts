import * as z from 'zod';

/**
 * Payloads between states: ids and small summaries only (member lists stay in
 * DynamoDB, far under the 256 KB payload limit).
 */

export const stageSchema = z.enum(['ELIGIBILITY', 'CONSENT', 'REVIEW', 'SIGNOFF']);

export const workflowInputSchema = z.object({
  applicationId: z.string().min(1),
  stage: stageSchema.optional(),
});

export const applicationStepSchema = z.object({ applicationId: z.string().min(1) }).loose();

export const requestReviewSchema = z.object({
  applicationId: z.string().min(1),
  expertId: z.string().min(1),
  taskToken: z.string().min(1),
});

export const requestConsentSchema = z.object({
  applicationId: z.string().min(1),
  taskToken: z.string().min(1),
});

export const requestSignoffSchema = z.object({
  applicationId: z.string().min(1),
  taskToken: z.string().min(1),
});

export const closeApplicationSchema = z.object({
  applicationId: z.string().min(1),
  status: z.enum(['EXPIRED', 'FAILED']),
  /** For FAILED: the Catch's `{Error, Cause}`. */
  failure: z.object({ Error: z.string().optional(), Cause: z.string().optional() }).loose().optional(),
  reason: z.string().optional(),
});

/** What a review task's SendTaskSuccess carries. */
export interface ReviewTaskOutput {
  expertId: string;
  answered: true;
}

/** What the consent stage's SendTaskSuccess carries (the answers stay in DynamoDB). */
export interface ConsentTaskOutput {
  answered: true;
}

/** What the consent stage leaves for the workflow to branch on. */
export interface ConsentStepOutput {
  /** Enough confirmed members: on to expert review; otherwise the application is INELIGIBLE. */
  enough: boolean;
}

/** What the sign-off task's SendTaskSuccess carries. */
export interface SignoffTaskOutput {
  outcome: 'APPROVED' | 'REJECTED';
}

export interface EligibilityStepOutput {
  eligible: boolean;
  /** An eligible create application waits for its members' consent first. */
  needsConsent: boolean;
}

export interface AssignmentStepOutput {
  experts: Array<{ expertId: string }>;
  deadline: string;
}

export interface TallyStepOutput {
  quorumMet: boolean;
  received: number;
  assigned: number;
}

import * as z from 'zod';

/**
 * Payloads between states: ids and small summaries only (member lists stay in
 * DynamoDB, far under the 256 KB payload limit).
 */

export const stageSchema = z.enum(['ELIGIBILITY', 'CONSENT', 'REVIEW', 'SIGNOFF', 'AMENDMENT']);

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
  /** The sign-off deadline passed undecided: hand the sign-off to the department head. */
  escalate: z.boolean().optional(),
});

export const requestAmendmentSchema = z.object({
  applicationId: z.string().min(1),
  taskToken: z.string().min(1),
});

/**
 * What the amendment task's SendTaskSuccess carries: the applicant resubmitted, or (a run resumed
 * after its deadline) the deadline passed, which the workflow handles as the task's timeout.
 */
export type AmendmentTaskOutput = { resubmitted: true } | { expired: true };

export const closeApplicationSchema = z.object({
  applicationId: z.string().min(1),
  status: z.enum(['EXPIRED', 'FAILED']),
  /** For FAILED: the Catch's `{Error, Cause}`. */
  failure: z.object({ Error: z.string().optional(), Cause: z.string().optional() }).loose().optional(),
  reason: z.string().optional(),
});

/**
 * What a review task's SendTaskSuccess carries. A recusal is not an output: it ends the task with
 * the `ExpertRecused` error (SendTaskFailure), which the review branch catches to ask for a
 * replacement, so the path of an answered review has no extra state (and costs nothing more).
 */
export interface ReviewTaskOutput {
  expertId: string;
  answered: true;
}

/** The cause a recusal's SendTaskFailure carries: no name, no reason (those stay in DynamoDB). */
export const RECUSAL_CAUSE = 'The expert recused; the reason is in the review task';

export const replaceExpertSchema = z.object({
  applicationId: z.string().min(1),
  recusedExpertId: z.string().min(1),
});

/** The replace step's answer: the replacement's id, or none (the iteration then ends). */
export interface ReplacementStepOutput {
  expertId?: string;
  deadline?: string;
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
  /** RETURNED: the official returned the application for amendment (workflows/fragments/amendment.ts). */
  outcome: 'APPROVED' | 'REJECTED' | 'RETURNED';
}

/**
 * What the escalation step's SendTaskSuccess carries: the head's (or a last-moment) decision, or
 * NOT_ESCALATED when no department head could take the sign-off over (workflows/fragments/signoff.ts).
 */
export type EscalationTaskOutput = SignoffTaskOutput | { outcome: 'NOT_ESCALATED'; reason: 'NO_HEAD' };

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

/**
 * The workflow's Lambda task states that retry (every step, the callbacks and
 * the two close steps), for the local engine's `retryIntervalOverrides`: the
 * fault tests keep the deployed retry counts and rules, with the waits between
 * attempts shortened to `intervalMs`.
 */
const RETRYING_STATES = [
  'CheckEligibility',
  'RequestConsent',
  'ConcludeConsent',
  'AssignExperts',
  'RequestReview',
  'TallyReviews',
  'RequestSignoff',
  'EscalateSignoff',
  'ApplyDecision',
  'NotifyApplicant',
  'MarkFailed',
  'MarkSignoffExpired',
] as const;

export const shortRetryIntervals = (intervalMs: number): Record<string, number> =>
  Object.fromEntries(RETRYING_STATES.map((state) => [state, intervalMs]));

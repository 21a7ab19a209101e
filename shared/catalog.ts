/**
 * Every Lambda function of the product and every HTTP route, in one place.
 * The CDK app builds functions, grants and API Gateway methods from this
 * table, and the local runtime serves the same routes with the same handlers,
 * so the two cannot drift apart. Plain data: every layer may import it
 * (infra/ and workflows/ import nothing else of shared/ but config defaults).
 */

import { LAMBDA_DEFAULTS } from '#shared/config-defaults';

/**
 * What a function may do with the table: `read`; `readWrite` (put, update,
 * delete anywhere); or read anywhere and write (put, update) only items whose
 * partition key starts with one of `writeKeyPrefixes` (IAM `dynamodb:LeadingKeys`).
 */
export type TableAccess = 'read' | 'readWrite' | { readonly writeKeyPrefixes: readonly string[] };

export interface FunctionSpec {
  description: string;
  /** What the function may do with the table (absent: no access). */
  table?: TableAccess;
  /** Calls BatchWriteItem (granted only with this). */
  batchWrite?: boolean;
  /** Step Functions actions it needs on the application workflow. */
  workflow?: ReadonlyArray<'start' | 'stop' | 'callback' | 'describe'>;
  sendsEmail?: boolean;
  /** Reads the link-signing keys. */
  linkKeys?: boolean;
  /** Makes invitations: reads INVITATION_TTL_SECONDS. */
  invitationSettings?: boolean;
  /** Signs applicants in to the portal: reads the user pool's hosted-UI settings (PORTAL_*). */
  portalSignIn?: boolean;
  /** The operator console: reads STUCK_AFTER_SECONDS and RECONCILE_GRACE_SECONDS. */
  operatorSettings?: boolean;
  /**
   * Serves `/admin` routes: the operator gate verifies ID tokens and the console's session cookie
   * (OPERATOR_* settings and the link-signing keys, which seal the session).
   */
  operatorGate?: boolean;
  memoryMb?: number;
  timeoutSeconds?: number;
  /** Run on a schedule (an EventBridge rule in AWS, a timer in the local runtime), not on demand. */
  schedule?: { everyMinutes: number };
}

/** The link, the task, its history event and the application: what a link page's answer writes. */
const LINK_PAGE_WRITES = { writeKeyPrefixes: ['APP#', 'LINK#'] } as const;

/** An invitation and its invitee's slot (see shared/adapters/invitation-store.ts). */
const INVITATION_WRITES = ['INVITATION#', 'INVITE#'] as const;

export const FUNCTIONS = {
  // Workflow steps
  'check-eligibility': {
    description: 'Checks an application against the programme rules',
    table: 'readWrite',
    memoryMb: 512,
    timeoutSeconds: 60,
  },
  'request-consent': {
    description: 'Opens the consent stage: one request and signed link per member and partner, emailed once',
    table: 'readWrite',
    batchWrite: true,
    workflow: ['callback'],
    sendsEmail: true,
    linkKeys: true,
    memoryMb: 512,
    // 2,000 members and 200 partners emailed, bounded concurrency, within SES send rates; re-runs resume.
    timeoutSeconds: 900,
  },
  'conclude-consent': {
    description: 'Ends the consent stage: drops who declined or did not answer, counts the confirmed',
    table: 'readWrite',
    memoryMb: 512,
    timeoutSeconds: 60,
  },
  'assign-experts': { description: 'Picks the experts who review an application', table: 'readWrite' },
  'request-review': {
    description: 'Stores a review task token, emails the expert a signed link',
    table: 'readWrite',
    workflow: ['callback'],
    sendsEmail: true,
    linkKeys: true,
  },
  'tally-reviews': { description: 'Counts the expert answers against the quorum', table: 'readWrite' },
  'request-signoff': {
    description: 'Stores the sign-off task token, emails an official a signed link',
    table: 'readWrite',
    workflow: ['callback'],
    sendsEmail: true,
    linkKeys: true,
  },
  'apply-decision': {
    description: 'Applies the decision: creates the cluster or adds the member',
    table: 'readWrite',
    batchWrite: true,
    memoryMb: 512,
    timeoutSeconds: 120,
  },
  'request-amendment': {
    description: "Emails the applicant an official's return for amendment; waits for the resubmission",
    table: 'readWrite',
    workflow: ['callback'],
    sendsEmail: true,
  },
  'close-application': { description: 'Ends an application EXPIRED or FAILED', table: 'readWrite' },
  'notify-applicant': {
    description: 'Emails the applicant the outcome',
    table: 'readWrite',
    sendsEmail: true,
  },
  // HTTP API
  'submit-application': {
    description: 'POST /applications',
    table: 'readWrite',
    workflow: ['start'],
    sendsEmail: true,
  },
  'resubmit-application': {
    description: 'PUT /applications/{id}: the corrected application, after a return for amendment',
    table: 'readWrite',
    workflow: ['callback'],
  },
  'get-application': { description: 'GET /applications and /applications/{id}', table: 'read' },
  'withdraw-application': {
    description: 'POST /applications/{id}/withdraw',
    table: 'readWrite',
    workflow: ['stop'],
    sendsEmail: true,
  },
  'registry-api': { description: 'GET /clusters and /organizations', table: 'read' },
  'review-page': {
    description: 'GET and POST /reviews/{reviewId}',
    table: LINK_PAGE_WRITES,
    workflow: ['callback'],
    linkKeys: true,
  },
  'signoff-page': {
    description: 'GET and POST /signoff/{signoffId}',
    table: LINK_PAGE_WRITES,
    workflow: ['callback'],
    // A delegation emails the delegate a new link.
    sendsEmail: true,
    linkKeys: true,
  },
  'cluster-invitations': {
    description: 'POST, GET /clusters/{id}/invitations and DELETE /clusters/{id}/invitations/{invitationId}',
    table: { writeKeyPrefixes: INVITATION_WRITES },
    sendsEmail: true,
    linkKeys: true,
    invitationSettings: true,
  },
  'invitation-page': {
    description:
      'GET and POST /invitations/{invitationId}: accept (files a join, or lists a partner) or decline',
    // The invitation; a partner on its cluster; a join application with its history and notice,
    // and the programme figures it adds to (shared/adapters/figures-store.ts).
    table: { writeKeyPrefixes: [...INVITATION_WRITES, 'CLUSTER#', 'APP#', 'STATS#'] },
    workflow: ['start'],
    sendsEmail: true,
    linkKeys: true,
  },
  'consent-page': {
    description: 'GET and POST /consents/{consentId}',
    table: LINK_PAGE_WRITES,
    workflow: ['callback'],
    linkKeys: true,
  },
  'api-docs': { description: 'GET /openapi.json: the API contract' },
  // The applicant portal: the API's use-cases behind server-rendered pages, so it may do what the
  // applicant routes it stands in for may (submit, read, withdraw, resubmit, the coordinator's invitations).
  portal: {
    description: 'GET and POST /portal/...: the applicant portal (sign-in, applications, invitations)',
    table: 'readWrite',
    workflow: ['start', 'stop', 'callback'],
    sendsEmail: true,
    // Signs the session cookie and the forms' CSRF tokens; an invitation emails a signed link.
    linkKeys: true,
    invitationSettings: true,
    portalSignIn: true,
  },
  // The operator console (`/admin`, operators only)
  'admin-console': {
    description: 'GET /admin pages: the operator console',
    table: 'read',
    // Whether an application's run is still going (stuck or not).
    workflow: ['describe'],
    // The CSRF tokens of the console's forms are derived from the link-signing keys.
    linkKeys: true,
    operatorSettings: true,
    operatorGate: true,
  },
  'admin-api': {
    description: 'GET /admin/api/applications and /admin/api/applications/{id}',
    table: 'read',
    workflow: ['describe'],
    operatorSettings: true,
    linkKeys: true,
    operatorGate: true,
  },
  'admin-actions': {
    description: 'POST /admin/api/applications/{id}/{redrive,reassign,cancel} and the console forms',
    // A redrive reclaims the name or join slot; a cancellation releases it (a delete).
    table: 'readWrite',
    // Redrive: a new run; cancel: stop it; reassign a review: end the waiting task; the page after an action.
    workflow: ['start', 'stop', 'callback', 'describe'],
    // A reassigned sign-off's new link; the applicant told of a cancellation.
    sendsEmail: true,
    linkKeys: true,
    operatorSettings: true,
    operatorGate: true,
  },
  'admin-directories': {
    description:
      'The expert and official directories: /admin/api/{experts,officials} and their console pages',
    // Reads the open applications and their tasks (a deactivated person's open tasks); writes only people.
    table: { writeKeyPrefixes: ['EXPERT#', 'OFFICIAL#'] },
    // The CSRF tokens of the console's forms are derived from the link-signing keys.
    linkKeys: true,
    timeoutSeconds: 60,
    operatorGate: true,
  },
  'admin-figures': {
    description: 'GET /admin/api/metrics and the console page of the programme figures',
    table: 'read',
    linkKeys: true,
    operatorGate: true,
  },
  // Scheduled
  'publish-figures': {
    description:
      'Publishes the programme figures that are states, not events, as CloudWatch metrics (hourly)',
    table: 'read',
    schedule: { everyMinutes: 60 },
  },
  'send-reminders': {
    description: 'Emails the reminders due before the human deadlines (every 15 minutes)',
    // Reads tasks and applications; writes only the links' reminder schedule.
    table: { writeKeyPrefixes: ['LINK#'] },
    sendsEmail: true,
    linkKeys: true,
    schedule: { everyMinutes: 15 },
    timeoutSeconds: 300,
  },
  'reconcile-applications': {
    description: 'Resumes open applications whose workflow is not running (every 15 minutes)',
    table: 'readWrite',
    workflow: ['start', 'describe'],
    schedule: { everyMinutes: 15 },
    timeoutSeconds: 300,
  },
} as const satisfies Record<string, FunctionSpec>;

export type FunctionKey = keyof typeof FUNCTIONS;

export const STEP_FUNCTION_KEYS = [
  'check-eligibility',
  'request-consent',
  'conclude-consent',
  'assign-experts',
  'request-review',
  'tally-reviews',
  'request-signoff',
  'request-amendment',
  'apply-decision',
  'close-application',
  'notify-applicant',
] as const satisfies readonly FunctionKey[];

export type StepFunctionKey = (typeof STEP_FUNCTION_KEYS)[number];

export interface RouteSpec {
  /** `HEAD` on the link pages answers as `GET` without the body (link checkers, mail scanners). */
  method: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'DELETE';
  /** API Gateway resource path, `{param}` for path parameters. */
  path: string;
  function: FunctionKey;
  /**
   * `applicant`: a signed-in organization (Cognito in AWS); `operator`: a member of the user pool's
   * `operators` group, public to the gateway: the function's operator gate (shared/http/operator.ts)
   * checks the bearer ID token or the console's session cookie; `console-sign-in`: the console's
   * sign-in and sign-out, open to anyone; `link`: a signed email link; `public`: anyone; `portal`: a
   * page of the applicant portal, public to the gateway: the function checks its session cookie.
   */
  auth: 'applicant' | 'operator' | 'console-sign-in' | 'link' | 'public' | 'portal';
}

/** The applicant portal's pages (shared/http/portal.ts serves them): GET shows, POST acts. */
const PORTAL_ROUTES: readonly RouteSpec[] = (
  [
    ['GET', '/portal'],
    ['GET', '/portal/sign-in'],
    ['POST', '/portal/sign-in'],
    ['GET', '/portal/callback'],
    ['POST', '/portal/sign-out'],
    ['GET', '/portal/applications/new-create'],
    ['GET', '/portal/applications/new-join'],
    ['POST', '/portal/applications'],
    ['GET', '/portal/applications/{id}'],
    ['GET', '/portal/applications/{id}/withdraw'],
    ['POST', '/portal/applications/{id}/withdraw'],
    ['GET', '/portal/applications/{id}/resubmit'],
    ['POST', '/portal/applications/{id}/resubmit'],
    ['GET', '/portal/clusters/{id}/invitations'],
    ['POST', '/portal/clusters/{id}/invitations'],
    ['POST', '/portal/clusters/{id}/invitations/{invitationId}/revoke'],
  ] as const
).map(([method, path]) => ({ method, path, function: 'portal', auth: 'portal' }));

export const ROUTES: readonly RouteSpec[] = [
  { method: 'POST', path: '/applications', function: 'submit-application', auth: 'applicant' },
  { method: 'GET', path: '/applications', function: 'get-application', auth: 'applicant' },
  { method: 'GET', path: '/applications/{id}', function: 'get-application', auth: 'applicant' },
  { method: 'PUT', path: '/applications/{id}', function: 'resubmit-application', auth: 'applicant' },
  {
    method: 'POST',
    path: '/applications/{id}/withdraw',
    function: 'withdraw-application',
    auth: 'applicant',
  },
  { method: 'GET', path: '/clusters', function: 'registry-api', auth: 'public' },
  { method: 'GET', path: '/clusters/{id}', function: 'registry-api', auth: 'public' },
  { method: 'GET', path: '/organizations', function: 'registry-api', auth: 'public' },
  { method: 'GET', path: '/organizations/{inn}', function: 'registry-api', auth: 'public' },
  { method: 'GET', path: '/openapi.json', function: 'api-docs', auth: 'public' },
  { method: 'GET', path: '/reviews/{reviewId}', function: 'review-page', auth: 'link' },
  { method: 'HEAD', path: '/reviews/{reviewId}', function: 'review-page', auth: 'link' },
  { method: 'POST', path: '/reviews/{reviewId}', function: 'review-page', auth: 'link' },
  { method: 'GET', path: '/signoff/{signoffId}', function: 'signoff-page', auth: 'link' },
  { method: 'HEAD', path: '/signoff/{signoffId}', function: 'signoff-page', auth: 'link' },
  { method: 'POST', path: '/signoff/{signoffId}', function: 'signoff-page', auth: 'link' },
  {
    method: 'POST',
    path: '/clusters/{id}/invitations',
    function: 'cluster-invitations',
    auth: 'applicant',
  },
  { method: 'GET', path: '/clusters/{id}/invitations', function: 'cluster-invitations', auth: 'applicant' },
  {
    method: 'DELETE',
    path: '/clusters/{id}/invitations/{invitationId}',
    function: 'cluster-invitations',
    auth: 'applicant',
  },
  { method: 'GET', path: '/invitations/{invitationId}', function: 'invitation-page', auth: 'link' },
  { method: 'HEAD', path: '/invitations/{invitationId}', function: 'invitation-page', auth: 'link' },
  { method: 'POST', path: '/invitations/{invitationId}', function: 'invitation-page', auth: 'link' },
  { method: 'GET', path: '/consents/{consentId}', function: 'consent-page', auth: 'link' },
  { method: 'HEAD', path: '/consents/{consentId}', function: 'consent-page', auth: 'link' },
  { method: 'POST', path: '/consents/{consentId}', function: 'consent-page', auth: 'link' },
  ...PORTAL_ROUTES,
  // The operator console
  { method: 'GET', path: '/admin/sign-in', function: 'admin-console', auth: 'console-sign-in' },
  { method: 'POST', path: '/admin/sign-in', function: 'admin-console', auth: 'console-sign-in' },
  { method: 'GET', path: '/admin/callback', function: 'admin-console', auth: 'console-sign-in' },
  { method: 'POST', path: '/admin/sign-out', function: 'admin-console', auth: 'console-sign-in' },
  { method: 'GET', path: '/admin', function: 'admin-console', auth: 'operator' },
  { method: 'GET', path: '/admin/applications', function: 'admin-console', auth: 'operator' },
  { method: 'GET', path: '/admin/applications/{id}', function: 'admin-console', auth: 'operator' },
  { method: 'POST', path: '/admin/applications/{id}/redrive', function: 'admin-actions', auth: 'operator' },
  { method: 'POST', path: '/admin/applications/{id}/reassign', function: 'admin-actions', auth: 'operator' },
  { method: 'POST', path: '/admin/applications/{id}/cancel', function: 'admin-actions', auth: 'operator' },
  {
    method: 'POST',
    path: '/admin/api/applications/{id}/redrive',
    function: 'admin-actions',
    auth: 'operator',
  },
  {
    method: 'POST',
    path: '/admin/api/applications/{id}/reassign',
    function: 'admin-actions',
    auth: 'operator',
  },
  {
    method: 'POST',
    path: '/admin/api/applications/{id}/cancel',
    function: 'admin-actions',
    auth: 'operator',
  },
  { method: 'GET', path: '/admin/api/applications', function: 'admin-api', auth: 'operator' },
  { method: 'GET', path: '/admin/api/applications/{id}', function: 'admin-api', auth: 'operator' },
  // The expert and official directories; the programme figures
  { method: 'GET', path: '/admin/api/experts', function: 'admin-directories', auth: 'operator' },
  { method: 'POST', path: '/admin/api/experts', function: 'admin-directories', auth: 'operator' },
  { method: 'POST', path: '/admin/api/experts/import', function: 'admin-directories', auth: 'operator' },
  { method: 'GET', path: '/admin/api/experts/{expertId}', function: 'admin-directories', auth: 'operator' },
  { method: 'PUT', path: '/admin/api/experts/{expertId}', function: 'admin-directories', auth: 'operator' },
  { method: 'GET', path: '/admin/experts', function: 'admin-directories', auth: 'operator' },
  { method: 'POST', path: '/admin/experts', function: 'admin-directories', auth: 'operator' },
  // Static paths before the path parameter: the local edge takes the first route that fits.
  { method: 'GET', path: '/admin/experts/new', function: 'admin-directories', auth: 'operator' },
  { method: 'GET', path: '/admin/experts/import', function: 'admin-directories', auth: 'operator' },
  { method: 'POST', path: '/admin/experts/import', function: 'admin-directories', auth: 'operator' },
  { method: 'GET', path: '/admin/experts/{expertId}', function: 'admin-directories', auth: 'operator' },
  { method: 'POST', path: '/admin/experts/{expertId}', function: 'admin-directories', auth: 'operator' },
  { method: 'GET', path: '/admin/api/officials', function: 'admin-directories', auth: 'operator' },
  { method: 'POST', path: '/admin/api/officials', function: 'admin-directories', auth: 'operator' },
  { method: 'POST', path: '/admin/api/officials/import', function: 'admin-directories', auth: 'operator' },
  {
    method: 'GET',
    path: '/admin/api/officials/{officialId}',
    function: 'admin-directories',
    auth: 'operator',
  },
  {
    method: 'PUT',
    path: '/admin/api/officials/{officialId}',
    function: 'admin-directories',
    auth: 'operator',
  },
  { method: 'GET', path: '/admin/officials', function: 'admin-directories', auth: 'operator' },
  { method: 'POST', path: '/admin/officials', function: 'admin-directories', auth: 'operator' },
  // Static paths before the path parameter: the local edge takes the first route that fits.
  { method: 'GET', path: '/admin/officials/new', function: 'admin-directories', auth: 'operator' },
  { method: 'GET', path: '/admin/officials/import', function: 'admin-directories', auth: 'operator' },
  { method: 'POST', path: '/admin/officials/import', function: 'admin-directories', auth: 'operator' },
  { method: 'GET', path: '/admin/officials/{officialId}', function: 'admin-directories', auth: 'operator' },
  { method: 'POST', path: '/admin/officials/{officialId}', function: 'admin-directories', auth: 'operator' },
  { method: 'GET', path: '/admin/api/metrics', function: 'admin-figures', auth: 'operator' },
  { method: 'GET', path: '/admin/figures', function: 'admin-figures', auth: 'operator' },
];

/** The timeout and memory a function runs with, deployed (infra/) and locally (local/lambda-runner.ts). */
export function functionLimits(spec: FunctionSpec): { timeoutSeconds: number; memoryMb: number } {
  return {
    timeoutSeconds: spec.timeoutSeconds ?? LAMBDA_DEFAULTS.timeoutSeconds,
    memoryMb: spec.memoryMb ?? LAMBDA_DEFAULTS.memoryMb,
  };
}

/**
 * Functions outside the API and the workflow, built with the same defaults
 * (infra/constructs/product-function.ts): the link-key rotation of the data stack.
 */
export type OperationsFunctionKey = 'rotate-link-keys';

/** The folder of a function's handler, relative to the repository root. */
export function handlerEntry(key: FunctionKey | OperationsFunctionKey): string {
  return `functions/${key}/handler.ts`;
}

/** Error names the state machine matches in Retry and Catch (see workflows/), thrown by shared/errors.ts. */
export const WORKFLOW_ERRORS = {
  transient: 'TransientError',
  applicationClosed: 'ApplicationClosed',
  noExpertsAvailable: 'NoExpertsAvailable',
  /** A review task ended by the expert's recusal (SendTaskFailure): the branch asks for a replacement. */
  expertRecused: 'ExpertRecused',
  /** A sign-off task ended by the official's return for amendment: the workflow waits for the applicant. */
  returnedForAmendment: 'ReturnedForAmendment',
  /**
   * A review, sign-off or escalation step re-entered (restart, redrive) after its recorded deadline
   * (SendTaskFailure): caught with States.Timeout, so it ends the wait as the deadline would have.
   */
  deadlinePassed: 'DeadlinePassed',
} as const;

/**
 * The programme figures as CloudWatch metrics (Powertools Metrics, in the embedded metric format):
 * the names the functions emit and the dashboard (infra/constructs/monitoring.ts) reads. Every
 * metric also carries Powertools' `service` dimension (the app name).
 */
export const FIGURE_METRICS = {
  namespace: 'ClusterProgramme',
  /** Count, by `Status`: applications that entered a status (SUBMITTED: submitted). */
  entered: 'ApplicationsEntered',
  /** Seconds, by `Stage`: time an application spent in a status (TOTAL: submission to the end). */
  stageDuration: 'StageDuration',
  /** Count, by `Kind`: REVIEW (an expert's), SIGNOFF (an official's), EXPIRED_IN_<status>. */
  missedDeadlines: 'MissedDeadlines',
  /** Count: reviews given to experts. */
  reviewsAssigned: 'ReviewsAssigned',
  /** Gauges published by `publish-figures`: applications in each status now (by `Status`)... */
  inStatus: 'ApplicationsInStatus',
  /** ...the open reviews of the busiest active expert and the mean over the active experts... */
  openReviewsMax: 'OpenReviewsPerExpertMax',
  openReviewsMean: 'OpenReviewsPerExpertMean',
  /** ...and the approval rate of the last 30 days (0-1; absent when nothing was decided). */
  approvalRate30Days: 'ApprovalRate30Days',
} as const;

import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { acknowledgeWildcardResources, NO_RESOURCE_LEVEL_PERMISSIONS } from '#infra/nag';
import type { StepFunctionKey } from '#shared/catalog';
import { DEFAULTS, MAX_RETURNS_PER_APPLICATION } from '#shared/config-defaults';
import { AmendmentStage } from '#workflows/fragments/amendment';
import { ExpertReviewStage } from '#workflows/fragments/expert-review';
import { MemberConsentStage } from '#workflows/fragments/member-consent';
import { SignoffStage } from '#workflows/fragments/signoff';
import { catchFailures, FAILURE_PATH, invokeStep } from '#workflows/steps';

export interface ApplicationWorkflowProps {
  functions: Record<StepFunctionKey, IFunction>;
  consentTimeout: Duration;
  reviewTimeout: Duration;
  signoffTimeout: Duration;
  /** The department head's deadline on an escalated sign-off. */
  escalationTimeout: Duration;
  /** How long the applicant has to resubmit an application returned for amendment. */
  amendmentTimeout: Duration;
  /** Replacements of recused experts per application: the review stage lasts at most 1 + this review periods. */
  maxReplacementsPerApplication?: number;
  /**
   * A fixed name lets functions that the state machine itself invokes be
   * granted `states:SendTask*` on its ARN without a dependency cycle.
   */
  stateMachineName: string;
  /** X-Ray tracing of the executions (the `tracing` setting). */
  tracing: boolean;
  /** Defaults to one year. */
  logRetention?: logs.RetentionDays;
}

/**
 * One Standard state machine for both application types: they share the
 * flow and differ in domain functions and configuration. The input is
 * `{applicationId, stage?}`; the first state routes to the stage, so a new
 * application starts at eligibility and a resumed one (local restart, or an
 * operator's redrive) re-enters where its recorded status says.
 */
/** The alias every new execution starts through; it points at the newest published version. */
export const LIVE_ALIAS_NAME = 'live';

export class ApplicationWorkflow extends Construct {
  readonly stateMachine: sfn.StateMachine;
  readonly logGroup: logs.LogGroup;
  /** The version published from this deployment's definition. */
  readonly version: sfn.CfnStateMachineVersion;
  /** Start executions here (`<state machine ARN>:live`), never on the unqualified ARN. */
  readonly liveAlias: sfn.CfnStateMachineAlias;

  constructor(scope: Construct, id: string, props: ApplicationWorkflowProps) {
    super(scope, id);
    const fn = props.functions;

    const done = new sfn.Succeed(this, 'Done');
    const closedMeanwhile = new sfn.Succeed(this, 'ClosedMeanwhile', {
      comment: 'Withdrawn or decided while a step ran: nothing more to do',
    });

    const failed = new sfn.Fail(this, 'ApplicationFailed', {
      error: 'ApplicationFailed',
      cause: 'A step failed; the application is FAILED with the cause in its history',
    });
    // Retries like every step (throttles included): the FAILED record is what tells people.
    const markFailed = invokeStep(this, 'MarkFailed', fn['close-application'], {
      resultPath: sfn.JsonPath.DISCARD,
      payload: {
        applicationId: sfn.JsonPath.stringAt('$.applicationId'),
        status: 'FAILED',
        failure: sfn.JsonPath.objectAt(FAILURE_PATH),
      },
    });
    markFailed.next(failed);
    const routes = { onClosed: closedMeanwhile, onFailure: markFailed };

    const notify = invokeStep(this, 'NotifyApplicant', fn['notify-applicant'], {
      resultPath: sfn.JsonPath.DISCARD,
      comment: 'Emails the outcome the application ended with (once per outcome)',
    });
    catchFailures(notify, routes);
    notify.next(done);

    const checkEligibility = invokeStep(this, 'CheckEligibility', fn['check-eligibility'], {
      resultPath: '$.eligibility',
    });
    catchFailures(checkEligibility, routes);

    const consent = new MemberConsentStage(this, 'MemberConsent', {
      requestConsent: fn['request-consent'],
      concludeConsent: fn['conclude-consent'],
      consentTimeout: props.consentTimeout,
      ...routes,
    });

    const review = new ExpertReviewStage(this, 'ExpertReview', {
      assignExperts: fn['assign-experts'],
      requestReview: fn['request-review'],
      tallyReviews: fn['tally-reviews'],
      reviewTimeout: props.reviewTimeout,
      ...routes,
    });

    // A resubmitted application starts a new round where a new one starts.
    const amendment = new AmendmentStage(this, 'Amendment', {
      requestAmendment: fn['request-amendment'],
      closeApplication: fn['close-application'],
      amendmentTimeout: props.amendmentTimeout,
      onResubmitted: checkEligibility,
      afterExpiry: notify,
      ...routes,
    });

    const signoff = new SignoffStage(this, 'Signoff', {
      requestSignoff: fn['request-signoff'],
      applyDecision: fn['apply-decision'],
      closeApplication: fn['close-application'],
      signoffTimeout: props.signoffTimeout,
      escalationTimeout: props.escalationTimeout,
      afterExpiry: notify,
      afterReturn: amendment,
      ...routes,
    });

    checkEligibility.next(
      new sfn.Choice(this, 'Eligible?')
        .when(
          sfn.Condition.and(
            sfn.Condition.booleanEquals('$.eligibility.eligible', true),
            sfn.Condition.isPresent('$.eligibility.needsConsent'),
            sfn.Condition.booleanEquals('$.eligibility.needsConsent', true),
          ),
          consent,
        )
        .when(sfn.Condition.booleanEquals('$.eligibility.eligible', true), review)
        .otherwise(notify),
    );
    consent.next(
      new sfn.Choice(this, 'EnoughConfirmed?')
        .when(sfn.Condition.booleanEquals('$.consent.enough', true), review)
        .otherwise(notify),
    );
    review.next(
      new sfn.Choice(this, 'QuorumReached?')
        .when(sfn.Condition.booleanEquals('$.tally.quorumMet', true), signoff)
        .otherwise(notify),
    );
    signoff.next(notify);

    const routeByStage = new sfn.Choice(this, 'RouteByStage')
      .when(
        sfn.Condition.and(
          sfn.Condition.isPresent('$.stage'),
          sfn.Condition.stringEquals('$.stage', 'AMENDMENT'),
        ),
        amendment,
      )
      .when(
        sfn.Condition.and(
          sfn.Condition.isPresent('$.stage'),
          sfn.Condition.stringEquals('$.stage', 'SIGNOFF'),
        ),
        signoff,
      )
      .when(
        sfn.Condition.and(
          sfn.Condition.isPresent('$.stage'),
          sfn.Condition.stringEquals('$.stage', 'REVIEW'),
        ),
        review,
      )
      .when(
        sfn.Condition.and(
          sfn.Condition.isPresent('$.stage'),
          sfn.Condition.stringEquals('$.stage', 'CONSENT'),
        ),
        consent,
      )
      .otherwise(checkEligibility);

    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention ?? logs.RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      stateMachineName: props.stateMachineName,
      stateMachineType: sfn.StateMachineType.STANDARD,
      queryLanguage: sfn.QueryLanguage.JSON_PATH,
      definitionBody: sfn.DefinitionBody.fromChainable(routeByStage),
      // Every stage's deadline plus slack: an execution can never outlive its application's stages.
      // A review branch lasts at most one review period per expert in its chain of replacements;
      // each return for amendment adds the applicant's deadline and one more round of every stage.
      timeout: Duration.seconds(
        (MAX_RETURNS_PER_APPLICATION + 1) *
          props.consentTimeout
            .plus(
              Duration.seconds(
                props.reviewTimeout.toSeconds() *
                  (1 + (props.maxReplacementsPerApplication ?? DEFAULTS.maxReplacementsPerApplication)),
              ),
            )
            .plus(props.signoffTimeout)
            .plus(props.escalationTimeout)
            .toSeconds() +
          MAX_RETURNS_PER_APPLICATION * props.amendmentTimeout.toSeconds(),
      ).plus(Duration.days(1)),
      tracingEnabled: props.tracing,
      logs: {
        destination: this.logGroup,
        level: sfn.LogLevel.ALL,
        // Execution data would include the task tokens handed to callback steps.
        includeExecutionData: false,
      },
    });
    // Safe redeploys (README "Deploy"): an execution runs the version it started on to the end,
    // whatever later deployments publish. Deleting the state machine would end its waiting
    // executions at their next transition, so neither a stack deletion nor a replacement does.
    this.stateMachine.applyRemovalPolicy(RemovalPolicy.RETAIN);
    // A new version whenever the definition (or role, logging, tracing) changes. Deleting an old
    // version when the next replaces it does not end the executions running on it.
    this.version = new sfn.CfnStateMachineVersion(this, 'Version', {
      stateMachineArn: this.stateMachine.stateMachineArn,
      stateMachineRevisionId: this.stateMachine.stateMachineRevisionId,
      description: 'Published by the CDK app on every change of the definition',
    });
    this.liveAlias = new sfn.CfnStateMachineAlias(this, 'LiveAlias', {
      name: LIVE_ALIAS_NAME,
      description: 'New executions start on the newest version; running ones keep theirs',
      routingConfiguration: [{ stateMachineVersionArn: this.version.attrArn, weight: 100 }],
    });

    acknowledgeWildcardResources(
      this.stateMachine,
      Object.values(fn).map((stepFunction) => `${stepFunction.functionArn}:*`),
      'CDK grants lambda:InvokeFunction on each step function and its versions (`<arn>:*`), so a task may ' +
        "target a published version or alias; only the workflow's own functions are covered.",
    );
    acknowledgeWildcardResources(
      this.stateMachine,
      ['*'],
      `Tracing and logging: ${NO_RESOURCE_LEVEL_PERMISSIONS}`,
    );
  }
}

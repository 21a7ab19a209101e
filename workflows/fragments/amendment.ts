import type { Duration } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { callbackStep, catchFailures, type FailureRoutes, invokeStep } from '#workflows/steps';

export interface AmendmentStageProps extends FailureRoutes {
  requestAmendment: IFunction;
  closeApplication: IFunction;
  amendmentTimeout: Duration;
  /** Where a resubmitted application goes: its eligibility is checked again. */
  onResubmitted: sfn.IChainable;
  /** Where an application goes once its amendment deadline passed and it was marked EXPIRED. */
  afterExpiry: sfn.IChainable;
}

/**
 * An official returned the application for amendment: the applicant is
 * emailed the comment and the deadline, and the execution waits (one
 * callback task) for `PUT /applications/{id}`, which hands the task its
 * output. The resubmitted application starts a new round at eligibility; no
 * resubmission by the deadline ends it EXPIRED.
 */
export class AmendmentStage extends sfn.StateMachineFragment {
  readonly startState: sfn.State;
  readonly endStates: sfn.INextable[];

  constructor(scope: Construct, id: string, props: AmendmentStageProps) {
    super(scope, id);

    const wait = callbackStep(this, 'AwaitAmendment', props.requestAmendment, {
      timeout: props.amendmentTimeout,
      payload: { applicationId: sfn.JsonPath.stringAt('$.applicationId') },
      resultPath: '$.amendment',
      comment: 'Emails the applicant the comment and waits for the corrected application (PUT)',
    });
    catchFailures(wait, props);

    const markExpired = invokeStep(this, 'MarkAmendmentExpired', props.closeApplication, {
      resultPath: '$.closed',
      comment: 'Leaves a resubmission made in the last moments before the deadline to go on',
      payload: {
        applicationId: sfn.JsonPath.stringAt('$.applicationId'),
        status: 'EXPIRED',
        reason: 'AMENDMENT_DEADLINE',
      },
    });
    catchFailures(markExpired, props);
    wait.addCatch(markExpired, { errors: [sfn.Errors.TIMEOUT], resultPath: sfn.JsonPath.DISCARD });
    markExpired.next(
      new sfn.Choice(this, 'ResubmittedBeforeDeadline?')
        .when(sfn.Condition.stringEquals('$.closed.status', 'SUBMITTED'), props.onResubmitted)
        .otherwise(props.afterExpiry),
    );
    // A run resumed after the deadline (an outage) completes at once with `expired`.
    wait.next(
      new sfn.Choice(this, 'Resubmitted?')
        .when(sfn.Condition.isPresent('$.amendment.expired'), markExpired)
        .otherwise(props.onResubmitted),
    );

    this.startState = wait;
    this.endStates = [];
  }
}

import type { Duration } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { callbackStep, catchFailures, type FailureRoutes, invokeStep } from '#workflows/steps';

export interface SignoffStageProps extends FailureRoutes {
  requestSignoff: IFunction;
  applyDecision: IFunction;
  closeApplication: IFunction;
  signoffTimeout: Duration;
  /** Where an application goes after its sign-off deadline passed and it was marked EXPIRED. */
  afterExpiry: sfn.IChainable;
}

/**
 * An official decides from a signed link; the decision is then applied
 * (cluster created or member added) in one all-or-nothing write. No decision
 * by the deadline ends the application EXPIRED.
 */
export class SignoffStage extends sfn.StateMachineFragment {
  readonly startState: sfn.State;
  readonly endStates: sfn.INextable[];

  constructor(scope: Construct, id: string, props: SignoffStageProps) {
    super(scope, id);

    const request = callbackStep(this, 'RequestSignoff', props.requestSignoff, {
      timeout: props.signoffTimeout,
      payload: { applicationId: sfn.JsonPath.stringAt('$.applicationId') },
      resultPath: '$.signoff',
      comment: 'Waits for the official to approve or reject on the sign-off page',
    });

    const markExpired = invokeStep(this, 'MarkSignoffExpired', props.closeApplication, {
      resultPath: '$.closed',
      comment: 'Leaves the application AWAITING_SIGNOFF if the official decided just before the deadline',
      payload: {
        applicationId: sfn.JsonPath.stringAt('$.applicationId'),
        status: 'EXPIRED',
        reason: 'SIGNOFF_DEADLINE',
      },
    });
    catchFailures(markExpired, props);

    request.addCatch(markExpired, { errors: [sfn.Errors.TIMEOUT], resultPath: sfn.JsonPath.DISCARD });
    catchFailures(request, props);

    const apply = invokeStep(this, 'ApplyDecision', props.applyDecision, { resultPath: '$.decision' });
    catchFailures(apply, props);

    // A decision recorded in the last moments before the timeout still stands.
    markExpired.next(
      new sfn.Choice(this, 'DecidedBeforeDeadline?')
        .when(sfn.Condition.stringEquals('$.closed.status', 'AWAITING_SIGNOFF'), apply)
        .otherwise(props.afterExpiry),
    );

    request.next(apply);
    this.startState = request;
    this.endStates = apply.endStates;
  }
}

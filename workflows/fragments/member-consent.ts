import type { Duration } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { callbackStep, catchFailures, type FailureRoutes, invokeStep } from '#workflows/steps';

export interface MemberConsentStageProps extends FailureRoutes {
  requestConsent: IFunction;
  concludeConsent: IFunction;
  /** How long the stage waits for answers: the consent deadline. */
  consentTimeout: Duration;
}

/**
 * Asks every listed member and partner to confirm, and waits for all of them
 * with ONE callback task, whatever the member count: the requests, their
 * links and the answers live in DynamoDB, and the last answer (or the request
 * step itself, if every answer came in first) resumes the task. At the
 * deadline the task times out and the conclusion drops the silent. Leaves
 * `$.consent.enough` for the workflow to branch on.
 */
export class MemberConsentStage extends sfn.StateMachineFragment {
  readonly startState: sfn.State;
  readonly endStates: sfn.INextable[];

  constructor(scope: Construct, id: string, props: MemberConsentStageProps) {
    super(scope, id);

    const request = callbackStep(this, 'RequestConsent', props.requestConsent, {
      timeout: props.consentTimeout,
      payload: { applicationId: sfn.JsonPath.stringAt('$.applicationId') },
      resultPath: sfn.JsonPath.DISCARD,
      comment: 'Emails every member and partner once; resumed when all have answered',
    });

    const conclude = invokeStep(this, 'ConcludeConsent', props.concludeConsent, {
      resultPath: '$.consent',
      comment: 'Drops who declined or did not answer; enough confirmed members go on to review',
    });
    catchFailures(conclude, props);

    // The deadline is not an error: the silent are dropped.
    request.addCatch(conclude, { errors: [sfn.Errors.TIMEOUT], resultPath: sfn.JsonPath.DISCARD });
    catchFailures(request, props);
    request.next(conclude);

    this.startState = request;
    this.endStates = conclude.endStates;
  }
}

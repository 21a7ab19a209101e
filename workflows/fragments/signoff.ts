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
  /** The department head's deadline once the sign-off deadline passed undecided. */
  escalationTimeout: Duration;
  /** Where an application goes after its sign-off deadline passed and it was marked EXPIRED. */
  afterExpiry: sfn.IChainable;
  /** Where an application returned for amendment goes: it waits for the applicant. */
  afterReturn: sfn.IChainable;
}

/** The sign-off task's output when the official returned the application for amendment. */
export const RETURNED = 'RETURNED';

/** What the escalation step returns when there is no department head to take the sign-off over. */
export const NOT_ESCALATED = 'NOT_ESCALATED';

/**
 * An official decides from a signed link (or delegates: the same step keeps
 * waiting, for the delegate); the decision is then applied (cluster created
 * or member added) in one all-or-nothing write. No decision by the deadline
 * escalates the sign-off once to the department head, with a deadline of its
 * own; no decision by that one either ends the application EXPIRED.
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
      comment: 'Waits for the official (or a delegate) to approve or reject on the sign-off page',
    });

    // The same function hands the sign-off to the department head, or, if the official decided in
    // the last moments before the deadline, completes this step at once with that decision.
    const escalate = callbackStep(this, 'EscalateSignoff', props.requestSignoff, {
      timeout: props.escalationTimeout,
      payload: { applicationId: sfn.JsonPath.stringAt('$.applicationId'), escalate: true },
      resultPath: '$.signoff',
      comment: 'Waits for the department head once the sign-off deadline passed undecided',
    });

    const markExpired = invokeStep(this, 'MarkSignoffExpired', props.closeApplication, {
      resultPath: '$.closed',
      comment: 'Leaves the application AWAITING_SIGNOFF if someone decided just before the deadline',
      payload: {
        applicationId: sfn.JsonPath.stringAt('$.applicationId'),
        status: 'EXPIRED',
        reason: 'SIGNOFF_DEADLINE',
      },
    });
    catchFailures(markExpired, props);

    request.addCatch(escalate, { errors: [sfn.Errors.TIMEOUT], resultPath: sfn.JsonPath.DISCARD });
    catchFailures(request, props);
    escalate.addCatch(markExpired, { errors: [sfn.Errors.TIMEOUT], resultPath: sfn.JsonPath.DISCARD });
    catchFailures(escalate, props);

    const apply = invokeStep(this, 'ApplyDecision', props.applyDecision, { resultPath: '$.decision' });
    catchFailures(apply, props);

    // A decision (or a return) recorded in the last moments before either deadline still stands.
    markExpired.next(
      new sfn.Choice(this, 'DecidedBeforeDeadline?')
        .when(sfn.Condition.stringEquals('$.closed.status', 'AWAITING_SIGNOFF'), apply)
        .when(sfn.Condition.stringEquals('$.closed.status', 'AMENDMENT_REQUESTED'), props.afterReturn)
        .otherwise(props.afterExpiry),
    );
    // No department head: the application expires as it did before escalation existed.
    escalate.next(
      new sfn.Choice(this, 'Escalated?')
        .when(sfn.Condition.stringEquals('$.signoff.outcome', NOT_ESCALATED), markExpired)
        .when(sfn.Condition.stringEquals('$.signoff.outcome', RETURNED), props.afterReturn)
        .otherwise(apply),
    );

    request.next(
      new sfn.Choice(this, 'Returned?')
        .when(sfn.Condition.stringEquals('$.signoff.outcome', RETURNED), props.afterReturn)
        .otherwise(apply),
    );
    this.startState = request;
    this.endStates = apply.endStates;
  }
}

import type { Duration } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { WORKFLOW_ERRORS } from '#shared/catalog';
import {
  callbackStep,
  catchFailures,
  DEADLINE_ERRORS,
  type FailureRoutes,
  invokeStep,
} from '#workflows/steps';

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

    // A return for amendment ends either step with ReturnedForAmendment (SendTaskFailure), like a
    // recusal: a decided application's path has no state more than before.
    const returned = { errors: [WORKFLOW_ERRORS.returnedForAmendment], resultPath: sfn.JsonPath.DISCARD };
    request.addCatch(escalate, { errors: [...DEADLINE_ERRORS], resultPath: sfn.JsonPath.DISCARD });
    request.addCatch(props.afterReturn, returned);
    catchFailures(request, props);
    escalate.addCatch(markExpired, { errors: [...DEADLINE_ERRORS], resultPath: sfn.JsonPath.DISCARD });
    escalate.addCatch(props.afterReturn, returned);
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
        .otherwise(apply),
    );

    request.next(apply);
    this.startState = request;
    this.endStates = apply.endStates;
  }
}

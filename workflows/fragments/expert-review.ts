import type { Duration } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { WORKFLOW_ERRORS } from '#shared/catalog';
import {
  applicationIdOnly,
  callbackStep,
  catchFailures,
  DEADLINE_ERRORS,
  type FailureRoutes,
  invokeStep,
} from '#workflows/steps';

export interface ExpertReviewStageProps extends FailureRoutes {
  assignExperts: IFunction;
  requestReview: IFunction;
  tallyReviews: IFunction;
  /** How long every expert's task waits: the review deadline. */
  reviewTimeout: Duration;
}

/**
 * Assigns the experts, waits for all of them in parallel (one callback task
 * per expert) until each has answered or the deadline passes, then tallies.
 * An expert who recuses (the task fails with `ExpertRecused`) is replaced
 * within its own branch: `ReplaceExpert`
 * picks the replacement and the branch loops back to `RequestReview` for it,
 * a new callback task with a full review deadline (`TimeoutSeconds` counts
 * from the task's start). The loop is bounded by the application's
 * replacement limit, which the replace step enforces.
 * Leaves `$.tally.quorumMet` for the workflow to branch on.
 */
export class ExpertReviewStage extends sfn.StateMachineFragment {
  readonly startState: sfn.State;
  readonly endStates: sfn.INextable[];

  constructor(scope: Construct, id: string, props: ExpertReviewStageProps) {
    super(scope, id);

    const assign = invokeStep(this, 'AssignExperts', props.assignExperts, {
      resultPath: '$.assignment',
      comment: 'Idempotent: re-entering the stage returns the experts already assigned',
    });

    const requestReview = callbackStep(this, 'RequestReview', props.requestReview, {
      timeout: props.reviewTimeout,
      payload: {
        applicationId: sfn.JsonPath.stringAt('$.applicationId'),
        expertId: sfn.JsonPath.stringAt('$.expertId'),
      },
      resultPath: '$.review',
      comment: 'Waits for the expert to post the review form',
    });
    // A missing answer is not an error: the tally counts who answered.
    requestReview.addCatch(new sfn.Pass(this, 'NoAnswerByDeadline'), {
      errors: [...DEADLINE_ERRORS],
      resultPath: sfn.JsonPath.DISCARD,
    });

    const replaceExpert = invokeStep(this, 'ReplaceExpert', props.assignExperts, {
      resultPath: '$.replacement',
      payload: {
        applicationId: sfn.JsonPath.stringAt('$.applicationId'),
        recusedExpertId: sfn.JsonPath.stringAt('$.expertId'),
      },
      comment: 'The expert recused: a replacement under the assignment rules, or none (idempotent)',
    });
    const reviewByReplacement = new sfn.Pass(this, 'ReviewByReplacement', {
      parameters: {
        applicationId: sfn.JsonPath.stringAt('$.applicationId'),
        expertId: sfn.JsonPath.stringAt('$.replacement.expertId'),
      },
    });
    reviewByReplacement.next(requestReview);
    replaceExpert.next(
      new sfn.Choice(this, 'ReplacementFound?')
        .when(sfn.Condition.isPresent('$.replacement.expertId'), reviewByReplacement)
        .otherwise(
          new sfn.Pass(this, 'NoReplacement', {
            comment: 'The others go on; the quorum keeps the panel size',
          }),
        ),
    );
    // A recusal ends the task with ExpertRecused (SendTaskFailure): an answered review's path
    // has no state more than before, so a prompt application costs no more transitions.
    requestReview.addCatch(replaceExpert, {
      errors: [WORKFLOW_ERRORS.expertRecused],
      resultPath: sfn.JsonPath.DISCARD,
    });

    const reviews = new sfn.Map(this, 'ReviewByEachExpert', {
      itemsPath: '$.assignment.experts',
      itemSelector: {
        applicationId: sfn.JsonPath.stringAt('$.applicationId'),
        expertId: sfn.JsonPath.stringAt('$$.Map.Item.Value.expertId'),
      },
      maxConcurrency: 0,
      resultPath: sfn.JsonPath.DISCARD,
    });
    reviews.itemProcessor(requestReview);
    catchFailures(reviews, props);

    const tally = invokeStep(this, 'TallyReviews', props.tallyReviews, {
      resultPath: '$.tally',
      payload: applicationIdOnly,
    });

    catchFailures(assign, props);
    catchFailures(tally, props);

    assign.next(reviews).next(tally);
    this.startState = assign;
    this.endStates = tally.endStates;
  }
}

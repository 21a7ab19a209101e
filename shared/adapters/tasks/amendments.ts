import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { figuresRecorder } from '#shared/adapters/application-store';
import { keys, putIfAbsent, queryEveryPage, rethrowTransient } from '#shared/adapters/dynamodb';
import { dynamoFigures } from '#shared/adapters/figures-store';
import { recordAnswer } from '#shared/adapters/tasks/record-answer';
import { swapPendingToken, type TaskTable, taskKey } from '#shared/adapters/tasks/task-table';
import type { Amendment, Application, HistoryEvent } from '#shared/domain/application';
import { transitionFigures } from '#shared/domain/figures';
import type { LinkRecord, RecordOutcome } from '#shared/domain/tasks';

/**
 * The return for amendment and the next round's clean slate (the Tasks port's
 * part for "Return for amendment"; the use-cases are return-for-amendment.ts,
 * request-amendment.ts and resubmit-application.ts).
 */
export function amendmentRecords(table: TaskTable) {
  const { client, tableName } = table;
  const recordFigures = figuresRecorder(dynamoFigures(client, tableName));
  return {
    /**
     * The official's return, all or nothing with its link and history: the
     * sign-off task becomes RETURNED and the application AMENDMENT_REQUESTED,
     * on condition that it is still AWAITING_SIGNOFF, undecided, and returned
     * fewer than `maxReturns` times. A withdrawal or a decision racing it
     * makes exactly one of them win (the version bump fails the other's write).
     */
    async recordReturn(input: {
      link: LinkRecord;
      application: Application;
      amendment: Amendment;
      maxReturns: number;
      event: HistoryEvent;
    }): Promise<RecordOutcome> {
      const { link, amendment, event } = input;
      const outcome = await recordAnswer(
        table,
        { kind: 'signoff', applicationId: link.applicationId },
        link.linkId,
        {
          status: 'RETURNED',
          field: 'returned',
          value: { comment: amendment.comment, returnedAt: amendment.requestedAt },
        },
        event,
        {
          Update: {
            TableName: tableName,
            Key: keys.application(link.applicationId),
            UpdateExpression:
              'SET #status = :returned, amendment = :amendment, updatedAt = :at, statusSince = :at, version = version + :one',
            ConditionExpression:
              '#status = :awaiting AND attribute_not_exists(signoffDecidedAt) AND (attribute_not_exists(#rounds) OR size(#rounds) < :maxRounds)',
            ExpressionAttributeNames: { '#status': 'status', '#rounds': 'rounds' },
            ExpressionAttributeValues: {
              ':returned': 'AMENDMENT_REQUESTED',
              ':amendment': amendment,
              ':at': amendment.requestedAt,
              ':one': 1,
              ':awaiting': 'AWAITING_SIGNOFF',
              ':maxRounds': input.maxReturns,
            },
          },
        },
      );
      if (outcome === 'recorded') {
        // A change of status outside Applications.transition: the programme figures follow it too.
        const at = amendment.requestedAt;
        const returned = { ...input.application, status: 'AMENDMENT_REQUESTED' as const, statusSince: at };
        await recordFigures(transitionFigures(input.application, returned, at));
      }
      return outcome;
    },

    /** Keeps the amendment step's task token (a re-run's replaces it). */
    async awaitAmendment(input: {
      applicationId: string;
      round: number;
      taskToken: string;
      requestedAt: string;
    }): Promise<void> {
      const ref = { kind: 'amendment' as const, applicationId: input.applicationId, round: input.round };
      const created = await putIfAbsent(table, {
        ...taskKey(ref),
        applicationId: input.applicationId,
        round: input.round,
        status: 'PENDING',
        requestedAt: input.requestedAt,
        taskToken: input.taskToken,
      });
      if (!created) await swapPendingToken(table, ref, input.taskToken);
    },

    /**
     * Deletes the tasks of the round a resubmission ended (the consent stage
     * and roster, the reviews, the sign-off): the next round opens them anew.
     * Their answers are kept on the application (`rounds`), their links stay
     * (used or closed, so a late click is a 409). Idempotent.
     */
    async clearRound(applicationId: string): Promise<number> {
      const reviews = await queryEveryPage(client, {
        TableName: tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :review)',
        ExpressionAttributeValues: { ':pk': keys.application(applicationId).PK, ':review': 'REVIEW#' },
        ProjectionExpression: 'PK, SK',
        ConsistentRead: true,
      });
      const stale = [
        ...reviews.map((item) => ({ PK: String(item.PK), SK: String(item.SK) })),
        keys.signoff(applicationId),
        keys.consentStage(applicationId),
        keys.consentRoster(applicationId),
      ];
      await Promise.all(
        stale.map((Key) =>
          client.send(new DeleteCommand({ TableName: tableName, Key })).catch(rethrowTransient),
        ),
      );
      return stale.length;
    },
  };
}

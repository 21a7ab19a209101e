import { BatchGetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type DocumentClient, keys, rethrowTransient } from '#shared/adapters/dynamodb';
import { inBatches, untilProcessed } from '#shared/adapters/registry/table';
import { APPLICATION_STATUSES, type ApplicationStatus } from '#shared/domain/application';
import { type DayCounters, dayOf, type FiguresDelta } from '#shared/domain/figures';
import type { Figures, FiguresSnapshot } from '#shared/use-cases/ports';

const BATCH_GET_LIMIT = 100;
/** A day's figures are kept 400 days (TTL): the longest window read is 90. */
const KEEP_DAYS = 400;
/** How a count by status is stored on the `STATS#NOW` item. */
const inStatusAttribute = (status: ApplicationStatus) => `status#${status}`;

/** `ADD` of every counter (attribute names go through placeholders: they contain `#`). */
function addExpression(counters: Record<string, number>, set: Record<string, unknown> = {}) {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const adds = Object.entries(counters).map(([name, value], index) => {
    names[`#c${index}`] = name;
    values[`:c${index}`] = value;
    return `#c${index} :c${index}`;
  });
  const sets = Object.entries(set).map(([name, value], index) => {
    names[`#s${index}`] = name;
    values[`:s${index}`] = value;
    return `#s${index} = if_not_exists(#s${index}, :s${index})`;
  });
  return {
    UpdateExpression: [sets.length > 0 ? `SET ${sets.join(', ')}` : '', `ADD ${adds.join(', ')}`]
      .filter(Boolean)
      .join(' '),
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  };
}

/**
 * The figures' running aggregates in the table: one `STATS#DAY#<day>` item
 * per day with its counters (entered statuses, stage-duration histogram
 * buckets, assignments, missed deadlines) and one `STATS#NOW` item with the
 * number of applications in each status. Written with `ADD` (no read, no
 * condition: concurrent changes add up), read with one BatchGetItem.
 */
export function dynamoFigures(client: DocumentClient, tableName: string): Figures {
  return {
    async record(delta: FiguresDelta) {
      const writes: Promise<unknown>[] = [];
      if (Object.keys(delta.counters).length > 0) {
        const ttl = Math.floor(Date.parse(`${delta.day}T00:00:00.000Z`) / 1000) + KEEP_DAYS * 86_400;
        writes.push(
          client.send(
            new UpdateCommand({
              TableName: tableName,
              Key: keys.figuresOfDay(delta.day),
              ...addExpression(delta.counters, { day: delta.day, ttl }),
            }),
          ),
        );
      }
      const inStatus = Object.entries(delta.inStatus).filter(([, value]) => value !== 0);
      if (inStatus.length > 0) {
        writes.push(
          client.send(
            new UpdateCommand({
              TableName: tableName,
              Key: keys.figuresNow(),
              ...addExpression(
                Object.fromEntries(
                  inStatus.map(([status, value]) => [inStatusAttribute(status as ApplicationStatus), value]),
                ),
              ),
            }),
          ),
        );
      }
      await Promise.all(writes).catch(rethrowTransient);
    },

    async read(days: readonly string[]): Promise<FiguresSnapshot> {
      const snapshot: FiguresSnapshot = { inStatus: {}, byDay: new Map() };
      const wanted = [keys.figuresNow(), ...[...new Set(days)].map((day) => keys.figuresOfDay(day))];
      await inBatches(wanted, BATCH_GET_LIMIT, (batch) =>
        untilProcessed(async (pending) => {
          const result = await client.send(
            new BatchGetCommand({ RequestItems: { [tableName]: { Keys: pending } } }),
          );
          for (const item of result.Responses?.[tableName] ?? []) {
            if (item.PK === keys.figuresNow().PK) {
              for (const status of APPLICATION_STATUSES) {
                const value = item[inStatusAttribute(status)];
                if (typeof value === 'number') snapshot.inStatus[status] = value;
              }
            } else {
              const { PK: _pk, SK: _sk, day, ttl: _ttl, ...counters } = item;
              snapshot.byDay.set(
                String(day ?? dayOf(String(_pk).replace('STATS#DAY#', ''))),
                counters as DayCounters,
              );
            }
          }
          const unprocessed = result.UnprocessedKeys?.[tableName]?.Keys;
          return unprocessed && unprocessed.length > 0 ? (unprocessed as typeof pending) : undefined;
        }, batch),
      ).catch(rethrowTransient);
      return snapshot;
    },
  };
}

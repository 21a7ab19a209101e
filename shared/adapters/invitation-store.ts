import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  type DocumentClient,
  gsi1,
  isConditionFailure,
  keys,
  rethrowTransient,
  type TransactItem,
  transactWithRetries,
  withoutKeys,
} from '#shared/adapters/dynamodb';
import { decodeCursor, encodeCursor, gsi1PartitionCursor } from '#shared/adapters/paging';
import { partnerItems } from '#shared/adapters/registry/clusters';
import type { Invitation } from '#shared/domain/invitations';
import type { InvitationEnd, Invitations } from '#shared/use-cases/ports';

/** Kept after expiry so a late click still learns what became of the invitation (409) rather than 404. */
const RETENTION_SECONDS = 90 * 24 * 3600;

/**
 * The coordinators' invitations in DynamoDB (the `Invitations` port).
 *
 * - `INVITATION#<id>` / `META`: the invitation with its own history; listed
 *   by cluster through GSI1 (`INVITATIONS#<clusterId>`, newest first).
 * - `INVITE#<clusterId>#<inviteeKey>` / `GUARD`: the invitee's slot, held by
 *   the one open invitation (`holderId`, `expiresAt`). Taken in the same
 *   transaction that writes the invitation, on condition that nobody holds
 *   it or its holder expired, so of two concurrent invitations exactly one
 *   is written; freed (its holder removed, not the item deleted: the link
 *   pages may only put and update) in the write that ends the invitation.
 */
export function dynamoInvitationStore(client: DocumentClient, tableName: string): Invitations {
  const slotKey = (invitation: Pick<Invitation, 'clusterId' | 'inviteeKey'>) =>
    keys.invitationSlot(invitation.clusterId, invitation.inviteeKey);

  const get = async (invitationId: string) => {
    const result = await client.send(
      new GetCommand({ TableName: tableName, Key: keys.invitation(invitationId), ConsistentRead: true }),
    );
    return result.Item ? withoutKeys<Invitation>(result.Item) : null;
  };

  /** The invitation ends (if still pending and unexpired) and frees its slot; `also` joins the transaction. */
  const endItems = (invitation: Invitation, end: InvitationEnd, now: Date): TransactItem[] => {
    const patch = Object.entries({
      ...end.patch,
      ...(end.status === 'REVOKED' ? { revokedAt: end.at } : { answeredAt: end.at }),
    }).filter(([, value]) => value !== undefined);
    const names: Record<string, string> = { '#status': 'status', '#history': 'history' };
    const values: Record<string, unknown> = {
      ':status': end.status,
      ':pending': 'PENDING',
      ':now': now.toISOString(),
      ':event': [end.event],
    };
    const sets = patch.map(([field, value], index) => {
      names[`#p${index}`] = field;
      values[`:p${index}`] = value;
      return `#p${index} = :p${index}`;
    });
    return [
      {
        Update: {
          TableName: tableName,
          Key: keys.invitation(invitation.invitationId),
          UpdateExpression: `SET #status = :status, #history = list_append(#history, :event)${sets.map((set) => `, ${set}`).join('')}`,
          ConditionExpression: '#status = :pending AND expiresAt > :now',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        },
      },
      {
        Update: {
          TableName: tableName,
          Key: slotKey(invitation),
          UpdateExpression: 'REMOVE holderId, expiresAt',
          ConditionExpression: 'holderId = :me',
          ExpressionAttributeValues: { ':me': invitation.invitationId },
        },
      },
    ];
  };

  const endWith = async (invitationId: string, end: InvitationEnd, now: Date, also: TransactItem[] = []) => {
    const invitation = await get(invitationId);
    if (!invitation) return false;
    return (await transactWithRetries(client, [...endItems(invitation, end, now), ...also])) === 'recorded';
  };

  const setNotified = async (
    invitationId: string,
    update: { expression: string; condition?: string; values?: Record<string, unknown> },
  ) => {
    try {
      await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: keys.invitation(invitationId),
          UpdateExpression: update.expression,
          ConditionExpression: update.condition ?? 'attribute_exists(PK)',
          ExpressionAttributeValues: update.values,
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      return rethrowTransient(error);
    }
  };

  return {
    async create(invitation, now) {
      const ttl = Math.floor(Date.parse(invitation.expiresAt) / 1000) + RETENTION_SECONDS;
      const written = await transactWithRetries(client, [
        {
          Put: {
            TableName: tableName,
            Item: {
              ...keys.invitation(invitation.invitationId),
              GSI1PK: gsi1.invitationsOf(invitation.clusterId),
              GSI1SK: `${invitation.createdAt}#${invitation.invitationId}`,
              ...invitation,
              ttl,
            },
            ConditionExpression: 'attribute_not_exists(PK)',
          },
        },
        {
          Put: {
            TableName: tableName,
            Item: {
              ...slotKey(invitation),
              holderId: invitation.invitationId,
              expiresAt: invitation.expiresAt,
            },
            ConditionExpression: 'attribute_not_exists(holderId) OR expiresAt <= :now',
            ExpressionAttributeValues: { ':now': now.toISOString() },
          },
        },
      ]);
      if (written === 'recorded') return { created: true };
      // The slot is held: by whom (another open invitation of this invitee).
      const slot = await client.send(
        new GetCommand({ TableName: tableName, Key: slotKey(invitation), ConsistentRead: true }),
      );
      return { created: false, holderId: String(slot.Item?.holderId ?? '') };
    },

    get,

    async listByCluster(clusterId, page) {
      const partition = gsi1.invitationsOf(clusterId);
      const result = await client.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: gsi1.indexName,
          KeyConditionExpression: 'GSI1PK = :pk',
          ExpressionAttributeValues: { ':pk': partition },
          ScanIndexForward: false,
          Limit: page.limit,
          ExclusiveStartKey: decodeCursor(page.cursor, gsi1PartitionCursor(partition)),
        }),
      );
      return {
        items: (result.Items ?? []).map((item) => withoutKeys<Invitation>(item)),
        next: encodeCursor(result.LastEvaluatedKey),
      };
    },

    end: (invitationId, end, now) => endWith(invitationId, end, now),

    acceptPartner: (invitationId, partner, end, now) =>
      get(invitationId).then((invitation) =>
        invitation
          ? endWith(invitationId, end, now, partnerItems(tableName, invitation.clusterId, partner))
          : false,
      ),

    claimNotification: (invitationId, at) =>
      setNotified(invitationId, {
        expression: 'SET notifiedAt = :at',
        condition: 'attribute_exists(PK) AND attribute_not_exists(notifiedAt)',
        values: { ':at': at },
      }),

    async releaseNotification(invitationId) {
      await setNotified(invitationId, { expression: 'REMOVE notifiedAt' });
    },
  };
}

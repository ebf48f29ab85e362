/**
 * Seats in use: active users plus open invitations (pending and not lapsed: each will take
 * a seat when accepted). Counted with two `Select: COUNT` Queries on the users' and the
 * invitations' listings (AP3, AP17), only where a seat is taken (inviting, reactivating)
 * and on the billing page, never on every request. The count stops early once it passes
 * `stopAbove`, so a check costs at most the pages needed to pass the seats in force.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface SeatUse {
  activeUsers: number;
  openInvitations: number;
  used: number;
}

export interface SeatCounter {
  count(now: Date, stopAbove?: number): Promise<SeatUse>;
}

/** Listing partitions owned by the identity module (`userKeys.inDirectory`, `invitationKeys.listed`). */
const USERS_LISTING = 'USERS';
const INVITES_LISTING = 'INVITES';

export function dynamoSeatCounter(db: DynamoDBDocumentClient, tableName: string): SeatCounter {
  const countWhere = async (listing: string, filter: string, values: Record<string, unknown>, stopAbove: number) => {
    let total = 0;
    let start: Record<string, unknown> | undefined;
    do {
      const page = await db.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: 'gsi2',
          KeyConditionExpression: 'gsi2pk = :listing',
          FilterExpression: filter,
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':listing': listing, ...values },
          Select: 'COUNT',
          ExclusiveStartKey: start,
        }),
      );
      total += page.Count ?? 0;
      start = page.LastEvaluatedKey;
    } while (start && total <= stopAbove);
    return total;
  };
  return {
    async count(now, stopAbove = Number.MAX_SAFE_INTEGER) {
      const activeUsers = await countWhere(USERS_LISTING, '#status = :active', { ':active': 'active' }, stopAbove);
      const openInvitations =
        activeUsers > stopAbove
          ? 0
          : await countWhere(
              INVITES_LISTING,
              '#status = :pending AND lapsesAt > :now',
              { ':pending': 'pending', ':now': now.toISOString() },
              stopAbove - activeUsers,
            );
      return { activeUsers, openInvitations, used: activeUsers + openInvitations };
    },
  };
}

/**
 * Groups (teams): named sets of users that can be granted access like users. Membership
 * is stored on both sides (the group lists its members, the user its groups) and always
 * changed in one transaction, so a principal is built from one read of the user.
 */
import { InvalidInput } from '../platform/errors.js';

export interface Group {
  groupId: string;
  name: string;
  memberIds: string[];
  createdAt: string;
}

/** A group's deletion rewrites every member in one transaction (at most 100 items). */
export const MAX_GROUP_MEMBERS = 90;

export const GROUP_EVENTS = {
  created: 'identity.group.created',
  renamed: 'identity.group.renamed',
  deleted: 'identity.group.deleted',
  memberAdded: 'identity.group.member-added',
  memberRemoved: 'identity.group.member-removed',
} as const;

export function newGroup(name: string, groupId: string, now: Date): Group {
  return { groupId, name: name.trim(), memberIds: [], createdAt: now.toISOString() };
}

export function assertRoomFor(group: Group): void {
  if (group.memberIds.length >= MAX_GROUP_MEMBERS) {
    throw new InvalidInput(`A group holds at most ${MAX_GROUP_MEMBERS} members; ${group.name} is full.`);
  }
}

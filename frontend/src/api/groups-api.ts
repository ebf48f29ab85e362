/** Client methods of groups (teams). Shapes come from functions/groups/schemas.ts. */
import { type GroupView, groupList, groupSchema } from '../../../functions/groups/schemas.js';
import { noContent, type Requester } from './request.js';

export type { GroupView as Group };

export interface GroupsApi {
  /** GET /api/groups: every group by name, with its members' ids. */
  listGroups(signal?: AbortSignal): Promise<GroupView[]>;
  /** POST /api/groups (201). */
  createGroup(name: string): Promise<GroupView>;
  /** PATCH /api/groups/{groupId}. */
  renameGroup(groupId: string, name: string): Promise<GroupView>;
  /** DELETE /api/groups/{groupId} (204); its members stay members of the installation. */
  deleteGroup(groupId: string): Promise<void>;
  /** PUT /api/groups/{groupId}/members/{userId}: answers the changed group. */
  addGroupMember(groupId: string, userId: string): Promise<GroupView>;
  /** DELETE /api/groups/{groupId}/members/{userId}: answers the changed group. */
  removeGroupMember(groupId: string, userId: string): Promise<GroupView>;
}

const group = (groupId: string) => `/api/groups/${encodeURIComponent(groupId)}` as const;
const groupMember = (groupId: string, userId: string) => `${group(groupId)}/members/${encodeURIComponent(userId)}` as const;

export function groupsApi(send: Requester): GroupsApi {
  return {
    listGroups: async (signal) => (await send({ method: 'GET', path: '/api/groups', response: groupList, signal })).items,
    createGroup: (name) => send({ method: 'POST', path: '/api/groups', body: { name }, response: groupSchema }),
    renameGroup: (groupId, name) => send({ method: 'PATCH', path: group(groupId), body: { name }, response: groupSchema }),
    deleteGroup: (groupId) => send({ method: 'DELETE', path: group(groupId), response: noContent }),
    addGroupMember: (groupId, userId) => send({ method: 'PUT', path: groupMember(groupId, userId), response: groupSchema }),
    removeGroupMember: (groupId, userId) => send({ method: 'DELETE', path: groupMember(groupId, userId), response: groupSchema }),
  };
}

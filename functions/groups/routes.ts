/** HTTP routes of groups (teams). Groups can be named in the installation's own policies. */
import { z } from 'zod';
import { callerEvent, callerOf } from '../platform/caller.js';
import { NotFound } from '../platform/errors.js';
import { defineRoute, Reply, type RouteInput } from '../platform/route.js';
import type { Services } from '../services.js';
import { assertRoomFor, type Group, GROUP_EVENTS, newGroup } from './domain.js';
import { createGroupBody, type GroupView, groupList, groupMemberParams, groupParams, groupSchema, renameGroupBody } from './schemas.js';

const view = (g: Group): GroupView => ({ id: g.groupId, name: g.name, memberIds: g.memberIds, createdAt: g.createdAt });

async function existing(services: Services, groupId: string): Promise<Group> {
  const group = await services.groups.get(groupId);
  if (!group) throw new NotFound('No such group.');
  return group;
}

function eventOf(input: RouteInput<unknown, unknown, unknown, boolean>, type: string, groupId: string, data: Record<string, unknown>) {
  return callerEvent(callerOf(input), type, { kind: 'group', id: groupId }, data);
}

export const listGroups = defineRoute({
  method: 'GET',
  path: '/api/groups',
  operationId: 'listGroups',
  summary: 'Groups by name, with their members',
  tag: 'groups',
  access: { action: 'groups:read' },
  response: groupList,
  async handle({ services }) {
    return { items: (await services.groups.list()).map(view) };
  },
});

export const createGroup = defineRoute({
  method: 'POST',
  path: '/api/groups',
  operationId: 'createGroup',
  summary: 'Create a group',
  tag: 'groups',
  access: { action: 'groups:manage' },
  body: createGroupBody,
  response: groupSchema,
  status: 201,
  async handle(input) {
    const { services } = input;
    const group = newGroup(input.body.name, services.ids.next(), services.clock.now());
    await services.groups.create(group, eventOf(input, GROUP_EVENTS.created, group.groupId, { name: group.name }));
    return view(group);
  },
});

export const renameGroup = defineRoute({
  method: 'PATCH',
  path: '/api/groups/{groupId}',
  operationId: 'renameGroup',
  summary: 'Rename a group',
  tag: 'groups',
  access: { action: 'groups:manage' },
  params: groupParams,
  body: renameGroupBody,
  response: groupSchema,
  async handle(input) {
    const group = await existing(input.services, input.params.groupId);
    const renamed = await input.services.groups.rename(
      group,
      input.body.name,
      eventOf(input, GROUP_EVENTS.renamed, group.groupId, { from: group.name, to: input.body.name }),
    );
    return view(renamed);
  },
});

export const deleteGroup = defineRoute({
  method: 'DELETE',
  path: '/api/groups/{groupId}',
  operationId: 'deleteGroup',
  summary: 'Delete a group (its members stay members of the installation)',
  tag: 'groups',
  access: { action: 'groups:manage' },
  params: groupParams,
  response: z.undefined(),
  status: 204,
  async handle(input) {
    const group = await existing(input.services, input.params.groupId);
    await input.services.groups.delete(group, eventOf(input, GROUP_EVENTS.deleted, group.groupId, { name: group.name }));
    return new Reply(undefined, 204);
  },
});

export const addGroupMember = defineRoute({
  method: 'PUT',
  path: '/api/groups/{groupId}/members/{userId}',
  operationId: 'addGroupMember',
  summary: 'Add a member to a group',
  tag: 'groups',
  access: { action: 'groups:manage' },
  params: groupMemberParams,
  response: groupSchema,
  async handle(input) {
    const { groupId, userId } = input.params;
    const group = await existing(input.services, groupId);
    if (!(await input.services.users.get(userId))) throw new NotFound('No such member.');
    assertRoomFor(group);
    return view(await input.services.groups.addMember(group, userId, eventOf(input, GROUP_EVENTS.memberAdded, groupId, { userId })));
  },
});

export const removeGroupMember = defineRoute({
  method: 'DELETE',
  path: '/api/groups/{groupId}/members/{userId}',
  operationId: 'removeGroupMember',
  summary: 'Remove a member from a group',
  tag: 'groups',
  access: { action: 'groups:manage' },
  params: groupMemberParams,
  response: groupSchema,
  async handle(input) {
    const { groupId, userId } = input.params;
    const group = await existing(input.services, groupId);
    return view(await input.services.groups.removeMember(group, userId, eventOf(input, GROUP_EVENTS.memberRemoved, groupId, { userId })));
  },
});

export const groupRoutes = [listGroups, createGroup, renameGroup, deleteGroup, addGroupMember, removeGroupMember];

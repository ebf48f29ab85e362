/** Whom a grant or a share may name: an active member or an existing group, labelled for display. */
import type { Caller } from '../platform/caller.js';
import { NotFound } from '../platform/errors.js';
import type { GranteeKind } from './schemas.js';

export async function granteeLabel(caller: Caller, kind: GranteeKind, granteeId: string): Promise<string> {
  if (kind === 'user') {
    const user = await caller.services.users.get(granteeId);
    if (user?.status !== 'active') throw new NotFound('No such member.');
    return user.email;
  }
  const group = await caller.services.groups.get(granteeId);
  if (!group) throw new NotFound('No such group.');
  return group.name;
}

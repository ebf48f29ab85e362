/** Wire schemas of groups (teams); shared with the SPA's typed client. */
import { z } from 'zod';

export const groupSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    memberIds: z.array(z.string()),
    createdAt: z.string(),
  })
  .meta({ id: 'Group' });
export type GroupView = z.infer<typeof groupSchema>;

export const groupList = z.object({ items: z.array(groupSchema) });
export const groupName = z.string().trim().min(1).max(80);
export const createGroupBody = z.object({ name: groupName }).strict();
export const renameGroupBody = z.object({ name: groupName }).strict();
export const groupParams = z.object({ groupId: z.string().min(1).max(64) });
export const groupMemberParams = z.object({ groupId: z.string().min(1).max(64), userId: z.string().min(1).max(256) });

/**
 * Client methods of the identity module: who I am, the people of the installation and
 * their invitations. Shapes come from functions/identity/schemas.ts; paths only from here.
 */
import type { z } from 'zod';
import {
  type changeRoleBody,
  type InvitationView,
  invitationList,
  invitationSchema,
  type inviteBody,
  type Me,
  type Member,
  meResponse,
  memberPage,
  memberSchema,
} from '../../../functions/identity/schemas.js';
import type { Role } from '../../../functions/platform/principal.js';
import { noContent, type Requester } from './request.js';

export type { InvitationView as Invitation, Me, Member, Role };
export type MemberPage = z.infer<typeof memberPage>;
export type InviteInput = z.input<typeof inviteBody>;

export interface MembersApi {
  /** GET /api/me: who I am, my role and the entitlements in force. */
  getMe(signal?: AbortSignal): Promise<Me>;
  /** GET /api/members: one page of people, by email; pass `nextCursor` back for the next. */
  listMembers(page: { limit?: number; cursor?: string }, signal?: AbortSignal): Promise<MemberPage>;
  /** PATCH /api/members/{userId}: giving or taking the owner role needs an owner. */
  changeRole(userId: string, role: z.input<typeof changeRoleBody>['role']): Promise<Member>;
  /** POST /api/members/{userId}/deactivate: refused from the next request on. */
  deactivateMember(userId: string): Promise<Member>;
  reactivateMember(userId: string): Promise<Member>;
  /** GET /api/invitations: recent invitations, newest first. */
  listInvitations(signal?: AbortSignal): Promise<InvitationView[]>;
  /** POST /api/invitations (201). */
  invite(input: InviteInput): Promise<InvitationView>;
  /** POST /api/invitations/{email}/resend: restarts the invitation's 7 days. */
  resendInvitation(email: string): Promise<InvitationView>;
  /** DELETE /api/invitations/{email} (204). */
  revokeInvitation(email: string): Promise<void>;
}

const member = (userId: string) => `/api/members/${encodeURIComponent(userId)}` as const;
const invitation = (email: string) => `/api/invitations/${encodeURIComponent(email)}` as const;

export function membersApi(send: Requester): MembersApi {
  return {
    getMe: (signal) => send({ method: 'GET', path: '/api/me', response: meResponse, signal }),
    listMembers: ({ limit, cursor }, signal) => {
      const query = new URLSearchParams();
      if (limit !== undefined) query.set('limit', String(limit));
      if (cursor) query.set('cursor', cursor);
      const search = query.toString();
      return send({ method: 'GET', path: search ? `/api/members?${search}` : '/api/members', response: memberPage, signal });
    },
    changeRole: (userId, role) => send({ method: 'PATCH', path: member(userId), body: { role }, response: memberSchema }),
    deactivateMember: (userId) => send({ method: 'POST', path: `${member(userId)}/deactivate`, response: memberSchema }),
    reactivateMember: (userId) => send({ method: 'POST', path: `${member(userId)}/reactivate`, response: memberSchema }),
    listInvitations: async (signal) => (await send({ method: 'GET', path: '/api/invitations', response: invitationList, signal })).items,
    invite: (input) => send({ method: 'POST', path: '/api/invitations', body: input, response: invitationSchema }),
    resendInvitation: (email) => send({ method: 'POST', path: `${invitation(email)}/resend`, response: invitationSchema }),
    revokeInvitation: (email) => send({ method: 'DELETE', path: invitation(email), response: noContent }),
  };
}

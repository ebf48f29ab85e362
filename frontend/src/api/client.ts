/**
 * The typed API client: one method per route the SPA uses, each typed by the shared wire
 * schema of its module (functions/<module>/schemas.ts) and declared in the area file
 * beside this one. Together they are the only place that knows paths.
 */
import { type ApiKeysApi, apiKeysApi } from './api-keys-api.js';
import { type AttachmentsApi, attachmentsApi } from './attachments-api.js';
import { type AuditApi, auditApi } from './audit-api.js';
import { type BillingApi, billingApi } from './billing-api.js';
import { type DocumentsApi, documentsApi } from './documents-api.js';
import { type ExportsApi, exportsApi } from './exports-api.js';
import { type FlagsApi, flagsApi } from './flags-api.js';
import { type GroupsApi, groupsApi } from './groups-api.js';
import { type JobsApi, jobsApi } from './jobs-api.js';
import { type MembersApi, membersApi } from './members-api.js';
import { type ProjectsApi, projectsApi } from './projects-api.js';
import { createRequester, type RequestOptions } from './request.js';
import { type SecurityApi, securityApi } from './security-api.js';
import { type UpdatesApi, updatesApi } from './updates-api.js';
import { type UsageApi, usageApi } from './usage-api.js';

export type { ApiKey, CreatedApiKey, NewApiKeyInput } from './api-keys-api.js';
export type { Group } from './groups-api.js';
export type { Invitation, InviteInput, Me, Member, MemberPage, Role } from './members-api.js';
export type { ExplainInput, Explanation, SecuritySettings } from './security-api.js';
export { ApiProblem } from './problem.js';

export type ApiClient = MembersApi &
  GroupsApi &
  ApiKeysApi &
  SecurityApi &
  ProjectsApi &
  DocumentsApi &
  AttachmentsApi &
  ExportsApi &
  UsageApi &
  AuditApi &
  JobsApi &
  UpdatesApi &
  BillingApi &
  FlagsApi;

export function createApiClient(options: RequestOptions): ApiClient {
  const send = createRequester(options);
  return {
    ...membersApi(send),
    ...groupsApi(send),
    ...apiKeysApi(send),
    ...securityApi(send),
    ...projectsApi(send),
    ...documentsApi(send),
    ...attachmentsApi(send),
    ...exportsApi(send),
    ...usageApi(send),
    ...auditApi(send),
    ...jobsApi(send),
    ...updatesApi(send),
    ...billingApi(send),
    ...flagsApi(send),
  };
}

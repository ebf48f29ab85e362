/**
 * Client methods of security settings, the installation's own Cedar policies and the
 * explainer. Shapes come from functions/authz/schemas.ts.
 */
import type { z } from 'zod';
import { type explainBody, type ExplanationView, explanation, type SecuritySettingsView, securitySettingsSchema } from '../../../functions/authz/schemas.js';
import type { Requester } from './request.js';

export type { ExplanationView as Explanation, SecuritySettingsView as SecuritySettings };
export type ExplainInput = z.input<typeof explainBody>;

export interface SecurityApi {
  /** GET /api/security: the MFA setting and the policies with their version. */
  getSecurity(signal?: AbortSignal): Promise<SecuritySettingsView>;
  /** PUT /api/security/settings. */
  updateSecuritySettings(settings: { requireMfaForAdmin: boolean }): Promise<SecuritySettingsView>;
  /** PUT /api/security/policies: 400 with `errors[]` when Cedar refuses them, 412 when `expectedVersion` is stale. */
  updatePolicies(policies: string, expectedVersion: number): Promise<SecuritySettingsView>;
  /** POST /api/authz/explain: would this person be allowed this action, and which policies decide. */
  explain(input: ExplainInput): Promise<ExplanationView>;
}

export function securityApi(send: Requester): SecurityApi {
  return {
    getSecurity: (signal) => send({ method: 'GET', path: '/api/security', response: securitySettingsSchema, signal }),
    updateSecuritySettings: (settings) => send({ method: 'PUT', path: '/api/security/settings', body: settings, response: securitySettingsSchema }),
    updatePolicies: (policies, expectedVersion) =>
      send({ method: 'PUT', path: '/api/security/policies', body: { policies, expectedVersion }, response: securitySettingsSchema }),
    explain: (input) => send({ method: 'POST', path: '/api/authz/explain', body: input, response: explanation }),
  };
}

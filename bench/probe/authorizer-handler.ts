/**
 * Cedar's part of the API's cold start, on its own, in steps: the first invocation builds
 * the authorizer from the same cache the router uses (policy set and schema pre-parsed),
 * the next ones decide one request each (the first decision also compiles the wasm it
 * runs). Bundled by the bench like our functions; never deployed.
 */
import { authorizerCache } from '../../functions/authz/authorizer-cache.js';

const authorizers = authorizerCache();
// The settings an installation starts with (no policies of its own); written out rather
// than imported, so the bundle does not pull in the settings store and the AWS SDK.
const DEFAULT_POLICIES = { policies: '', policiesVersion: 0 };

export const handler = async (event: { step: 'build' | 'decide' }) => {
  const authorizer = authorizers.forSettings(DEFAULT_POLICIES);
  if (event.step === 'build') return { statusCode: 200 };
  const decision = authorizer.decide({
    subject: { userId: 'bench-user', email: 'owner@example.com', role: 'owner', groupIds: [], active: true },
    action: 'self:read',
    context: { authMethod: 'session', mfa: false, scopes: [], requireMfaForAdmin: false },
  });
  return { statusCode: decision.allowed ? 200 : 403 };
};

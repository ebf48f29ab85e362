/**
 * One Authorizer per version of the installation's own policies, built on first use and
 * reused: parsing the policy set costs milliseconds, a decision microseconds. Keeps the
 * two newest versions (the one in force and the one being replaced).
 */
import { type Authorizer, createAuthorizer } from './engine.js';
import type { SecuritySettings } from './settings-store.js';

export interface AuthorizerCache {
  forSettings(settings: Pick<SecuritySettings, 'policies' | 'policiesVersion'>): Authorizer;
}

export function authorizerCache(build: (policies: string) => Authorizer = createAuthorizer): AuthorizerCache {
  const byVersion = new Map<number, Authorizer>();
  return {
    forSettings({ policies, policiesVersion }) {
      let authorizer = byVersion.get(policiesVersion);
      if (!authorizer) {
        authorizer = build(policies);
        byVersion.set(policiesVersion, authorizer);
        for (const version of [...byVersion.keys()].sort((a, b) => a - b).slice(0, -2)) byVersion.delete(version);
      }
      return authorizer;
    },
  };
}

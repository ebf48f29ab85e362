/**
 * Evaluates Cedar policies in process (`@cedar-policy/cedar-wasm`). The policy set (the
 * built-in policies plus the installation's own forbid policies) is parsed once per
 * version and reused; a decision costs one wasm call. Denies by default: any evaluation
 * error is a deny, and the error is returned for the explainer and the logs.
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import type * as CedarApi from '@cedar-policy/cedar-wasm';
import type { Role } from '../platform/principal.js';
import { ROLES } from '../platform/principal.js';
import { ACTIONS, type Action } from './actions.js';
import { BUILT_IN_POLICIES } from './policies.js';
import { CEDAR_NAMESPACE, CEDAR_SCHEMA } from './schema.js';

// The Node build reads its .wasm beside the module (the bundle copies it there).
const cedar = createRequire(import.meta.url)('@cedar-policy/cedar-wasm/nodejs') as typeof CedarApi;

export interface AuthzSubject {
  userId: string;
  email: string;
  role: Role;
  groupIds: readonly string[];
  active: boolean;
}

export interface AuthzContext {
  authMethod: 'session' | 'apiKey';
  mfa: boolean;
  /** Scopes of the API key; empty for sessions. */
  scopes: readonly string[];
  requireMfaForAdmin: boolean;
}

/** A shared object and who it is shared with, by relation. */
export interface ResourceGrants {
  kind: string;
  id: string;
  readers: readonly string[];
  readerGroups: readonly string[];
  editors: readonly string[];
  editorGroups: readonly string[];
  /** Who may also manage it (grant, rename, archive, delete). @default none */
  owners?: readonly string[];
  ownerGroups?: readonly string[];
}

export interface AuthzRequest {
  subject: AuthzSubject;
  action: Action;
  context: AuthzContext;
  /** Required for actions on a resource; absent for actions on the installation. */
  resource?: ResourceGrants;
}

export interface Decision {
  allowed: boolean;
  /** Ids of the policies that decided (the permits that allowed, or the forbids that denied). */
  policyIds: string[];
  errors: string[];
}

const type = (name: string) => `${CEDAR_NAMESPACE}::${name}`;
const uid = (entityType: string, id: string) => ({ type: type(entityType), id });
const INSTALLATION = uid('Installation', 'this');
const SCHEMA_ID = 'ownstack';

/** Role hierarchy as entity parents: owner in admin in member in viewer. */
const roleEntities: CedarApi.EntityJson[] = ROLES.map((role, index) => ({
  uid: uid('Role', role),
  attrs: {},
  parents: ROLES[index + 1] ? [uid('Role', ROLES[index + 1] as string)] : [],
}));

function resourceEntity(resource: ResourceGrants): CedarApi.EntityJson {
  const set = (type: string, ids: readonly string[]) => ids.map((id) => ({ __entity: uid(type, id) }));
  return {
    uid: uid('Resource', `${resource.kind}#${resource.id}`),
    attrs: {
      kind: resource.kind,
      readers: set('User', resource.readers),
      readerGroups: set('Group', resource.readerGroups),
      editors: set('User', resource.editors),
      editorGroups: set('Group', resource.editorGroups),
      owners: set('User', resource.owners ?? []),
      ownerGroups: set('Group', resource.ownerGroups ?? []),
    },
    parents: [INSTALLATION],
  };
}

function entitiesFor(subject: AuthzSubject, resource?: ResourceGrants): CedarApi.EntityJson[] {
  const grantedGroups = resource ? [...resource.readerGroups, ...resource.editorGroups, ...(resource.ownerGroups ?? [])] : [];
  const groupIds = [...new Set([...subject.groupIds, ...grantedGroups])];
  const grantedUsers = resource ? [...new Set([...resource.readers, ...resource.editors, ...(resource.owners ?? [])])].filter((u) => u !== subject.userId) : [];
  return [
    ...(resource ? [resourceEntity(resource)] : []),
    ...grantedUsers.map((u) => ({ uid: uid('User', u), attrs: { email: '', active: true }, parents: [] })),
    {
      uid: uid('User', subject.userId),
      attrs: { email: subject.email, active: subject.active },
      parents: [uid('Role', subject.role), ...subject.groupIds.map((g) => uid('Group', g))],
    },
    ...roleEntities,
    ...groupIds.map((g) => ({ uid: uid('Group', g), attrs: {}, parents: [] })),
    { uid: INSTALLATION, attrs: {}, parents: [] },
  ];
}

const messages = (errors: CedarApi.DetailedError[]) => errors.map((e) => e.message);

/** Checks policy text against the schema (strict mode); returns the problems, or [] when valid. */
export function validatePolicies(policyText: string): string[] {
  const answer = cedar.validate({ schema: CEDAR_SCHEMA, policies: { staticPolicies: policyText }, validationSettings: { mode: 'strict' } });
  if (answer.type === 'failure') return messages(answer.errors);
  return answer.validationErrors.map((e) => `${e.policyId}: ${e.error.message}`);
}

/** The effect of each policy in a text, by id; used to refuse customer `permit` policies. */
export function policyEffects(policyText: string): { id: string; effect: 'permit' | 'forbid' }[] | { errors: string[] } {
  const parts = cedar.policySetTextToParts(policyText);
  if (parts.type === 'failure') return { errors: messages(parts.errors) };
  return parts.policies.map((text, index) => {
    const json = cedar.policyToJson(text);
    if (json.type === 'failure') return { id: `policy${index}`, effect: 'permit' as const };
    const id = (json.json.annotations?.id as string | undefined) ?? `policy${index}`;
    return { id, effect: json.json.effect };
  });
}

export interface Authorizer {
  decide(request: AuthzRequest): Decision;
  /** The text of each policy by id, for the explainer. */
  policyText(id: string): string | undefined;
}

let schemaPrepared = false;
function preparseSchemaOnce(): void {
  if (schemaPrepared) return;
  const answer = cedar.preparseSchema(SCHEMA_ID, CEDAR_SCHEMA);
  if (answer.type === 'failure') throw new Error(`The Cedar schema does not parse: ${messages(answer.errors).join('; ')}`);
  schemaPrepared = true;
}

/** Splits policy text into policies keyed by their `@id` (or position), so decisions name them. */
function policiesById(policyText: string): Map<string, string> {
  const parts = cedar.policySetTextToParts(policyText);
  if (parts.type === 'failure') throw new Error(`The policy set does not parse: ${messages(parts.errors).join('; ')}`);
  const byId = new Map<string, string>();
  for (const [index, part] of parts.policies.entries()) {
    const json = cedar.policyToJson(part);
    const id = json.type === 'success' ? ((json.json.annotations?.id as string | undefined) ?? `policy${index}`) : `policy${index}`;
    if (byId.has(id)) throw new Error(`Two policies share the id "${id}"; give each policy a unique @id.`);
    byId.set(id, part.trim());
  }
  return byId;
}

export function createAuthorizer(customPolicies = ''): Authorizer {
  // Built-in policies come keyed by id: no parsing at cold start; only custom ones are split.
  const texts = new Map(Object.entries(BUILT_IN_POLICIES).map(([id, text]) => [id, `@id("${id}")\n${text}`]));
  if (customPolicies.trim() !== '') {
    for (const [id, text] of policiesById(customPolicies)) {
      if (texts.has(id)) throw new Error(`Two policies share the id "${id}"; give each policy a unique @id.`);
      texts.set(id, text);
    }
  }
  const setId = createHash('sha256')
    .update(JSON.stringify([...texts]))
    .digest('hex')
    .slice(0, 16);
  const prepared = cedar.preparsePolicySet(setId, { staticPolicies: Object.fromEntries(texts) });
  if (prepared.type === 'failure') throw new Error(`The policy set does not parse: ${messages(prepared.errors).join('; ')}`);
  preparseSchemaOnce();

  return {
    decide({ subject, action, context, resource }) {
      if ((ACTIONS[action].on === 'resource') !== (resource !== undefined)) {
        return {
          allowed: false,
          policyIds: [],
          errors: [`${action} applies to ${ACTIONS[action].on === 'resource' ? 'a resource: name one' : 'the installation, not a resource'}.`],
        };
      }
      const answer = cedar.statefulIsAuthorized({
        principal: uid('User', subject.userId),
        action: uid('Action', action),
        resource: resource ? uid('Resource', `${resource.kind}#${resource.id}`) : INSTALLATION,
        context: { authMethod: context.authMethod, mfa: context.mfa, scopes: [...context.scopes], requireMfaForAdmin: context.requireMfaForAdmin },
        entities: entitiesFor(subject, resource),
        preparsedPolicySetId: setId,
        preparsedSchemaName: SCHEMA_ID,
        validateRequest: true,
      });
      if (answer.type === 'failure') return { allowed: false, policyIds: [], errors: messages(answer.errors) };
      const { decision, diagnostics } = answer.response;
      return { allowed: decision === 'allow', policyIds: [...diagnostics.reason], errors: diagnostics.errors.map((e) => `${e.policyId}: ${e.error.message}`) };
    },
    policyText: (id) => texts.get(id),
  };
}

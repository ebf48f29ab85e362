/**
 * The Cedar schema of an installation, as Cedar's JSON schema format (it parses several
 * times faster than the text format, which matters at cold start): who (users in roles
 * and groups), what (actions grouped by the scope an API key needs, generated from
 * `ACTIONS`) and on what (the installation, or a shared resource with per-resource grants).
 * Policies are validated against it in strict mode, built-in ones in a test and the
 * installation's own before they are saved. docs/identity.md shows it in Cedar's text form.
 */
import type { SchemaJson } from '@cedar-policy/cedar-wasm';
import { ACTIONS, SCOPES } from './actions.js';

export const CEDAR_NAMESPACE = 'Ownstack';

const primitive = (name: 'String' | 'Bool') => ({ type: 'EntityOrCommon' as const, name });
const setOf = (name: string) => ({ type: 'Set' as const, element: { type: 'EntityOrCommon' as const, name } });

export const CEDAR_SCHEMA: SchemaJson<string> = {
  [CEDAR_NAMESPACE]: {
    commonTypes: {
      RequestContext: {
        type: 'Record',
        attributes: { authMethod: primitive('String'), mfa: primitive('Bool'), scopes: setOf('String'), requireMfaForAdmin: primitive('Bool') },
      },
    },
    entityTypes: {
      Role: { memberOfTypes: ['Role'] },
      Group: {},
      User: { memberOfTypes: ['Role', 'Group'], shape: { type: 'Record', attributes: { email: primitive('String'), active: primitive('Bool') } } },
      Installation: {},
      // A shareable object (a project, a document): grants name users and groups by relation (owner ⊃ editor ⊃ reader).
      Resource: {
        memberOfTypes: ['Installation'],
        shape: {
          type: 'Record',
          attributes: {
            kind: primitive('String'),
            readers: setOf('User'),
            readerGroups: setOf('Group'),
            editors: setOf('User'),
            editorGroups: setOf('Group'),
            owners: setOf('User'),
            ownerGroups: setOf('Group'),
          },
        },
      },
    },
    actions: {
      // Scope groups: an API key's scopes name these.
      ...Object.fromEntries(SCOPES.map((scope) => [scope, {}])),
      ...Object.fromEntries(
        Object.entries(ACTIONS).map(([name, { scope, on }]) => [
          name,
          {
            memberOf: [{ id: scope }],
            appliesTo: { principalTypes: ['User'], resourceTypes: [on === 'resource' ? 'Resource' : 'Installation'], context: { type: 'RequestContext' } },
          },
        ]),
      ),
    },
  },
};

/**
 * The Cedar schema of an installation: who (users in roles and groups), what (actions,
 * grouped by the scope an API key needs, generated from `ACTIONS`) and on what (the
 * installation; projects and documents join with their capability). Policies are
 * validated against it in strict mode: built-in ones in a test, customers' before save.
 */
import { ACTIONS, SCOPES } from './actions.js';

export const CEDAR_NAMESPACE = 'Ownstack';

const actionLines = Object.entries(ACTIONS)
  .map(
    ([name, { scope, on }]) =>
      `  action "${name}" in ["${scope}"] appliesTo { principal: User, resource: ${on === 'resource' ? 'Resource' : 'Installation'}, context: RequestContext };`,
  )
  .join('\n');

export const CEDAR_SCHEMA = `
namespace ${CEDAR_NAMESPACE} {
  type RequestContext = {
    "authMethod": String,
    "mfa": Bool,
    "scopes": Set<String>,
    "requireMfaForAdmin": Bool,
  };

  entity Role in [Role];
  entity Group;
  entity User in [Role, Group] = {
    "email": String,
    "active": Bool,
  };
  entity Installation;
  // A shareable object (a project, a document): grants name users and groups by relation.
  entity Resource in [Installation] = {
    "kind": String,
    "readers": Set<User>,
    "readerGroups": Set<Group>,
    "editors": Set<User>,
    "editorGroups": Set<Group>,
  };

  // Scope groups: an API key's scopes name these.
${SCOPES.map((s) => `  action "${s}";`).join('\n')}

${actionLines}
}
`;

/** Writes docs/openapi.json from the route table (`npm run openapi`). A unit test fails if it is stale. */
import { writeFileSync } from 'node:fs';
import { routes } from '../functions/routes.js';
import { buildOpenApi } from '../functions/system/openapi.js';
import packageJson from '../package.json' with { type: 'json' };

export const OPENAPI_PATH = 'docs/openapi.json';

export function renderOpenApi(): string {
  return `${JSON.stringify(buildOpenApi(routes, packageJson.version), null, 2)}\n`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  writeFileSync(OPENAPI_PATH, renderOpenApi());
  console.log(`wrote ${OPENAPI_PATH}`);
}

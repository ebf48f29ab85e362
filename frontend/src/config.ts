/**
 * Loads the runtime configuration (`/config.json`) that the stack writes at deploy time and
 * the local runtime serves. Validated with the shared schema before anything renders; a
 * bad or missing file is reported on screen, never papered over with defaults.
 */
import { type WebConfig, webConfigSchema } from '../../functions/system/web-config.js';

export type ConfigResult = { ok: true; config: WebConfig } | { ok: false; title: string; detail: string; issues?: string[] };

const CONFIG_PATH = '/config.json';

export async function loadWebConfig(): Promise<ConfigResult> {
  let response: Response;
  try {
    response = await fetch(CONFIG_PATH, { cache: 'no-store', headers: { accept: 'application/json' } });
  } catch {
    return { ok: false, title: 'The configuration could not be loaded', detail: `The request for ${CONFIG_PATH} failed. Check your connection and reload.` };
  }
  if (!response.ok) {
    return { ok: false, title: 'The configuration could not be loaded', detail: `${CONFIG_PATH} answered with HTTP ${response.status}.` };
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    return { ok: false, title: 'The configuration is not valid', detail: `${CONFIG_PATH} is not JSON.` };
  }
  const parsed = webConfigSchema.safeParse(body);
  if (!parsed.success) {
    return {
      ok: false,
      title: 'The configuration is not valid',
      detail: `${CONFIG_PATH} does not match the expected schema:`,
      issues: parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`),
    };
  }
  return { ok: true, config: parsed.data };
}

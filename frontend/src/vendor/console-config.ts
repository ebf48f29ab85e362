/**
 * The vendor console's runtime configuration, `/config.json` on the control plane's site.
 * Locally the local control plane writes `{ adminToken }` (a staff token its authorizer
 * accepts); in AWS the file carries no token and the console asks for one, keeping it in
 * this tab only. zod only: the local control plane may import this schema to write the file.
 */
import { z } from 'zod';

export const vendorConsoleConfigSchema = z.object({
  /** A vendor staff bearer token for the admin API. @default none (the console asks) */
  adminToken: z.string().min(1).max(8192).optional(),
  /** Base URL of the control plane's API; '' is the console's own origin. @default '' */
  apiBaseUrl: z.string().max(2048).default(''),
  /** Shown in the footer. @default none */
  version: z.string().max(40).optional(),
});

export type VendorConsoleConfig = z.output<typeof vendorConsoleConfigSchema>;

const CONFIG_PATH = '/config.json';

export type VendorConfigResult = { ok: true; config: VendorConsoleConfig } | { ok: false; title: string; detail: string; issues?: string[] };

export async function loadVendorConsoleConfig(): Promise<VendorConfigResult> {
  let response: Response;
  try {
    response = await fetch(CONFIG_PATH, { cache: 'no-store', headers: { accept: 'application/json' } });
  } catch {
    return { ok: false, title: 'The configuration could not be loaded', detail: `The request for ${CONFIG_PATH} failed. Check your connection and reload.` };
  }
  if (!response.ok) return { ok: false, title: 'The configuration could not be loaded', detail: `${CONFIG_PATH} answered with HTTP ${response.status}.` };
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    return { ok: false, title: 'The configuration is not valid', detail: `${CONFIG_PATH} is not JSON.` };
  }
  const parsed = vendorConsoleConfigSchema.safeParse(body);
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

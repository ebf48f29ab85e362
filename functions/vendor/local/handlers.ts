/**
 * Loads the control plane's Lambda entry points, unchanged, from the paths its catalog
 * declares. They read their configuration from the environment at import time, so the
 * environment is set first; each local control plane gets fresh module instances, so a
 * second one in the same process (a test) gets its own configuration.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import { repositoryRoot } from '../../local/handlers.js';
import { type VendorFunctionId, vendorFunctionCatalog } from '../catalog.js';

export type VendorHandler = (event: unknown, context: Context) => Promise<unknown>;

/** The variables `loadVendorConfig` reads (functions/vendor/config.ts). */
export interface VendorHandlerEnvironment {
  VENDOR_TABLE_NAME: string;
  DYNAMODB_ENDPOINT: string;
  BILLING_QUEUE_URL: string;
  SQS_ENDPOINT: string;
  LOCAL_SECRETS_FILE: string;
  STRIPE_API_BASE: string;
  VENDOR_PUBLIC_URL: string;
  POWERTOOLS_LOG_LEVEL: string;
}

let loads = 0;

export async function loadVendorHandlers(
  environment: VendorHandlerEnvironment,
  names: readonly VendorFunctionId[],
): Promise<Partial<Record<VendorFunctionId, VendorHandler>>> {
  Object.assign(process.env, environment, {
    OWNSTACK_RUNTIME: 'local',
    AWS_REGION: process.env.AWS_REGION ?? 'local',
    POWERTOOLS_TRACE_ENABLED: 'false',
    POWERTOOLS_METRICS_DISABLED: 'true',
  });
  loads += 1;
  const out: Partial<Record<VendorFunctionId, VendorHandler>> = {};
  for (const name of names) {
    const file = join(repositoryRoot, vendorFunctionCatalog[name].entry);
    if (!existsSync(file)) throw new Error(`${vendorFunctionCatalog[name].entry} does not exist: the catalog names a handler that is missing.`);
    const module = (await import(`${pathToFileURL(file).href}?vendor-plane=${loads}`)) as { handler?: unknown };
    if (typeof module.handler !== 'function') throw new Error(`${vendorFunctionCatalog[name].entry} exports no handler function.`);
    out[name] = module.handler as VendorHandler;
  }
  return out;
}

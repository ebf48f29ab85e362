/**
 * Runtime configuration, read from the environment once at cold start and validated.
 * A missing or malformed setting fails the init loudly, never the 100th request.
 * Secrets never come through here: the environment holds names and ARNs only.
 */
import { z } from 'zod';
import { DEFAULT_VENDOR_PUBLIC_KEY } from '../licensing/vendor-public-key.js';

const configSchema = z.object({
  /** Name of the single table. Set by the stack (`bindTable`) or the local runtime. */
  TABLE_NAME: z.string().min(3),
  /** Endpoint override for DynamoDB Local. @default the regional AWS endpoint */
  DYNAMODB_ENDPOINT: z.url().optional(),
  /** Queue for async jobs. Optional for functions that enqueue nothing. */
  JOB_QUEUE_URL: z.string().min(1).optional(),
  /** Endpoint override for SQS (the local runtime's in-process queue). @default AWS */
  SQS_ENDPOINT: z.url().optional(),
  /** The custom EventBridge bus domain events go to. */
  EVENT_BUS_NAME: z.string().min(1).optional(),
  /** Endpoint override for EventBridge (the local runtime's in-process bus). @default AWS */
  EVENTBRIDGE_ENDPOINT: z.url().optional(),
  /** The bucket of attachments and export zips. Optional for functions that touch no file. */
  BLOB_BUCKET: z.string().min(3).optional(),
  /** Endpoint override for S3 (the local runtime's S3 stand-in, path-style). @default AWS */
  S3_ENDPOINT: z.url().optional(),
  /** The installation's Cognito user pool, for admin calls (invite, disable). */
  USER_POOL_ID: z.string().min(1).optional(),
  /** Endpoint override for the Cognito admin API (the local runtime's OIDC provider). @default AWS */
  COGNITO_ENDPOINT: z.url().optional(),
  /** IdP groups mapped to roles for federated sign-in, `group=role,...` (a stack parameter). @default none */
  IDP_GROUP_ROLE_MAPPING: z.string().max(2000).default(''),
  /** The email of the installation's first owner (a stack parameter). @default none */
  INITIAL_OWNER_EMAIL: z
    .email()
    .optional()
    .or(z.literal('').transform(() => undefined)),
  /**
   * The user pool's MFA policy (the MfaPolicy parameter), read by the token enricher: with
   * REQUIRED, every native sign-in passed TOTP, so it marks those sessions as MFA.
   * @default 'OFF' (no session is marked)
   */
  MFA_POLICY: z.enum(['OFF', 'OPTIONAL', 'REQUIRED']).default('OFF'),
  /** Administration needs a second factor in the session (a stack parameter). @default false */
  REQUIRE_MFA_FOR_ADMIN: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  /** Where this installation's release channel publishes its manifest (https; file: or loopback http locally). @default none: no check */
  UPDATE_MANIFEST_URL: z.string().max(2048).optional(),
  /** The release channel the installation follows (the UpdateChannel parameter). @default 'stable' */
  UPDATE_CHANNEL: z.enum(['canary', 'beta', 'stable']).default('stable'),
  /** off | notify | auto (the AutoUpdate parameter): off also stops the manifest check. @default 'notify' */
  AUTO_UPDATE: z.enum(['off', 'notify', 'auto']).default('notify'),
  /** The maintenance window of automatic upgrades, UTC (the MaintenanceWindow parameter). @default 'Sun:02:00-04:00' */
  MAINTENANCE_WINDOW: z.string().max(32).default('Sun:02:00-04:00'),
  /**
   * The vendor's control plane (the ControlPlaneUrl parameter): https, or http to localhost
   * for the local control plane. @default none: not connected, community plan, nothing sent
   */
  CONTROL_PLANE_URL: z
    .string()
    .max(2048)
    .refine((v) => /^https:\/\/[^/?#@\s]+(\/[^?#\s]*)?$/.test(v) || /^http:\/\/(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:\d+)?(\/[^?#\s]*)?$/.test(v), {
      message: 'must be an https URL (http only to localhost)',
    })
    .optional()
    .or(z.literal('').transform(() => undefined)),
  /** The public key licenses are verified with, a JWK in JSON (the VendorPublicKey parameter). @default the vendor's key */
  VENDOR_PUBLIC_KEY: z.string().min(2).max(4096).default(DEFAULT_VENDOR_PUBLIC_KEY),
  /** on: heartbeat and hourly usage reports go to the control plane; off: license pulls only (docs/telemetry.md). @default 'on' */
  TELEMETRY: z.enum(['on', 'off']).default('on'),
  /** The installation's own web origin (the app's URL), for redirects back from Stripe. @default none */
  WEB_ORIGIN: z.url().max(2048).optional(),
  /** The product version this code was built as. @default '0.0.0-dev' */
  OWNSTACK_VERSION: z.string().default('0.0.0-dev'),
  /** 'aws' in Lambda, 'local' in the local runtime and tests. @default 'aws' */
  OWNSTACK_RUNTIME: z.enum(['aws', 'local']).default('aws'),
});

export type Config = z.infer<typeof configSchema>;

type Env = Record<string, string | undefined>;

export function loadConfig(env: Env = process.env): Config {
  return parseWith(configSchema, env) as Config;
}

/** For functions that need only some settings (e.g. no table): validates just those. */
export function loadConfigPart<K extends keyof Config>(keys: readonly K[], env: Env = process.env): Pick<Config, K> {
  const mask = Object.fromEntries(keys.map((k) => [k, true])) as { [P in keyof Config]?: true };
  return parseWith(configSchema.pick(mask), env) as Pick<Config, K>;
}

function parseWith(schema: z.ZodType, env: Env): unknown {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid Ownstack configuration: ${problems}. Check the function's environment (set by the stack) or the local runtime's.`);
  }
  return parsed.data;
}

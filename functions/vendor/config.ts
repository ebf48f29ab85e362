/**
 * The control plane's configuration, read once at cold start and validated. Secrets never
 * come through here: in AWS they are SSM SecureString parameters under `SECRETS_PREFIX`
 * (`secrets.ts`); locally, a file in the local control plane's data directory.
 */
import { z } from 'zod';

const vendorConfigSchema = z.object({
  VENDOR_TABLE_NAME: z.string().min(3),
  /** Endpoint override for DynamoDB Local. @default AWS */
  DYNAMODB_ENDPOINT: z.url().optional(),
  /** The billing queue (Stripe events, usage forwarding). Optional for functions that send nothing. */
  BILLING_QUEUE_URL: z.string().min(1).optional(),
  /** Endpoint override for SQS (the local control plane's in-process queue). @default AWS */
  SQS_ENDPOINT: z.url().optional(),
  /** SSM path prefix of the secrets, e.g. `/ownstack-vendor/prod`. Required in AWS. */
  SECRETS_PREFIX: z
    .string()
    .regex(/^\/[A-Za-z0-9_.\-/]+$/)
    .optional(),
  /** Locally: a JSON file with the secrets by `VENDOR_SECRETS` name, instead of SSM. */
  LOCAL_SECRETS_FILE: z.string().min(1).optional(),
  /** Locally: the Stripe fake's base URL (`http://127.0.0.1:port`); the SDK talks to it instead of api.stripe.com. */
  STRIPE_API_BASE: z.url().optional(),
  /** The public origin of the control plane (for links it hands out). */
  VENDOR_PUBLIC_URL: z.url().optional(),
  /** 'aws' in Lambda, 'local' locally and in tests. @default 'aws' */
  OWNSTACK_RUNTIME: z.enum(['aws', 'local']).default('aws'),
});

export type VendorConfig = z.infer<typeof vendorConfigSchema>;

export function loadVendorConfig(env: Record<string, string | undefined> = process.env): VendorConfig {
  const parsed = vendorConfigSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid control plane configuration: ${problems}.`);
  }
  return parsed.data;
}

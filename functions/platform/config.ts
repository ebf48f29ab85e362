/**
 * Runtime configuration, read from the environment once at cold start and validated.
 * A missing or malformed setting fails the init loudly, never the 100th request.
 * Secrets never come through here: the environment holds names and ARNs only.
 */
import { z } from 'zod';

const configSchema = z.object({
  /** Name of the single table. Set by the stack (`bindTable`) or the local runtime. */
  TABLE_NAME: z.string().min(3),
  /** Endpoint override for DynamoDB Local. @default the regional AWS endpoint */
  DYNAMODB_ENDPOINT: z.url().optional(),
  /** Queue for async jobs. Optional for functions that enqueue nothing. */
  JOB_QUEUE_URL: z.string().min(1).optional(),
  /** The custom EventBridge bus domain events go to. */
  EVENT_BUS_NAME: z.string().min(1).optional(),
  /** The email of the installation's first owner (a stack parameter). @default none */
  INITIAL_OWNER_EMAIL: z.email().optional().or(z.literal('').transform(() => undefined)),
  /** The product version this code was built as. @default '0.0.0-dev' */
  OWNSTACK_VERSION: z.string().default('0.0.0-dev'),
  /** 'aws' in Lambda, 'local' in the local runtime and tests. @default 'aws' */
  OWNSTACK_RUNTIME: z.enum(['aws', 'local']).default('aws'),
});

export type Config = z.infer<typeof configSchema>;

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid Ownstack configuration: ${problems}. Check the function's environment (set by the stack) or the local runtime's.`);
  }
  return parsed.data;
}

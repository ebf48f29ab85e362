/**
 * `<dataDir>/runtime.json`: where the last started runtime listens. Written at start so
 * `npm run dev:token` can mint a token for the same issuer without asking the server.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

const runtimeFileSchema = z.object({
  url: z.url(),
  issuer: z.url(),
  tableName: z.string(),
  /** Where its DynamoDB Local listens, for scripts that read the table (`npm run flags:stale`); absent in files of older runs. */
  dynamoEndpoint: z.url().optional(),
  pid: z.number().int(),
  startedAt: z.string(),
});
export type RuntimeFile = z.infer<typeof runtimeFileSchema>;

export const runtimeFilePath = (dataDir: string) => join(dataDir, 'runtime.json');

export function writeRuntimeFile(dataDir: string, content: RuntimeFile): void {
  writeFileSync(runtimeFilePath(dataDir), `${JSON.stringify(content, null, 2)}\n`);
}

export function readRuntimeFile(dataDir: string): RuntimeFile | undefined {
  const file = runtimeFilePath(dataDir);
  if (!existsSync(file)) return undefined;
  return runtimeFileSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
}

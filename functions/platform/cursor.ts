/**
 * Opaque pagination cursors: DynamoDB's LastEvaluatedKey, base64url-encoded. Decoding
 * refuses anything that is not a key of the expected index, so a forged cursor cannot
 * steer a query into another partition.
 */
import { InvalidInput } from './errors.js';

export function encodeCursor(key: Record<string, unknown> | undefined): string | undefined {
  return key ? Buffer.from(JSON.stringify(key)).toString('base64url') : undefined;
}

export function decodeCursor(cursor: string | undefined, expected: Record<string, string>): Record<string, string> | undefined {
  if (!cursor) return undefined;
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidInput('The cursor is not one this API issued.');
  }
  const record = key as Record<string, unknown>;
  const valid =
    typeof key === 'object' &&
    key !== null &&
    Object.values(record).every((v) => typeof v === 'string') &&
    Object.entries(expected).every(([attribute, value]) => record[attribute] === value);
  if (!valid) throw new InvalidInput('The cursor is not one this API issued.');
  return record as Record<string, string>;
}

/**
 * The local control plane's activation code: derived from the data directory's seed, so
 * the code printed on start is the same every time, and written once (a second start
 * finds it and leaves its remaining uses alone).
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { domainEvent } from '../../events/domain.js';
import { Conflict } from '../../platform/errors.js';
import { ulidSource } from '../../platform/ids.js';
import { systemClock } from '../../platform/ports.js';
import { activationCodeFromSeed, hashActivationCode } from '../installations/activation-codes.js';
import { INSTALLATION_EVENTS } from '../installations/domain.js';
import { dynamoInstallationStore } from '../installations/store.js';

const LOCAL_CODE_USES = 1000;
const LOCAL_CODE_DAYS = 3650;

export async function seedActivationCode(db: DynamoDBDocumentClient, tableName: string, seed: string): Promise<string> {
  const code = activationCodeFromSeed(seed);
  const codeHash = hashActivationCode(code);
  const now = systemClock.now();
  const expiresAt = new Date(now.getTime() + LOCAL_CODE_DAYS * 86_400_000).toISOString();
  const event = domainEvent(
    {
      type: INSTALLATION_EVENTS.activationCodeCreated,
      actor: { userId: 'local-control-plane', via: 'system' },
      subject: { kind: 'activation-code', id: codeHash.slice(0, 16) },
      data: { label: 'local', uses: LOCAL_CODE_USES, expiresAt },
    },
    { clock: systemClock, ids: ulidSource },
  );
  try {
    await dynamoInstallationStore(db, tableName).createActivationCode(
      { codeHash, label: 'local', uses: LOCAL_CODE_USES, expiresAt, createdAt: now.toISOString(), createdBy: 'local-control-plane' },
      event,
    );
  } catch (error) {
    if (!(error instanceof Conflict)) throw error;
  }
  return code;
}

/**
 * The in-process event bus: wraps each accepted entry in the envelope EventBridge
 * delivers, matches it against the catalog's bus rules and sends it to each matching
 * rule's target queue, as the real rule's SQS target would. An event no rule matches is
 * dropped, as on EventBridge.
 */
import { randomUUID } from 'node:crypto';
import { assertSupportedPattern, type EventPattern, matchesEventPattern } from './event-pattern.js';
import { LOCAL_ACCOUNT_ID, LOCAL_REGION } from './local-aws.js';
import type { LocalQueue } from './local-queue.js';

export interface BusRule {
  id: string;
  pattern: EventPattern;
  target: string;
}

export interface BusEntry {
  source: string;
  detailType: string;
  detail: Record<string, unknown>;
  time?: Date;
  resources?: string[];
}

export interface EventEnvelope {
  version: '0';
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: Record<string, unknown>;
}

export function createLocalBus(name: string, rules: readonly BusRule[], queues: Readonly<Record<string, LocalQueue>>) {
  for (const rule of rules) {
    assertSupportedPattern(rule.id, rule.pattern);
    if (!queues[rule.target]) throw new Error(`Bus rule ${rule.id} targets the queue "${rule.target}", which the local runtime does not run.`);
  }
  let published = 0;

  return {
    name,
    arn: `arn:aws:events:${LOCAL_REGION}:${LOCAL_ACCOUNT_ID}:event-bus/${name}`,
    /** Accepts one entry; returns its event id. */
    put(entry: BusEntry): string {
      const envelope: EventEnvelope = {
        version: '0',
        id: randomUUID(),
        'detail-type': entry.detailType,
        source: entry.source,
        account: LOCAL_ACCOUNT_ID,
        time: (entry.time ?? new Date()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
        region: LOCAL_REGION,
        resources: entry.resources ?? [],
        detail: entry.detail,
      };
      for (const rule of rules) {
        if (matchesEventPattern(rule.pattern, envelope)) queues[rule.target]?.send({ body: JSON.stringify(envelope) });
      }
      published += 1;
      return envelope.id;
    },
    stats: () => ({ published }),
  };
}

export type LocalBus = ReturnType<typeof createLocalBus>;

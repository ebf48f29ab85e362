/** The EventBridge adapter of the EventBus port: PutEvents in chunks of 10 entries. */
import { type EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { EVENT_SOURCE } from './domain.js';
import type { EventBus } from './publisher.js';

const MAX_ENTRIES_PER_PUT = 10;

export function eventBridgeBus(client: EventBridgeClient, busName: string): EventBus {
  return {
    async publish(events) {
      const failedIds: string[] = [];
      for (let i = 0; i < events.length; i += MAX_ENTRIES_PER_PUT) {
        const chunk = events.slice(i, i + MAX_ENTRIES_PER_PUT);
        try {
          const { Entries = [] } = await client.send(
            new PutEventsCommand({
              Entries: chunk.map((event) => ({
                EventBusName: busName,
                Source: EVENT_SOURCE,
                DetailType: event.type,
                Detail: JSON.stringify(event),
                Time: new Date(event.occurredAt),
              })),
            }),
          );
          Entries.forEach((entry, index) => {
            if (entry.ErrorCode) failedIds.push(chunk[index]?.id ?? '');
          });
        } catch {
          failedIds.push(...chunk.map((e) => e.id));
        }
      }
      return { failedIds };
    },
  };
}

import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { domainEvent, EVENT_SOURCE } from '../../../functions/events/domain.js';
import { eventBridgeBus } from '../../../functions/events/eventbridge-bus.js';
import { fixedClock, sequentialIds } from '../builders.js';

// EventBridge has no local stand-in in unit tests; the integration suite runs the local bus.
const eventBridge = mockClient(EventBridgeClient);
const deps = { clock: fixedClock(), ids: sequentialIds('EV') };
const events = (n: number) =>
  Array.from({ length: n }, () =>
    domainEvent({ type: 'test.happened', actor: { userId: 'u', via: 'system' }, subject: { kind: 'k', id: 'i' }, data: { n } }, deps),
  );

describe('EventBridge bus adapter', () => {
  beforeEach(() => eventBridge.reset());

  it('puts events in chunks of at most 10, with our source, the type as detail-type and the event as detail', async () => {
    eventBridge.on(PutEventsCommand).callsFake((input) => ({ FailedEntryCount: 0, Entries: input.Entries.map(() => ({ EventId: 'x' })) }));
    const batch = events(23);
    const { failedIds } = await eventBridgeBus(new EventBridgeClient({}), 'bus-1').publish(batch);
    expect(failedIds).toEqual([]);
    const calls = eventBridge.commandCalls(PutEventsCommand);
    expect(calls.map((c) => c.args[0].input.Entries?.length)).toEqual([10, 10, 3]);
    const first = calls[0]?.args[0].input.Entries?.[0];
    expect(first).toMatchObject({ EventBusName: 'bus-1', Source: EVENT_SOURCE, DetailType: 'test.happened' });
    expect(JSON.parse(first?.Detail ?? '{}').id).toBe(batch[0]?.id);
  });

  it('returns the ids of entries the bus refused', async () => {
    eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 1, Entries: [{ EventId: 'a' }, { ErrorCode: 'ThrottlingException' }] });
    const batch = events(2);
    expect((await eventBridgeBus(new EventBridgeClient({}), 'bus-1').publish(batch)).failedIds).toEqual([batch[1]?.id]);
  });

  it('counts every entry of a chunk as failed when the call itself fails', async () => {
    eventBridge.on(PutEventsCommand).rejects(new Error('network down'));
    const batch = events(3);
    expect((await eventBridgeBus(new EventBridgeClient({}), 'bus-1').publish(batch)).failedIds).toEqual(batch.map((e) => e.id));
  });
});

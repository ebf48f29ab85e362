/**
 * EventBridge's `PutEvents` (AWS JSON 1.1) in front of the local bus, with EventBridge's
 * per-entry checks: an entry that fails them gets an `ErrorCode` and counts in
 * `FailedEntryCount`, while the others are accepted, as on AWS.
 */
import { AwsServiceError, createAwsJsonService } from './aws-json-protocol.js';
import type { LocalBus } from './local-bus.js';

const MAX_ENTRIES = 10;
const MAX_REQUEST_BYTES = 256 * 1024;

type EntryResult = { EventId: string } | { ErrorCode: string; ErrorMessage: string };

export function createEventBridgeEndpoint(bus: LocalBus) {
  function putOne(entry: Record<string, unknown>): EntryResult {
    const busName = typeof entry.EventBusName === 'string' ? entry.EventBusName : 'default';
    if (busName !== bus.name && busName !== bus.arn) {
      return { ErrorCode: 'ResourceNotFoundException', ErrorMessage: `Event bus ${busName} does not exist; the local bus is ${bus.name}.` };
    }
    if (typeof entry.Source !== 'string' || !entry.Source) return { ErrorCode: 'InvalidArgument', ErrorMessage: 'Parameter Source is not valid.' };
    if (typeof entry.DetailType !== 'string' || !entry.DetailType) return { ErrorCode: 'InvalidArgument', ErrorMessage: 'Parameter DetailType is not valid.' };
    let detail: unknown;
    try {
      detail = JSON.parse(typeof entry.Detail === 'string' ? entry.Detail : '');
    } catch {
      detail = undefined;
    }
    if (typeof detail !== 'object' || detail === null || Array.isArray(detail)) {
      return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed: it must be a JSON object.' };
    }
    const time = typeof entry.Time === 'number' ? new Date(entry.Time * 1000) : undefined;
    const resources = Array.isArray(entry.Resources) ? entry.Resources.filter((r): r is string => typeof r === 'string') : undefined;
    return { EventId: bus.put({ source: entry.Source, detailType: entry.DetailType, detail: detail as Record<string, unknown>, time, resources }) };
  }

  return createAwsJsonService({
    targetPrefix: 'AWSEvents',
    jsonVersion: '1.1',
    maxBodyBytes: 2 * MAX_REQUEST_BYTES,
    operations: {
      PutEvents(input) {
        const entries = Array.isArray(input.Entries) ? (input.Entries as Record<string, unknown>[]) : [];
        if (entries.length === 0 || entries.length > MAX_ENTRIES) {
          throw new AwsServiceError('ValidationException', `Entries must hold 1 to ${MAX_ENTRIES} entries (got ${entries.length}).`);
        }
        const size = Buffer.byteLength(JSON.stringify(entries));
        if (size > MAX_REQUEST_BYTES)
          throw new AwsServiceError('ValidationException', `The entries total ${size} bytes; PutEvents accepts at most ${MAX_REQUEST_BYTES}.`);
        const Entries = entries.map(putOne);
        return { FailedEntryCount: Entries.filter((e) => 'ErrorCode' in e).length, Entries };
      },
    },
  });
}

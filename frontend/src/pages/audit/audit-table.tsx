/**
 * Audit entries, newest first: when, who (and how: a session or which API key), what,
 * which object, and from where (IP and browser). The event's data opens per row.
 */
import type { AuditEntry } from '../../api/audit-api.js';
import type { Member } from '../../api/client.js';
import { nameIn } from '../../api/use-directory.js';
import { formatDateTime } from '../../format.js';

export function AuditTable({ entries, members, labelledBy }: { entries: readonly AuditEntry[]; members?: readonly Member[]; labelledBy: string }) {
  return (
    <table className="data-table audit-table" aria-labelledby={labelledBy}>
      <thead>
        <tr>
          <th scope="col">When</th>
          <th scope="col">Who</th>
          <th scope="col">Event</th>
          <th scope="col">Object</th>
          <th scope="col">From</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((entry) => (
          <tr key={entry.id}>
            <th scope="row" data-label="When">
              <time dateTime={entry.occurredAt}>{formatDateTime(entry.occurredAt)}</time>
            </th>
            <td data-label="Who" className="break-anywhere">
              {entry.actor.via === 'system' ? 'Ownstack' : nameIn(members, entry.actor.userId)}
              <span className="audit-via">{viaLabel(entry.actor)}</span>
            </td>
            <td data-label="Event">
              <code className="audit-type">
                <TypeName type={entry.type} />
              </code>
              {Object.keys(entry.detail).length > 0 ? (
                <details className="audit-detail">
                  <summary>
                    Data<span className="visually-hidden"> of {entry.type}</span>
                  </summary>
                  <pre>{JSON.stringify(entry.detail, null, 2)}</pre>
                </details>
              ) : null}
            </td>
            <td data-label="Object" className="break-anywhere">
              {entry.subject.kind} <span className="muted">{entry.subject.id}</span>
            </td>
            <td data-label="From" className="break-anywhere">
              {entry.actor.ip ?? '—'}
              {entry.actor.userAgent ? <span className="audit-agent">{entry.actor.userAgent}</span> : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** An event type that wraps only after its dots on narrow screens. */
function TypeName({ type }: { type: string }) {
  const parts = type.split('.');
  return (
    <>
      {parts.map((part, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one type never reorder.
        <span key={i}>
          {part}
          {i < parts.length - 1 ? (
            <>
              .<wbr />
            </>
          ) : null}
        </span>
      ))}
    </>
  );
}

function viaLabel(actor: AuditEntry['actor']): string {
  if (actor.via === 'session') return 'Session';
  if (actor.via === 'apiKey') return actor.apiKeyId ? `API key ${actor.apiKeyId}` : 'API key';
  return 'System';
}

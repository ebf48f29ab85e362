/** Keys with their prefix, scopes, creator, dates and status in words; Revoke (asked first) while a key is active. */
import { useState } from 'react';
import { useApi } from '../../api/api-context.js';
import type { ApiKey, Member } from '../../api/client.js';
import { useAction } from '../../api/use-action.js';
import { nameIn } from '../../api/use-directory.js';
import { StateBadge, type StateTone } from '../../components/badges.js';
import { ConfirmDialog } from '../../components/confirm-dialog.js';
import { useFeedback } from '../../components/feedback.js';
import { formatDate, formatDateTime, isPast } from '../../format.js';

function stateOf(key: ApiKey): { label: 'Active' | 'Revoked' | 'Expired'; tone: StateTone } {
  if (key.revokedAt) return { label: 'Revoked', tone: 'neutral' };
  if (isPast(key.expiresAt)) return { label: 'Expired', tone: 'danger' };
  return { label: 'Active', tone: 'ok' };
}

export interface ApiKeysTableProps {
  keys: readonly ApiKey[];
  members?: readonly Member[];
  labelledBy: string;
  onRevoked(keyId: string, revokedAt: string): void;
}

export function ApiKeysTable({ keys, members, labelledBy, onRevoked }: ApiKeysTableProps) {
  return (
    <table className="data-table" aria-labelledby={labelledBy}>
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Scopes</th>
          <th scope="col">Created</th>
          <th scope="col">Expires</th>
          <th scope="col">Last used</th>
          <th scope="col">Status</th>
          <th scope="col">Actions</th>
        </tr>
      </thead>
      <tbody>
        {keys.map((key) => {
          const state = stateOf(key);
          return (
            <tr key={key.id}>
              <th scope="row" data-label="Name">
                <span className="break-anywhere">{key.name}</span>
                <code className="key-prefix break-anywhere">{key.prefix}</code>
              </th>
              <td data-label="Scopes">
                <ul className="chips">
                  {key.scopes.map((scope) => (
                    <li key={scope} className="chip">
                      {scope}
                    </li>
                  ))}
                </ul>
              </td>
              <td data-label="Created">
                {formatDate(key.createdAt)}
                <span className="muted small block">by {nameIn(members, key.createdBy)}</span>
              </td>
              <td data-label="Expires">{formatDate(key.expiresAt)}</td>
              <td data-label="Last used">{key.lastUsedAt ? formatDateTime(key.lastUsedAt) : <span className="muted">Never</span>}</td>
              <td data-label="Status">
                <StateBadge label={state.label} tone={state.tone} />
              </td>
              <td data-label="Actions">{state.label === 'Active' ? <RevokeKey apiKey={key} onRevoked={onRevoked} /> : <span className="muted">—</span>}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function RevokeKey({ apiKey, onRevoked }: { apiKey: ApiKey; onRevoked(keyId: string, revokedAt: string): void }) {
  const api = useApi();
  const { announce } = useFeedback();
  const [confirming, setConfirming] = useState(false);
  const revoke = useAction(async () => {
    await api.revokeApiKey(apiKey.id);
    return true;
  });

  const onConfirm = async () => {
    if (!(await revoke.run())) return;
    setConfirming(false);
    // 204 carries no body; the server's own timestamp shows after the next load.
    onRevoked(apiKey.id, new Date().toISOString());
    announce(`Key ${apiKey.name} revoked; it is refused from now on.`);
  };

  return (
    <>
      <button
        type="button"
        className="button button-danger-outline button-small"
        onClick={() => {
          revoke.reset();
          setConfirming(true);
        }}
      >
        Revoke<span className="visually-hidden"> key {apiKey.name}</span>
      </button>
      <ConfirmDialog
        open={confirming}
        title={`Revoke the key ${apiKey.name}?`}
        confirmLabel="Revoke key"
        pending={revoke.pending}
        problem={revoke.problem}
        onConfirm={onConfirm}
        onCancel={() => setConfirming(false)}
      >
        <p>
          Anything using <code>{apiKey.prefix}</code> is refused from its next request. This cannot be undone; create a new key if it is needed again.
        </p>
      </ConfirmDialog>
    </>
  );
}

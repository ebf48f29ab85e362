/** Badges are words first (role, status); colour only repeats what the word says. */
import type { Role } from '../api/client.js';

export function RoleBadge({ value }: { value: Role }) {
  return (
    <span className="badge badge-role" data-role={value}>
      {value}
    </span>
  );
}

export type StateTone = 'ok' | 'warning' | 'danger' | 'neutral';

/** A status in words with a tone: "Active", "Revoked", "Pending", "Expired". */
export function StateBadge({ label, tone }: { label: string; tone: StateTone }) {
  return (
    <span className="badge badge-state" data-tone={tone}>
      {label}
    </span>
  );
}

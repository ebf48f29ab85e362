/**
 * The audit viewer's filters: a date range (at most 13 months, as the API allows), a
 * person, an object kind (and optionally one object's id), and an event type or family.
 * Applied on submit, so typing an id does not fire a request per key.
 */
import { type FormEvent, useId, useState } from 'react';
import { eventCatalog } from '../../../../functions/events/catalog.js';
import type { AuditFilters } from '../../api/audit-api.js';
import type { Member } from '../../api/client.js';

const TYPES = Object.keys(eventCatalog).sort();
const FAMILIES = [...new Set(TYPES.map((t) => t.split('.').slice(0, -1).join('.')).filter(Boolean))].sort();
const KINDS = [...new Set(Object.values(eventCatalog).map((d) => d.subject))].sort();

/** `yyyy-mm-dd` of a date, in UTC (the API's day boundaries). */
export const isoDay = (date: Date) => date.toISOString().slice(0, 10);

export function defaultFilters(now = new Date()): AuditFilters {
  return { from: isoDay(new Date(now.getTime() - 29 * 24 * 3600 * 1000)), to: isoDay(now) };
}

export function AuditFiltersForm({ initial, members, onApply }: { initial: AuditFilters; members?: readonly Member[]; onApply(filters: AuditFilters): void }) {
  const id = useId();
  const [draft, setDraft] = useState<AuditFilters>(initial);
  const set = (field: keyof AuditFilters, value: string) => setDraft((d) => ({ ...d, [field]: value || undefined }));

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    onApply({ ...draft, subjectId: draft.subjectKind ? draft.subjectId?.trim() || undefined : undefined });
  };

  return (
    <form className="audit-filters" onSubmit={onSubmit} aria-label="Filter the audit log">
      <div className="field">
        <label htmlFor={`${id}-from`}>From</label>
        <input id={`${id}-from`} type="date" className="input" value={draft.from ?? ''} max={draft.to} required onChange={(e) => set('from', e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-to`}>To</label>
        <input id={`${id}-to`} type="date" className="input" value={draft.to ?? ''} min={draft.from} required onChange={(e) => set('to', e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-actor`}>Person</label>
        <select id={`${id}-actor`} className="select" value={draft.actorId ?? ''} onChange={(e) => set('actorId', e.target.value)}>
          <option value="">Anyone</option>
          {members?.map((m) => (
            <option key={m.id} value={m.id}>
              {m.displayName} ({m.email})
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-type`}>Event</label>
        <select id={`${id}-type`} className="select" value={draft.type ?? ''} onChange={(e) => set('type', e.target.value)}>
          <option value="">Any event</option>
          <optgroup label="Families">
            {FAMILIES.map((f) => (
              <option key={f} value={`${f}.*`}>
                All {f} events
              </option>
            ))}
          </optgroup>
          <optgroup label="Types">
            {TYPES.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </optgroup>
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-kind`}>Object kind</label>
        <select id={`${id}-kind`} className="select" value={draft.subjectKind ?? ''} onChange={(e) => set('subjectKind', e.target.value)}>
          <option value="">Any object</option>
          {KINDS.map((k) => (
            <option key={k} value={k}>
              {k}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-subject`}>Object id</label>
        <input
          id={`${id}-subject`}
          className="input"
          value={draft.subjectId ?? ''}
          disabled={!draft.subjectKind}
          maxLength={256}
          aria-describedby={`${id}-subject-hint`}
          onChange={(e) => set('subjectId', e.target.value)}
        />
        <span className="field-hint" id={`${id}-subject-hint`}>
          With a kind: the history of one object.
        </span>
      </div>
      <div className="field field-action audit-filters-apply">
        <button type="submit" className="button button-primary">
          Apply filters
        </button>
      </div>
    </form>
  );
}

/**
 * /audit, for admins and owners: who did what to which object, when and from where.
 * Filters, a chart of events per day, the entries newest first with "Load more", and
 * exports of the whole filtered view. The server walks its indexes; a page may come back
 * short when a filter had to skip many entries, and "Load more" then simply goes on.
 */
import { useCallback, useId, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useApi } from '../../api/api-context.js';
import type { AuditFilters } from '../../api/audit-api.js';
import { useDirectory } from '../../api/use-directory.js';
import { usePagedList } from '../../api/use-paged-list.js';
import { useResource } from '../../api/use-resource.js';
import { PageFrame } from '../../components/page-frame.js';
import { InlineProblem, ProblemMessage } from '../../components/problem-message.js';
import { StatusMessage } from '../../components/status-message.js';
import { WithPermission } from '../../components/with-permission.js';
import { plural } from '../../format.js';
import { AuditFiltersForm, defaultFilters } from './audit-filters.js';
import { AuditTable } from './audit-table.js';
import { countLoaded, EventsPerDay } from './events-per-day.js';
import { ExportButtons } from './export-buttons.js';

const PAGE_SIZE = 50;

export function AuditPage() {
  return (
    <PageFrame
      title="Audit log"
      description="Every change in this installation: who made it, when, to what, and from where. Entries cannot be edited or deleted."
    >
      <WithPermission need="administer" audience="admins and owners">
        {() => <AuditContent />}
      </WithPermission>
    </PageFrame>
  );
}

function AuditContent() {
  const api = useApi();
  const directory = useDirectory();
  const members = directory.status === 'ready' ? directory.data : undefined;
  // Filters live in the URL too, so "the history of this object" is a link other pages can give.
  const [searchParams, setSearchParams] = useSearchParams();
  const [filters, setFilters] = useState<AuditFilters>(() => ({ ...defaultFilters(), ...filtersIn(searchParams) }));
  const apply = (next: AuditFilters) => {
    setFilters(next);
    setSearchParams(new URLSearchParams(Object.entries(next).filter((e): e is [string, string] => Boolean(e[1]))), { replace: true });
  };
  const headingId = useId();
  const load = useCallback((cursor: string | undefined, signal: AbortSignal) => api.listAudit(filters, { cursor, limit: PAGE_SIZE }, signal), [api, filters]);
  const list = usePagedList(load);
  const range = { from: filters.from ?? '', to: filters.to ?? '' };
  // The daily counters cover every entry; a filtered view is counted from what is loaded.
  const filtered = Boolean(filters.actorId || filters.type || filters.subjectKind);
  const loadSummary = useCallback((signal: AbortSignal) => api.summarizeAudit({ from: filters.from, to: filters.to }, signal), [api, filters]);
  const summary = useResource(loadSummary);

  return (
    <div className="page-body stack-lg">
      <section className="card stack" aria-label="Filters">
        <AuditFiltersForm initial={filters} members={members} onApply={apply} />
      </section>
      <section className="card stack" aria-labelledby={headingId} aria-busy={list.status === 'loading'}>
        <div className="audit-results-header">
          <h2 id={headingId}>Entries</h2>
          <ExportButtons filters={filters} />
        </div>
        {list.status === 'loading' ? <StatusMessage>Loading the audit log…</StatusMessage> : null}
        {list.status === 'error' ? <ProblemMessage problem={list.problem} onRetry={list.retry} /> : null}
        {list.status === 'ready' ? (
          <>
            {filtered ? (
              <EventsPerDay counts={countLoaded(list.items)} range={range} scope={list.hasMore ? 'loaded' : 'matching'} />
            ) : summary.status === 'ready' ? (
              <EventsPerDay counts={summary.data.days} range={range} scope="all" />
            ) : summary.status === 'error' ? (
              <InlineProblem problem={summary.problem}>The chart of events per day could not be loaded.</InlineProblem>
            ) : null}
            {list.items.length === 0 ? (
              <p className="empty-state">
                {list.hasMore ? 'No matching entries found yet; more of the range remains to search.' : 'No entries match these filters.'}
              </p>
            ) : (
              <AuditTable entries={list.items} members={members} labelledBy={headingId} />
            )}
            <p className="muted small" role="status">
              {`Showing ${plural(list.items.length, 'entry', 'entries')}${list.hasMore ? '; more may exist.' : '.'}`}
            </p>
            {list.moreProblem ? <InlineProblem problem={list.moreProblem} /> : null}
            {list.hasMore ? (
              <div className="button-row">
                <button type="button" className="button button-secondary" onClick={list.loadMore} disabled={list.loadingMore}>
                  {list.loadingMore ? 'Loading…' : 'Load more'}
                </button>
              </div>
            ) : null}
          </>
        ) : null}
      </section>
    </div>
  );
}

const FILTER_NAMES = ['from', 'to', 'actorId', 'subjectKind', 'subjectId', 'type'] as const;

/** The filters a link carries; the API validates them, and says so if one is wrong. */
function filtersIn(params: URLSearchParams): AuditFilters {
  const out: AuditFilters = {};
  for (const name of FILTER_NAMES) {
    const value = params.get(name)?.trim();
    if (value) out[name] = value.slice(0, 256);
  }
  return out;
}

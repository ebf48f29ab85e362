/**
 * /flags, for admins and owners: every flag with its state (this installation's and the
 * vendor's fleet flags from the license), a stale view (flags past their expiry, whose
 * code path should go), rollout sliders and kill switches in place, and preview as user.
 */
import { useCallback, useId } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { useApi } from '../../api/api-context.js';
import type { FlagList, FlagView } from '../../api/flags-api.js';
import { useResource } from '../../api/use-resource.js';
import { PageFrame } from '../../components/page-frame.js';
import { ProblemMessage } from '../../components/problem-message.js';
import { StatusMessage } from '../../components/status-message.js';
import { WithPermission } from '../../components/with-permission.js';
import { FlagCard } from './flag-card.js';
import { PreviewPanel } from './preview-panel.js';

type View = 'all' | 'stale';

export function FlagsPage() {
  return (
    <PageFrame title="Feature flags" description="Roll features out gradually, kill them at once, and see what each member gets.">
      <WithPermission need="administer" audience="admins and owners">
        {() => <FlagsContent />}
      </WithPermission>
    </PageFrame>
  );
}

function FlagsContent() {
  const api = useApi();
  const headingId = useId();
  const [params, setParams] = useSearchParams();
  const view: View = params.get('view') === 'stale' ? 'stale' : 'all';
  const list = useResource(useCallback((signal: AbortSignal) => api.listFlags(signal), [api]));
  const replace = (next: FlagView) =>
    list.update((data: FlagList) => ({
      ...data,
      items: data.items.map((item) => (item.source === next.source && item.definition.key === next.definition.key ? next : item)),
    }));

  return (
    <div className="page-body stack-lg">
      <section className="stack" aria-labelledby={headingId}>
        <div className="section-header">
          <h2 id={headingId}>Flags</h2>
          <Link className="button button-primary" to="/flags/new">
            New flag
          </Link>
        </div>
        {list.status === 'loading' ? <StatusMessage>Loading flags…</StatusMessage> : null}
        {list.status === 'error' ? <ProblemMessage problem={list.problem} onRetry={list.retry} /> : null}
        {list.status === 'ready' ? (
          <>
            <fieldset className="button-row flag-filter">
              <legend className="visually-hidden">Which flags</legend>
              {(['all', 'stale'] as const).map((v) => (
                <button
                  key={v}
                  type="button"
                  className={`button button-small ${view === v ? 'button-primary' : 'button-secondary'}`}
                  aria-pressed={view === v}
                  onClick={() => setParams(v === 'all' ? {} : { view: v }, { replace: true })}
                >
                  {v === 'all' ? `All (${list.data.items.length})` : `Stale (${list.data.items.filter((i) => i.state.stale).length})`}
                </button>
              ))}
            </fieldset>
            <p className="muted small">
              Ring {list.data.ring} · fleet flags version {list.data.fleetFlagsVersion} · today {list.data.today}
            </p>
            <FlagCards items={view === 'stale' ? list.data.items.filter((i) => i.state.stale) : list.data.items} view={view} onSaved={replace} />
          </>
        ) : null}
      </section>
      <PreviewPanel />
    </div>
  );
}

function FlagCards({ items, view, onSaved }: { items: readonly FlagView[]; view: View; onSaved(next: FlagView): void }) {
  if (items.length === 0)
    return (
      <p className="empty-state">
        {view === 'stale' ? 'No stale flags: none is past its expiry date.' : 'No flags yet. Create one to ship a change to a few users first.'}
      </p>
    );
  return (
    <ul className="flag-list">
      {items.map((flag) => (
        <li key={`${flag.source}:${flag.definition.key}`}>
          <FlagCard flag={flag} onSaved={onSaved} />
        </li>
      ))}
    </ul>
  );
}

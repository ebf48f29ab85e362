/**
 * After a 412: someone saved this document after this person opened it. Their version
 * (fetched fresh) and the text typed here are shown side by side, and the person chooses:
 * keep mine (saved over theirs, naming their version's ETag, so it is a deliberate
 * overwrite), take theirs (this tab's edits are dropped), or copy mine to paste elsewhere.
 * Until they choose, nothing typed here is lost: it stays in the editor and in sessionStorage.
 */
import { useEffect, useId, useRef, useState } from 'react';
import type { VersionedDocument } from '../../api/documents-api.js';
import type { ApiProblem } from '../../api/problem.js';
import { WriteProblem } from '../../components/upgrade-prompt.js';
import { formatDateTime } from '../../format.js';
import type { DraftContent } from './draft-store.js';

export interface ConflictPanelProps {
  theirs: VersionedDocument;
  mine: DraftContent;
  /** Who saved theirs, for display. */
  nameOf(userId: string): string;
  keeping: boolean;
  problem?: ApiProblem;
  onKeepMine(): void;
  onTakeTheirs(): void;
}

export function ConflictPanel({ theirs, mine, nameOf, keeping, problem, onKeepMine, onTakeTheirs }: ConflictPanelProps) {
  const headingId = useId();
  const theirsId = useId();
  const mineId = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const [copied, setCopied] = useState<'copied' | 'failed'>();
  const { document } = theirs;
  const who = nameOf(document.updatedBy);

  // The panel replaces what the person was doing: focus goes to its heading so it is read first.
  useEffect(() => heading.current?.focus(), []);

  const onCopy = async () => {
    try {
      await navigator.clipboard.writeText(mine.body);
      setCopied('copied');
    } catch {
      setCopied('failed');
    }
  };

  return (
    <section className="panel conflict-panel stack" aria-labelledby={headingId}>
      <h2 id={headingId} ref={heading} tabIndex={-1}>
        Someone else saved this document
      </h2>
      <p>
        {who === 'You' ? 'You saved' : `${who} saved`} version {document.version} at {formatDateTime(document.updatedAt)}
        {who === 'You' ? ' from another tab or client' : ''}, after you started editing here. Your text is not lost: compare the two and choose which to keep.
      </p>
      <div className="conflict-columns">
        <div className="stack-sm">
          <h3 id={theirsId}>Their version (saved)</h3>
          <p className="conflict-title">
            <span className="muted">Title:</span> {document.title}
          </p>
          <p className="small">
            <span className="muted">Tags:</span> {document.tags.length ? document.tags.join(', ') : 'none'}
          </p>
          <textarea className="input textarea conflict-text" readOnly value={document.body} aria-labelledby={theirsId} rows={12} />
        </div>
        <div className="stack-sm">
          <h3 id={mineId}>Your unsaved version</h3>
          <p className="conflict-title">
            <span className="muted">Title:</span> {mine.title}
          </p>
          <p className="small">
            <span className="muted">Tags:</span> {mine.tags.length ? mine.tags.join(', ') : 'none'}
          </p>
          <textarea className="input textarea conflict-text" readOnly value={mine.body} aria-labelledby={mineId} rows={12} />
        </div>
      </div>
      {problem ? <WriteProblem problem={problem} /> : null}
      <div className="button-row">
        <button type="button" className="button button-primary" onClick={onKeepMine} disabled={keeping}>
          {keeping ? 'Saving…' : 'Keep mine (overwrite theirs)'}
        </button>
        <button type="button" className="button button-secondary" onClick={onTakeTheirs} disabled={keeping}>
          Take theirs (discard mine)
        </button>
        <button type="button" className="button button-secondary" onClick={onCopy}>
          Copy my text
        </button>
      </div>
      <p role="status" className="small">
        {copied === 'copied'
          ? 'Your text is on the clipboard.'
          : copied === 'failed'
            ? 'The browser did not allow copying; select your text above and copy it.'
            : ''}
      </p>
    </section>
  );
}

/**
 * Editing one document: title, tags, and the markdown body with a Write / Preview switch.
 * Every save names the version the edits started from (If-Match); a 412 opens the conflict
 * panel instead of losing anything. Edits are mirrored to sessionStorage as they are typed,
 * so a reload brings them back (and recognises a conflict if the document changed meanwhile).
 */
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { documentTag, MAX_DOCUMENT_BODY_BYTES, MAX_TAGS } from '../../../../functions/documents/schemas.js';
import { useApi } from '../../api/api-context.js';
import type { Document, VersionedDocument } from '../../api/documents-api.js';
import { ApiProblem } from '../../api/problem.js';
import { useAction } from '../../api/use-action.js';
import { useFeedback } from '../../components/feedback.js';
import { MarkdownView } from '../../components/markdown-view.js';
import { TagInput } from '../../components/tag-input.js';
import { Tabs } from '../../components/tabs.js';
import { WriteProblem } from '../../components/upgrade-prompt.js';
import { formatBytes, formatDateTime } from '../../format.js';
import { ConflictPanel } from './conflict-panel.js';
import { clearDraft, type DraftContent, loadDraft, sameContent, storeDraft } from './draft-store.js';

const fromDocument = (document: Document): DraftContent => ({ title: document.title, tags: [...document.tags], body: document.body });
const encoder = new TextEncoder();
const BODY_TABS = [
  { key: 'write', label: 'Write' },
  { key: 'preview', label: 'Preview' },
] as const;
type BodyView = (typeof BODY_TABS)[number]['key'];

export interface DocumentEditorProps {
  base: VersionedDocument;
  onSaved(next: VersionedDocument): void;
  nameOf(userId: string): string;
}

interface Start {
  content: DraftContent;
  /** The version `content` was written against. */
  draftBase: number;
  conflict?: VersionedDocument;
  restored: boolean;
}

function startFrom(base: VersionedDocument): Start {
  const { document } = base;
  const stored = loadDraft(document.id);
  if (!stored || sameContent(stored, document)) return { content: fromDocument(document), draftBase: document.version, restored: false };
  const content = { title: stored.title, tags: stored.tags, body: stored.body };
  // Edits from an older version than the one just loaded: that is a conflict to resolve, not a draft to resume.
  if (stored.baseVersion !== document.version) return { content, draftBase: stored.baseVersion, conflict: base, restored: true };
  return { content, draftBase: stored.baseVersion, restored: true };
}

export function DocumentEditor({ base, onSaved, nameOf }: DocumentEditorProps) {
  const api = useApi();
  const { announce } = useFeedback();
  const documentId = base.document.id;
  const [start] = useState(() => startFrom(base));
  const [content, setContent] = useState(start.content);
  const [draftBase, setDraftBase] = useState(start.draftBase);
  const [conflict, setConflict] = useState(start.conflict);
  const [restored, setRestored] = useState(start.restored);
  const [view, setView] = useState<BodyView>('write');
  const [invalid, setInvalid] = useState<string>();
  const latest = useRef(content);
  latest.current = content;
  const titleId = useId();
  const bodyId = useId();
  const bodyHintId = useId();
  const problemId = useId();

  // A change this page made itself (a move) brings a new version; edits based on the one before carry over to it.
  const seenBase = useRef(base.document.version);
  useEffect(() => {
    const previous = seenBase.current;
    seenBase.current = base.document.version;
    setDraftBase((current) => (current === previous ? base.document.version : current));
  }, [base.document.version]);

  const bytes = encoder.encode(content.body).length;
  const dirty = !sameContent(content, base.document) || draftBase !== base.document.version;

  // Mirror the edits to this tab's storage; once saved (or equal to the server's) there is nothing to keep.
  useEffect(() => {
    if (sameContent(content, base.document) && draftBase === base.document.version) clearDraft(documentId);
    else storeDraft(documentId, content, draftBase);
  }, [content, draftBase, base.document, documentId]);

  // A save answers either the saved document or, on 412, the version that won (fetched fresh).
  const save = useAction(async (sent: DraftContent, version: number) => {
    try {
      return { saved: await api.saveDocument(documentId, sent, `"${version}"`) };
    } catch (error) {
      if (error instanceof ApiProblem && error.isStale) return { conflict: await api.getDocument(documentId) };
      throw error;
    }
  });

  const submit = async (version: number) => {
    const sent = { ...content, title: content.title.trim() };
    if (!sent.title) return setInvalid('Give the document a title.');
    if (bytes > MAX_DOCUMENT_BODY_BYTES)
      return setInvalid(`The body is ${formatBytes(bytes)}; at most ${formatBytes(MAX_DOCUMENT_BODY_BYTES)} fit in a document.`);
    setInvalid(undefined);
    const answer = await save.run(sent, version);
    if (!answer) return;
    if (answer.conflict) {
      setConflict(answer.conflict);
      return;
    }
    const saved = answer.saved;
    onSaved(saved);
    setDraftBase(saved.document.version);
    setConflict(undefined);
    setRestored(false);
    // The server's form (trimmed title, normalised tags), unless the person kept typing meanwhile.
    if (sameContent(latest.current, sent)) setContent(fromDocument(saved.document));
    announce(`Saved version ${saved.document.version}.`);
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void submit(draftBase);
  };

  const takeTheirs = () => {
    if (!conflict) return;
    onSaved(conflict);
    setContent(fromDocument(conflict.document));
    setDraftBase(conflict.document.version);
    setConflict(undefined);
    setRestored(false);
    save.reset();
    announce(`Showing version ${conflict.document.version}; your edits were discarded.`);
  };

  const discardDraft = () => {
    setContent(fromDocument(base.document));
    setDraftBase(base.document.version);
    setRestored(false);
  };

  const change = (next: Partial<DraftContent>) => {
    setContent((c) => ({ ...c, ...next }));
    setInvalid(undefined);
    if (!conflict) save.reset();
  };

  return (
    <div className="stack-lg">
      {conflict ? (
        <ConflictPanel
          theirs={conflict}
          mine={content}
          nameOf={nameOf}
          keeping={save.pending}
          problem={save.problem}
          onKeepMine={() => void submit(conflict.document.version)}
          onTakeTheirs={takeTheirs}
        />
      ) : null}
      {restored && !conflict ? (
        <div className="panel notice stack-sm">
          <p>
            <strong>Your unsaved changes were restored</strong> from this browser tab. Save them, or discard them to see the saved version.
          </p>
          <p>
            <button type="button" className="button button-secondary button-small" onClick={discardDraft}>
              Discard my changes
            </button>
          </p>
        </div>
      ) : null}
      <section className="card" aria-labelledby={`${titleId}-heading`}>
        <h2 id={`${titleId}-heading`}>Edit</h2>
        <form className="form-stack" onSubmit={onSubmit}>
          <div className="field">
            <label htmlFor={titleId}>Title</label>
            <input id={titleId} className="input" required maxLength={200} value={content.title} onChange={(event) => change({ title: event.target.value })} />
          </div>
          <TagInput
            label="Tags"
            tags={content.tags}
            max={MAX_TAGS}
            onChange={(tags) => change({ tags })}
            validate={(tag) => {
              const parsed = documentTag.safeParse(tag);
              return parsed.success ? undefined : (parsed.error.issues[0]?.message ?? 'Not a valid tag.');
            }}
          />
          <Tabs<BodyView> label="Body" tabs={BODY_TABS} selected={view} onSelect={setView}>
            {view === 'write' ? (
              <div className="field">
                <label htmlFor={bodyId}>Body (markdown)</label>
                <textarea
                  id={bodyId}
                  className="input textarea body-editor"
                  rows={18}
                  value={content.body}
                  onChange={(event) => change({ body: event.target.value })}
                  aria-describedby={bodyHintId}
                  aria-invalid={bytes > MAX_DOCUMENT_BODY_BYTES ? true : undefined}
                />
                <span id={bodyHintId} className="field-hint">
                  {formatBytes(bytes)} of {formatBytes(MAX_DOCUMENT_BODY_BYTES)}. Markdown: # headings, **bold**, lists, links, code, tables. HTML is shown as
                  text.
                </span>
              </div>
            ) : (
              <div className="preview">
                <MarkdownView source={content.body} />
              </div>
            )}
          </Tabs>
          {invalid ? (
            <p className="form-error" role="alert" id={problemId}>
              {invalid}
            </p>
          ) : null}
          {save.problem && !conflict ? <WriteProblem problem={save.problem} id={problemId} /> : null}
          <div className="editor-footer">
            <button type="submit" className="button button-primary" disabled={save.pending || Boolean(conflict)}>
              {save.pending ? 'Saving…' : 'Save'}
            </button>
            <p className="muted small">
              {dirty
                ? 'Unsaved changes (kept in this tab until you save).'
                : `Version ${base.document.version}, saved ${formatDateTime(base.document.updatedAt)} by ${nameOf(base.document.updatedBy)}.`}
            </p>
          </div>
        </form>
      </section>
    </div>
  );
}

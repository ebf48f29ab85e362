/**
 * A document's attachments: the list, upload (checked here first for size and type, then a
 * presigned POST straight to storage with a progress bar, then `complete`, which counts it
 * against the storage quota), download through a short-lived link, and delete (asked first).
 */
import { type ChangeEvent, useCallback, useId, useRef, useState } from 'react';
import { ATTACHMENT_CONTENT_TYPES, MAX_ATTACHMENT_BYTES } from '../../../../functions/attachments/schemas.js';
import { type Attachment, uploadToPresignedPost } from '../../api/attachments-api.js';
import { useApi } from '../../api/api-context.js';
import { asProblem, type ApiProblem } from '../../api/problem.js';
import { useAction } from '../../api/use-action.js';
import { useResource } from '../../api/use-resource.js';
import { StateBadge } from '../../components/badges.js';
import { ConfirmDialog } from '../../components/confirm-dialog.js';
import { useFeedback } from '../../components/feedback.js';
import { InlineProblem, ProblemMessage } from '../../components/problem-message.js';
import { StatusMessage } from '../../components/status-message.js';
import { WriteProblem } from '../../components/upgrade-prompt.js';
import { formatBytes, formatDateTime } from '../../format.js';

type ContentType = (typeof ATTACHMENT_CONTENT_TYPES)[number];
const ALLOWED = new Set<string>(ATTACHMENT_CONTENT_TYPES);
/** Browsers leave `type` empty for some files (markdown, csv on some systems): the extension decides then. */
const BY_EXTENSION: Record<string, ContentType> = {
  md: 'text/markdown',
  markdown: 'text/markdown',
  csv: 'text/csv',
  txt: 'text/plain',
  json: 'application/json',
  pdf: 'application/pdf',
  zip: 'application/zip',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
};
const ACCEPT = [...ATTACHMENT_CONTENT_TYPES, ...Object.keys(BY_EXTENSION).map((e) => `.${e}`)].join(',');

export function contentTypeOf(file: Pick<File, 'name' | 'type'>): ContentType | undefined {
  if (ALLOWED.has(file.type)) return file.type as ContentType;
  const extension = file.name.split('.').pop()?.toLowerCase() ?? '';
  return file.type === '' || file.type === 'application/octet-stream' ? BY_EXTENSION[extension] : undefined;
}

type Upload = { phase: 'idle' } | { phase: 'sending'; fileName: string; sent: number; total: number } | { phase: 'checking'; fileName: string };

export function AttachmentsSection({ documentId, canWrite }: { documentId: string; canWrite: boolean }) {
  const api = useApi();
  const { announce } = useFeedback();
  const load = useCallback((signal: AbortSignal) => api.listAttachments(documentId, signal), [api, documentId]);
  const attachments = useResource(load);
  const fileId = useId();
  const hintId = useId();
  const problemId = useId();
  const fileInput = useRef<HTMLInputElement>(null);
  const [upload, setUpload] = useState<Upload>({ phase: 'idle' });
  const [refusal, setRefusal] = useState<string>();
  const [problem, setProblem] = useState<ApiProblem>();

  const onFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    setRefusal(undefined);
    setProblem(undefined);
    if (!file) return;
    // Refused here, before asking the API for anything.
    const contentType = contentTypeOf(file);
    if (!contentType) return setRefusal(`${file.name} is not a type that can be attached. Allowed: PDF, ZIP, JSON, text, markdown, CSV, PNG, JPEG, GIF, WebP.`);
    if (file.size === 0) return setRefusal(`${file.name} is empty.`);
    if (file.size > MAX_ATTACHMENT_BYTES)
      return setRefusal(`${file.name} is ${formatBytes(file.size)}; attachments are at most ${formatBytes(MAX_ATTACHMENT_BYTES)}.`);

    let pendingId: string | undefined;
    try {
      setUpload({ phase: 'sending', fileName: file.name, sent: 0, total: file.size });
      const created = await api.createAttachment(documentId, { fileName: file.name, contentType, sizeBytes: file.size });
      pendingId = created.attachment.id;
      await uploadToPresignedPost(created.upload, file, (sent, total) => setUpload({ phase: 'sending', fileName: file.name, sent, total }));
      setUpload({ phase: 'checking', fileName: file.name });
      const ready = await api.completeAttachment(documentId, created.attachment.id);
      attachments.update((items) => [...items.filter((a) => a.id !== ready.id), ready]);
      announce(`${ready.fileName} attached.`);
    } catch (error) {
      setProblem(asProblem(error));
      // A pending attachment that never completed counts for nothing and expires; tidy it now anyway.
      if (pendingId) await api.deleteAttachment(documentId, pendingId).catch(() => undefined);
    } finally {
      setUpload({ phase: 'idle' });
      fileInput.current?.focus();
    }
  };

  return (
    <section className="card form-stack" aria-labelledby="attachments-heading" aria-busy={attachments.status === 'loading'}>
      <h2 id="attachments-heading">Attachments</h2>
      {attachments.status === 'loading' ? <StatusMessage>Loading attachments…</StatusMessage> : null}
      {attachments.status === 'error' ? <ProblemMessage problem={attachments.problem} onRetry={attachments.retry} /> : null}
      {attachments.status === 'ready' ? (
        attachments.data.length === 0 ? (
          <p className="empty-state">No attachments.</p>
        ) : (
          <ul className="attachment-list" aria-labelledby="attachments-heading">
            {attachments.data.map((attachment) => (
              <li key={attachment.id}>
                <AttachmentRow
                  documentId={documentId}
                  attachment={attachment}
                  canWrite={canWrite}
                  onDeleted={() => {
                    attachments.update((items) => items.filter((a) => a.id !== attachment.id));
                    fileInput.current?.focus();
                  }}
                />
              </li>
            ))}
          </ul>
        )
      ) : null}
      {canWrite ? (
        <div className="field">
          <label htmlFor={fileId}>Attach a file</label>
          <input
            id={fileId}
            ref={fileInput}
            type="file"
            className="file-input"
            accept={ACCEPT}
            onChange={onFile}
            disabled={upload.phase !== 'idle'}
            aria-describedby={refusal || problem ? `${hintId} ${problemId}` : hintId}
          />
          <span id={hintId} className="field-hint">
            Up to {formatBytes(MAX_ATTACHMENT_BYTES)}: PDF, ZIP, JSON, text, markdown, CSV or images (PNG, JPEG, GIF, WebP).
          </span>
        </div>
      ) : null}
      {upload.phase === 'sending' ? (
        <div className="export-progress">
          <progress className="progress" max={Math.max(upload.total, 1)} value={upload.sent} aria-label={`Uploading ${upload.fileName}`} />
          <span className="muted small">
            {formatBytes(upload.sent)} of {formatBytes(upload.total)}
          </span>
        </div>
      ) : null}
      {upload.phase === 'checking' ? <StatusMessage>Checking {upload.fileName}…</StatusMessage> : null}
      {refusal ? (
        <p className="form-error" role="alert" id={problemId}>
          {refusal}
        </p>
      ) : null}
      {problem ? <WriteProblem problem={problem} id={problemId} /> : null}
    </section>
  );
}

function AttachmentRow({ documentId, attachment, canWrite, onDeleted }: { documentId: string; attachment: Attachment; canWrite: boolean; onDeleted(): void }) {
  const api = useApi();
  const { announce } = useFeedback();
  const [confirming, setConfirming] = useState(false);
  const download = useAction(() => api.attachmentDownloadLink(documentId, attachment.id));
  const remove = useAction(async () => {
    await api.deleteAttachment(documentId, attachment.id);
    return true;
  });

  const onDownload = async () => {
    const link = await download.run();
    // The link answers with Content-Disposition: attachment, so the page stays where it is.
    if (link) window.location.assign(link.url);
  };
  const onDelete = async () => {
    if (!(await remove.run())) return;
    setConfirming(false);
    onDeleted();
    announce(`${attachment.fileName} deleted.`);
  };

  return (
    <div className="attachment-row">
      <div className="break-anywhere">
        <span className="attachment-name">{attachment.fileName}</span>
        <span className="muted small block">
          {formatBytes(attachment.sizeBytes)} · {formatDateTime(attachment.createdAt)}
        </span>
      </div>
      <div className="button-row">
        {attachment.status === 'pending' ? (
          <StateBadge label="Upload not finished" tone="warning" />
        ) : (
          <button type="button" className="button button-secondary button-small" onClick={onDownload} disabled={download.pending}>
            {download.pending ? 'Preparing…' : 'Download'}
            <span className="visually-hidden"> {attachment.fileName}</span>
          </button>
        )}
        {canWrite ? (
          <button
            type="button"
            className="button button-danger-outline button-small"
            onClick={() => {
              remove.reset();
              setConfirming(true);
            }}
          >
            Delete<span className="visually-hidden"> {attachment.fileName}</span>
          </button>
        ) : null}
      </div>
      {download.problem ? <InlineProblem problem={download.problem} /> : null}
      <ConfirmDialog
        open={confirming}
        title={`Delete ${attachment.fileName}?`}
        confirmLabel="Delete attachment"
        pending={remove.pending}
        problem={remove.problem}
        onConfirm={onDelete}
        onCancel={() => setConfirming(false)}
      >
        <p>The file is removed from storage and frees {formatBytes(attachment.sizeBytes)} of the storage quota. This cannot be undone.</p>
      </ConfirmDialog>
    </div>
  );
}

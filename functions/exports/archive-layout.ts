/**
 * What an export zip holds and where: one markdown file per document, opened by a small
 * YAML front matter (title, id, tags, dates, its attachments), and each ready attachment
 * under `attachments/<documentId>/`. Pure, so the layout is tested without a bucket.
 */
import type { ExportedAttachment, ExportedDocument } from './source.js';

const slug = (title: string) =>
  title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60) || 'document';

export const documentPath = (doc: Pick<ExportedDocument, 'documentId' | 'title'>) => `${slug(doc.title)}-${doc.documentId}.md`;
// The attachment id keeps two files of the same name in one document apart.
export const attachmentPath = (documentId: string, a: Pick<ExportedAttachment, 'attachmentId' | 'fileName'>) =>
  `attachments/${documentId}/${a.attachmentId}-${a.fileName}`;

/** JSON strings are valid YAML scalars, and quoting every value keeps titles like `no: yes` literal. */
const yaml = (value: string) => JSON.stringify(value);

export function markdownFile(doc: ExportedDocument, body: string, attachments: ExportedAttachment[]): string {
  const lines = [
    '---',
    `title: ${yaml(doc.title)}`,
    `id: ${yaml(doc.documentId)}`,
    `version: ${doc.version}`,
    `tags: [${doc.tags.map(yaml).join(', ')}]`,
    `createdAt: ${yaml(doc.createdAt)}`,
    `updatedAt: ${yaml(doc.updatedAt)}`,
  ];
  if (attachments.length > 0) {
    lines.push('attachments:');
    for (const a of attachments) lines.push(`  - ${yaml(attachmentPath(doc.documentId, a))}`);
  }
  lines.push('---', '');
  return `${lines.join('\n')}${body}${body.endsWith('\n') || body === '' ? '' : '\n'}`;
}

/** Compressing these again costs time and gains nothing. */
export const alreadyCompressed = (contentType: string) => /^(image\/(png|jpeg|gif|webp)|application\/(zip|pdf))$/.test(contentType);

/** The name the browser saves an export as: the project's name and the export's date. */
export const exportFileName = (projectName: string, createdAt: string) => `${slug(projectName)}-export-${createdAt.slice(0, 10)}.zip`;

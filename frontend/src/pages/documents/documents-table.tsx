/** Documents as a table: title (a link to the editor) with its excerpt, tags, size and last change. */
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import type { DocumentSummary } from '../../api/documents-api.js';
import { formatBytes, formatDateTime } from '../../format.js';

export interface DocumentsTableProps {
  documents: readonly DocumentSummary[];
  labelledBy: string;
  /** The last column: "Updated" by default; the trash shows deletion and purge dates instead. */
  when?: { label: string; of(document: DocumentSummary): ReactNode };
  /** A per-row action (Restore). */
  action?: { label: string; render(document: DocumentSummary): ReactNode };
}

export function DocumentsTable({ documents, labelledBy, when, action }: DocumentsTableProps) {
  const whenColumn = when ?? { label: 'Updated', of: (d: DocumentSummary) => formatDateTime(d.updatedAt) };
  return (
    <table className="data-table" aria-labelledby={labelledBy}>
      <thead>
        <tr>
          <th scope="col">Title</th>
          <th scope="col">Tags</th>
          <th scope="col">Size</th>
          <th scope="col">{whenColumn.label}</th>
          {action ? <th scope="col">{action.label}</th> : null}
        </tr>
      </thead>
      <tbody>
        {documents.map((document) => (
          <tr key={document.id}>
            <th scope="row" data-label="Title" className="break-anywhere">
              {document.deletedAt ? <span>{document.title}</span> : <Link to={`/documents/${encodeURIComponent(document.id)}`}>{document.title}</Link>}
              {document.excerpt ? <span className="row-detail">{document.excerpt}</span> : null}
            </th>
            <td data-label="Tags">
              {document.tags.length === 0 ? (
                <span className="muted">None</span>
              ) : (
                <ul className="chips" aria-label="Tags">
                  {document.tags.map((tag) => (
                    <li key={tag} className="chip">
                      {tag}
                    </li>
                  ))}
                </ul>
              )}
            </td>
            <td data-label="Size">{formatBytes(document.sizeBytes)}</td>
            <td data-label={whenColumn.label}>{whenColumn.of(document)}</td>
            {action ? <td data-label={action.label}>{action.render(document)}</td> : null}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

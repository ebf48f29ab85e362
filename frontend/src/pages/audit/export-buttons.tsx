/**
 * "Export CSV" and "Export JSON lines": fetch every page of the filtered view (the API
 * sends up to 5,000 rows per response and a cursor for the rest) and save it as one file.
 * Progress and the result are announced in a polite live region.
 */
import { useState } from 'react';
import { useApi } from '../../api/api-context.js';
import type { AuditExportFormat, AuditFilters } from '../../api/audit-api.js';
import { type ApiProblem, asProblem } from '../../api/problem.js';
import { InlineProblem } from '../../components/problem-message.js';
import { formatCount, plural } from '../../format.js';

const TYPES: Record<AuditExportFormat, { label: string; mime: string; extension: string }> = {
  csv: { label: 'Export CSV', mime: 'text/csv', extension: 'csv' },
  jsonl: { label: 'Export JSON lines', mime: 'application/x-ndjson', extension: 'jsonl' },
};

export function ExportButtons({ filters }: { filters: AuditFilters }) {
  const api = useApi();
  const [running, setRunning] = useState<AuditExportFormat>();
  const [status, setStatus] = useState('');
  const [problem, setProblem] = useState<ApiProblem>();

  const run = async (format: AuditExportFormat) => {
    setRunning(format);
    setProblem(undefined);
    setStatus('Preparing the export…');
    try {
      const { text, rows } = await api.exportAudit(filters, format, (n) => setStatus(`Exporting… ${formatCount(n)} rows so far.`));
      const name = `audit-${filters.from ?? 'start'}-${filters.to ?? 'now'}.${TYPES[format].extension}`;
      download(text, name, TYPES[format].mime);
      setStatus(`Exported ${plural(rows, 'entry', 'entries')} to ${name}.`);
    } catch (error) {
      setStatus('');
      setProblem(asProblem(error));
    } finally {
      setRunning(undefined);
    }
  };

  return (
    <div className="stack-sm">
      <div className="button-row">
        {(Object.keys(TYPES) as AuditExportFormat[]).map((format) => (
          <button key={format} type="button" className="button button-secondary" disabled={running !== undefined} onClick={() => void run(format)}>
            {running === format ? 'Exporting…' : TYPES[format].label}
          </button>
        ))}
      </div>
      <p className="muted small" role="status">
        {status}
      </p>
      {problem ? <InlineProblem problem={problem} /> : null}
    </div>
  );
}

function download(text: string, name: string, mime: string) {
  const url = URL.createObjectURL(new Blob([text], { type: mime }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked after the click has been handled: the browser has the file by then.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

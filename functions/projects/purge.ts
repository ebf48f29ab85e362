/**
 * The purge job (`purge-trash`): deletes for good what has been in the trash longer than
 * TRASH_RETENTION_DAYS, in bounded batches, each document and each project in its own
 * transaction with its `document.purged` / `project.purged` event (the attachments
 * consumer deletes a purged document's files). A trashed project is purged after its
 * documents; a project with more documents than one run's budget takes several runs.
 * Idempotent: everything is conditioned on being unchanged since it was read, so two runs
 * at once, or a run after a restore, purge nothing twice and nothing restored.
 */
import { domainEvent } from '../events/domain.js';
import type { DocumentRecord } from '../documents/domain.js';
import { DOCUMENT_EVENTS } from '../documents/domain.js';
import type { Services } from '../services.js';
import { PROJECT_EVENTS } from './domain.js';

export const PURGE_JOB_TYPE = 'purge-trash';
const SYSTEM = { userId: 'system', via: 'system' as const };

export interface PurgeOutcome {
  documents: number;
  projects: number;
  /** True when the budget ran out before everything due was purged. */
  more: boolean;
}

export async function purgeTrash(services: Services, options: { budget?: number } = {}): Promise<PurgeOutcome> {
  const budget = options.budget ?? 200;
  const now = services.clock.now().toISOString();
  const outcome: PurgeOutcome = { documents: 0, projects: 0, more: false };
  const documentPurged = (doc: DocumentRecord) =>
    domainEvent(
      {
        type: DOCUMENT_EVENTS.purged,
        actor: SYSTEM,
        subject: { kind: 'document', id: doc.documentId },
        data: { documentId: doc.documentId, projectId: doc.projectId },
      },
      services,
    );
  const spent = () => outcome.documents + outcome.projects;

  const due = await services.projects.duePurges(now, Math.min(budget, 100));
  for (const item of due) {
    if (spent() >= budget) return { ...outcome, more: true };
    if (item.kind === 'document') {
      if (await services.documents.purge(item.id, documentPurged, { dueBy: now })) outcome.documents++;
      continue;
    }
    const loaded = await services.projects.get(item.id);
    const purgeAt = loaded?.project.status === 'trashed' ? loaded.project.purgeAt : undefined;
    // The index may lag a restore: only what is still trashed and due goes.
    if (!loaded || !purgeAt || purgeAt > now) continue;
    // Its documents first, active and trashed alike; the project goes once none is left.
    let left = false;
    for (const list of [services.documents.listByProject, services.documents.listTrash]) {
      const room = budget - spent();
      if (room <= 0) return { ...outcome, more: true };
      const page = await list(item.id, { limit: Math.min(room, 100) });
      if (page.nextCursor) left = true;
      for (const doc of page.items) {
        if (await services.documents.purge(doc.documentId, documentPurged, { withProject: true })) outcome.documents++;
        // Gone already (a run at the same time): the index may still list it, so look again next run.
        else left = true;
      }
    }
    if (left) {
      outcome.more = true;
      continue;
    }
    const event = domainEvent(
      { type: PROJECT_EVENTS.purged, actor: SYSTEM, subject: { kind: 'project', id: item.id }, data: { projectId: item.id, name: loaded.project.name } },
      services,
    );
    if (await services.projects.purge(loaded, event)) outcome.projects++;
  }
  return { ...outcome, more: outcome.more || due.length >= Math.min(budget, 100) };
}

/** The job handler: purges until nothing due is left or the run has done enough (the next run continues). */
export function purgeTrashJob(services: Services, log?: { info(message: string, extra: Record<string, unknown>): void }) {
  return async () => {
    const total = { documents: 0, projects: 0 };
    for (let run = 0; run < 10; run++) {
      const outcome = await purgeTrash(services);
      total.documents += outcome.documents;
      total.projects += outcome.projects;
      if (!outcome.more || outcome.documents + outcome.projects === 0) break;
    }
    log?.info('trash purged', total);
  };
}

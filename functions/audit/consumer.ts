/** The event consumer that appends every domain event to the audit trail, once. */
import type { EventConsumer } from '../jobs/worker.js';
import { auditEntryFrom } from './domain.js';
import type { AuditStore } from './store.js';

export function auditConsumer(store: AuditStore): EventConsumer {
  return async (event) => {
    await store.append(auditEntryFrom(event));
  };
}

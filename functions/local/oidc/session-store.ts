/**
 * Where the provider keeps sessions, grants and codes: oidc-provider's own in-memory
 * adapter, plus an index by account so that a global sign-out (Cognito's
 * AdminUserGlobalSignOut) can end everything one person holds. Memory only, on purpose:
 * a restart signs everyone out of the provider.
 */
import type { Adapter, AdapterPayload } from 'oidc-provider';
import { createMemoryAdapter } from 'oidc-provider/lib/adapters/memory_adapter.js';

export interface SessionStore {
  /** The `adapter` option of the provider's configuration. */
  adapter: (model: string) => Adapter;
  /** Ends the account's sessions, grants and the codes and tokens they issued. */
  endAllOf(accountId: string): Promise<void>;
}

export function createSessionStore(): SessionStore {
  const memory = createMemoryAdapter();
  const adapters = new Map<string, Adapter>();
  // accountId -> the [model, id] pairs stored for it; stale pairs are harmless (destroy is a no-op).
  const byAccount = new Map<string, Map<string, [string, string]>>();

  const remember = (model: string, id: string, payload: AdapterPayload) => {
    if (typeof payload.accountId !== 'string') return;
    const held = byAccount.get(payload.accountId) ?? new Map<string, [string, string]>();
    held.set(`${model}:${id}`, [model, id]);
    byAccount.set(payload.accountId, held);
  };

  const adapterFor = (model: string): Adapter => {
    const known = adapters.get(model);
    if (known) return known;
    const inner = memory(model);
    const adapter: Adapter = {
      async upsert(id, payload, expiresIn) {
        remember(model, id, payload);
        await inner.upsert(id, payload, expiresIn);
      },
      find: (id) => inner.find(id),
      findByUid: (uid) => inner.findByUid(uid),
      findByUserCode: (userCode) => inner.findByUserCode(userCode),
      consume: (id) => inner.consume(id),
      destroy: (id) => inner.destroy(id),
      revokeByGrantId: (grantId) => inner.revokeByGrantId(grantId),
    };
    adapters.set(model, adapter);
    return adapter;
  };

  return {
    adapter: adapterFor,
    async endAllOf(accountId) {
      const held = byAccount.get(accountId);
      byAccount.delete(accountId);
      for (const [model, id] of held?.values() ?? []) {
        // A grant's codes and tokens go with it, as when a grant is revoked.
        if (model === 'Grant') await adapterFor('Grant').revokeByGrantId(id);
        await adapterFor(model).destroy(id);
      }
    },
  };
}

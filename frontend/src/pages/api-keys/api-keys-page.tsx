/**
 * /api-keys: keys for integrations, for admins and owners. A key acts as the person who
 * created it, within its scopes, until it expires or is revoked. Its secret is shown once,
 * right after creation (secret-panel.tsx), and never again.
 */
import { useState } from 'react';
import { useApi } from '../../api/api-context.js';
import type { CreatedApiKey } from '../../api/client.js';
import { useDirectory } from '../../api/use-directory.js';
import { useResource } from '../../api/use-resource.js';
import { PageFrame } from '../../components/page-frame.js';
import { ProblemMessage } from '../../components/problem-message.js';
import { StatusMessage } from '../../components/status-message.js';
import { WithPermission } from '../../components/with-permission.js';
import { ApiKeysTable } from './api-keys-table.js';
import { CreateApiKeyForm } from './create-api-key-form.js';
import { SecretPanel } from './secret-panel.js';

export function ApiKeysPage() {
  return (
    <PageFrame title="API keys" description="Keys let scripts and integrations call the API as the person who created them, within the key’s scopes.">
      <WithPermission need="administer" audience="admins and owners">
        {() => <ApiKeysContent />}
      </WithPermission>
    </PageFrame>
  );
}

function ApiKeysContent() {
  const api = useApi();
  const keys = useResource(api.listApiKeys);
  const directory = useDirectory();
  const [created, setCreated] = useState<CreatedApiKey>();
  // After the secret is hidden the form comes back and takes focus, so the keyboard is not lost.
  const [returning, setReturning] = useState(false);

  return (
    <div className="page-body stack-lg">
      {created ? (
        <SecretPanel
          created={created}
          onDismiss={() => {
            setCreated(undefined);
            setReturning(true);
          }}
        />
      ) : (
        <CreateApiKeyForm
          focusOnMount={returning}
          onCreated={(result) => {
            keys.update((list) => [result.key, ...list]);
            setCreated(result);
          }}
        />
      )}
      <section className="card" aria-labelledby="keys-heading" aria-busy={keys.status === 'loading'}>
        <h2 id="keys-heading">Keys</h2>
        {keys.status === 'loading' ? <StatusMessage>Loading API keys…</StatusMessage> : null}
        {keys.status === 'error' ? <ProblemMessage problem={keys.problem} onRetry={keys.retry} /> : null}
        {keys.status === 'ready' ? (
          keys.data.length === 0 ? (
            <p className="empty-state">No API keys yet. Create one above for each integration, with only the scopes it needs.</p>
          ) : (
            <ApiKeysTable
              keys={keys.data}
              members={directory.status === 'ready' ? directory.data : undefined}
              labelledBy="keys-heading"
              onRevoked={(keyId, at) => keys.update((list) => list.map((k) => (k.id === keyId ? { ...k, revokedAt: at } : k)))}
            />
          )
        ) : null}
      </section>
    </div>
  );
}

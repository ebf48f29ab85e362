/**
 * /security, for admins and owners: whether administration needs a second factor, the
 * installation's own Cedar policies, and the explainer ("why can or can't this person…").
 */
import { useApi } from '../../api/api-context.js';
import type { Me } from '../../api/client.js';
import { useDirectory } from '../../api/use-directory.js';
import { useResource } from '../../api/use-resource.js';
import { PageFrame } from '../../components/page-frame.js';
import { ProblemMessage } from '../../components/problem-message.js';
import { StatusMessage } from '../../components/status-message.js';
import { WithPermission } from '../../components/with-permission.js';
import { Explainer } from './explainer.js';
import { MfaSetting } from './mfa-setting.js';
import { PoliciesEditor } from './policies-editor.js';

export function SecurityPage() {
  return (
    <PageFrame title="Security" description="Who must use a second factor, this installation’s own policies, and why someone may or may not do something.">
      <WithPermission need="administer" audience="admins and owners">
        {(me) => <SecurityContent me={me} />}
      </WithPermission>
    </PageFrame>
  );
}

function SecurityContent({ me }: { me: Me }) {
  const api = useApi();
  const security = useResource(api.getSecurity);
  const directory = useDirectory();
  const members = directory.status === 'ready' ? directory.data : undefined;

  return (
    <div className="page-body stack-lg" aria-busy={security.status === 'loading'}>
      {security.status === 'loading' ? <StatusMessage>Loading security settings…</StatusMessage> : null}
      {security.status === 'error' ? <ProblemMessage problem={security.problem} onRetry={security.retry} /> : null}
      {security.status === 'ready' ? (
        <>
          <MfaSetting settings={security.data} me={me} onSaved={(saved) => security.update(() => saved)} />
          <PoliciesEditor settings={security.data} members={members} onSaved={(saved) => security.update(() => saved)} onReload={security.refresh} />
        </>
      ) : null}
      <Explainer directory={directory} />
    </div>
  );
}

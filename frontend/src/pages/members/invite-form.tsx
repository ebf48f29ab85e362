/** Invite someone by email with a role; owners may invite owners. A refusal (already a member, no seat) shows under the form. */
import { type FormEvent, useId, useState } from 'react';
import { ROLES } from '../../../../functions/platform/principal.js';
import { useApi } from '../../api/api-context.js';
import type { Invitation, Role } from '../../api/client.js';
import type { Permissions } from '../../api/permissions.js';
import { useAction } from '../../api/use-action.js';
import { useFeedback } from '../../components/feedback.js';
import { InlineProblem } from '../../components/problem-message.js';

export function InviteForm({ can, onInvited }: { can: Permissions; onInvited(invitation: Invitation): void }) {
  const api = useApi();
  const { announce } = useFeedback();
  const emailId = useId();
  const roleId = useId();
  const problemId = useId();
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('member');
  const invite = useAction(() => api.invite({ email: email.trim(), role }));

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const invitation = await invite.run();
    if (!invitation) return;
    onInvited(invitation);
    setEmail('');
    announce(`Invitation sent to ${invitation.email} as ${invitation.role}.`);
  };

  return (
    <form className="inline-form" onSubmit={onSubmit} aria-labelledby={`${emailId}-legend`}>
      <h3 className="subheading" id={`${emailId}-legend`}>
        Invite someone
      </h3>
      <div className="form-row">
        <div className="field field-grow">
          <label htmlFor={emailId}>Email</label>
          <input
            id={emailId}
            className="input"
            type="email"
            autoComplete="off"
            required
            maxLength={254}
            value={email}
            onChange={(event) => {
              setEmail(event.target.value);
              invite.reset();
            }}
            aria-invalid={invite.problem?.status === 400 || invite.problem?.status === 409 ? true : undefined}
            aria-describedby={invite.problem ? problemId : undefined}
          />
        </div>
        <div className="field">
          <label htmlFor={roleId}>Role</label>
          <select id={roleId} className="select" value={role} onChange={(event) => setRole(event.target.value as Role)}>
            {ROLES.filter((r) => r !== 'owner' || can.assignOwnership).map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </div>
        <div className="field field-action">
          <button type="submit" className="button button-primary" disabled={invite.pending}>
            {invite.pending ? 'Sending…' : 'Send invitation'}
          </button>
        </div>
      </div>
      {invite.problem ? <InlineProblem problem={invite.problem} id={problemId} /> : null}
    </form>
  );
}

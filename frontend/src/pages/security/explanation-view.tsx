/**
 * One decision: Allowed or Denied in words with an icon (never colour alone), the summary,
 * the facts it was decided on, and each deciding policy with its id, effect and text. The
 * verdict sits in a live region so a screen reader hears the answer when it arrives.
 */
import { ROLES } from '../../../../functions/platform/principal.js';
import type { Explanation, Role } from '../../api/client.js';
import { RoleBadge, StateBadge } from '../../components/badges.js';

const isRole = (value: string): value is Role => (ROLES as readonly string[]).includes(value);

export function ExplanationView({ explanation }: { explanation?: Explanation }) {
  return (
    <div className="explanation stack">
      <div aria-live="polite" className="stack-sm">
        {explanation ? (
          <>
            <p className="verdict" data-allowed={explanation.allowed}>
              <VerdictIcon allowed={explanation.allowed} />
              <span>{explanation.allowed ? 'Allowed' : 'Denied'}</span>
            </p>
            <p className="verdict-summary">{explanation.summary}</p>
          </>
        ) : null}
      </div>
      {explanation ? (
        <>
          <dl className="facts facts-inline">
            <div className="fact">
              <dt>Person</dt>
              <dd className="break-anywhere">{explanation.subject.email}</dd>
            </div>
            <div className="fact">
              <dt>Role</dt>
              <dd>{isRole(explanation.subject.role) ? <RoleBadge value={explanation.subject.role} /> : explanation.subject.role}</dd>
            </div>
            <div className="fact">
              <dt>Status</dt>
              <dd className="capitalize">{explanation.subject.status}</dd>
            </div>
            <div className="fact">
              <dt>Second factor</dt>
              <dd>
                {explanation.context.mfa ? 'Used' : 'Not used'}
                {explanation.context.requireMfaForAdmin ? ' (required for administration)' : ''}
              </dd>
            </div>
          </dl>
          <h3 className="subheading">Deciding policies</h3>
          {explanation.policies.length === 0 ? (
            <p>No policy permits this action for this person; what no policy permits is denied.</p>
          ) : (
            <ul className="policy-list">
              {explanation.policies.map((policy) => (
                <li key={policy.id} className="policy">
                  <p className="policy-head">
                    <code className="break-anywhere">{policy.id}</code>
                    <StateBadge label={policy.effect === 'permit' ? 'Permit' : 'Forbid'} tone={policy.effect === 'permit' ? 'ok' : 'danger'} />
                  </p>
                  <pre className="code-sample">
                    <code>{policy.text}</code>
                  </pre>
                </li>
              ))}
            </ul>
          )}
        </>
      ) : null}
    </div>
  );
}

function VerdictIcon({ allowed }: { allowed: boolean }) {
  return (
    <svg className="verdict-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <circle cx="12" cy="12" r="11" />
      {allowed ? <path d="m7 12.5 3.2 3.2L17 9" /> : <path d="M8 8l8 8M16 8l-8 8" />}
    </svg>
  );
}

/** Create a group by name (1 to 80 characters, as the API's `groupName` schema says). */
import { type FormEvent, useId, useState } from 'react';
import { useApi } from '../../api/api-context.js';
import type { Group } from '../../api/client.js';
import { useAction } from '../../api/use-action.js';
import { useFeedback } from '../../components/feedback.js';
import { InlineProblem } from '../../components/problem-message.js';

export function CreateGroupForm({ onCreated }: { onCreated(group: Group): void }) {
  const api = useApi();
  const { announce } = useFeedback();
  const headingId = useId();
  const nameId = useId();
  const problemId = useId();
  const [name, setName] = useState('');
  const create = useAction(() => api.createGroup(name.trim()));

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const group = await create.run();
    if (!group) return;
    onCreated(group);
    setName('');
    announce(`Group ${group.name} created.`);
  };

  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>New group</h2>
      <form className="inline-form" onSubmit={onSubmit}>
        <div className="form-row">
          <div className="field field-grow">
            <label htmlFor={nameId}>Group name</label>
            <input
              id={nameId}
              className="input"
              required
              maxLength={80}
              value={name}
              onChange={(event) => {
                setName(event.target.value);
                create.reset();
              }}
              aria-describedby={create.problem ? problemId : undefined}
            />
          </div>
          <div className="field field-action">
            <button type="submit" className="button button-primary" disabled={create.pending}>
              {create.pending ? 'Creating…' : 'Create group'}
            </button>
          </div>
        </div>
        {create.problem ? <InlineProblem problem={create.problem} id={problemId} /> : null}
      </form>
    </section>
  );
}

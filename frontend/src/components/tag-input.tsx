/**
 * Tags as chips: type a tag and press Enter or comma to add it, each chip has its own
 * Remove button, Backspace in the empty field edits the last one. Tags are trimmed and
 * lower-cased as the API stores them, duplicates are ignored, and the limit is enforced
 * here too, so the user learns it before saving.
 */
import { type KeyboardEvent, useId, useState } from 'react';

export interface TagInputProps {
  label: string;
  tags: readonly string[];
  onChange(tags: string[]): void;
  max: number;
  /** The API's rule for one tag, to say what is wrong before saving. */
  validate(tag: string): string | undefined;
  disabled?: boolean;
}

export function TagInput({ label, tags, onChange, max, validate, disabled = false }: TagInputProps) {
  const inputId = useId();
  const hintId = useId();
  const errorId = useId();
  const [text, setText] = useState('');
  const [error, setError] = useState<string>();

  const add = () => {
    const tag = text.trim().toLowerCase();
    if (!tag) return;
    if (tags.includes(tag)) return setText('');
    if (tags.length >= max) return setError(`At most ${max} tags.`);
    const problem = validate(tag);
    if (problem) return setError(problem);
    onChange([...tags, tag]);
    setText('');
    setError(undefined);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter' || event.key === ',') {
      event.preventDefault();
      add();
    } else if (event.key === 'Backspace' && text === '' && tags.length > 0) {
      event.preventDefault();
      setText(tags[tags.length - 1] ?? '');
      onChange(tags.slice(0, -1));
    }
  };

  return (
    <div className="field tag-input">
      {disabled ? <span className="field-label">{label}</span> : <label htmlFor={inputId}>{label}</label>}
      {tags.length > 0 ? (
        <ul className="chips" aria-label={`${label}: ${tags.length}`}>
          {tags.map((tag) => (
            <li key={tag} className="chip chip-removable">
              <span>{tag}</span>
              {disabled ? null : (
                <button type="button" className="chip-remove" onClick={() => onChange(tags.filter((t) => t !== tag))}>
                  <span aria-hidden="true">×</span>
                  <span className="visually-hidden">Remove tag {tag}</span>
                </button>
              )}
            </li>
          ))}
        </ul>
      ) : null}
      {disabled ? null : (
        <>
          <input
            id={inputId}
            className="input input-medium"
            value={text}
            maxLength={40}
            onChange={(event) => {
              setText(event.target.value);
              setError(undefined);
            }}
            onKeyDown={onKeyDown}
            onBlur={add}
            aria-describedby={error ? `${hintId} ${errorId}` : hintId}
            aria-invalid={error ? true : undefined}
          />
          <span id={hintId} className="field-hint">
            Press Enter or comma to add a tag; up to {max}.
          </span>
          {error ? (
            <span id={errorId} className="form-error" role="alert">
              {error}
            </span>
          ) : null}
        </>
      )}
    </div>
  );
}

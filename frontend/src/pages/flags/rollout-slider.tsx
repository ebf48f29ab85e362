/**
 * A rollout's percentage as a slider (0 to 100, steps of 1; the API takes 0.1) with a
 * progress bar of what is saved, and Save once the slider moved. Props in, callback out:
 * the installation's flags page and the vendor console's fleet view both use it.
 */
import { useEffect, useId, useState } from 'react';

export interface RolloutSliderProps {
  /** What the slider rolls out, for its label: "Rollout of rule everyone". */
  label: string;
  /** The percentage saved. */
  percentage: number;
  /** What keeps its bucket: users, or whole installations (fleet rollouts). @default 'userId' */
  stickiness?: 'userId' | 'installationId';
  pending?: boolean;
  disabled?: boolean;
  /** Saves the new percentage; the slider shows `percentage` again when the parent's data changes. */
  onCommit(percentage: number): void;
}

export function RolloutSlider({ label, percentage, stickiness = 'userId', pending = false, disabled = false, onCommit }: RolloutSliderProps) {
  const sliderId = useId();
  const hintId = useId();
  const [value, setValue] = useState(percentage);
  useEffect(() => setValue(percentage), [percentage]);
  const moved = value !== percentage;
  return (
    <div className="rollout-slider">
      <div className="field">
        <label htmlFor={sliderId}>{label}</label>
        <div className="rollout-slider-row">
          <input
            id={sliderId}
            type="range"
            className="rollout-range"
            min={0}
            max={100}
            step={1}
            value={value}
            disabled={disabled || pending}
            aria-valuetext={`${value}%`}
            aria-describedby={hintId}
            onChange={(event) => setValue(Number(event.target.value))}
          />
          <output htmlFor={sliderId} className="rollout-value">
            {value}%
          </output>
          {moved ? (
            <button type="button" className="button button-primary" disabled={pending} onClick={() => onCommit(value)}>
              {pending ? 'Saving…' : `Save ${value}%`}
            </button>
          ) : null}
        </div>
      </div>
      <div className="rollout-progress" id={hintId}>
        <progress className="progress" max={100} value={percentage} aria-label={`${label}: saved`} />
        <span className="muted small">
          {percentage}% of {stickiness === 'installationId' ? 'installations' : 'users'} get it now
          {moved ? `; ${value > percentage ? 'growing' : 'shrinking'} to ${value}% once saved` : ''}. Those in stay in as it grows.
        </span>
      </div>
    </div>
  );
}

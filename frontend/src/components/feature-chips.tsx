/** A plan's optional features as chips, or a plain line when it has none (profile and billing pages). */
export function FeatureChips({ features }: { features: readonly string[] }) {
  if (features.length === 0) return <span className="muted">No optional features on this plan</span>;
  return (
    <ul className="chips">
      {features.map((feature) => (
        <li key={feature} className="chip">
          {feature}
        </li>
      ))}
    </ul>
  );
}

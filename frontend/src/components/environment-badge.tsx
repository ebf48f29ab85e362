/** Says "Local" when the SPA talks to the local runtime, so nobody mistakes it for production. */
import { useConfig } from '../config-context.js';

export function EnvironmentBadge() {
  const { environment } = useConfig();
  if (environment !== 'local') return null;
  return (
    <span className="badge badge-environment" title="Served by the local runtime on this machine">
      Local
    </span>
  );
}

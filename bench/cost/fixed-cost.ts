/**
 * The fixed monthly cost of an installation nobody uses: every resource the template
 * creates with the given parameter values, priced by its type. Storage (items, logs kept,
 * the SPA, the event archive) is usage-priced and left out: it is what the installation
 * holds, not what it costs to exist.
 */
import { priceResource, type ResourcePricing } from './resource-pricing.js';
import { type CfnTemplate, parameterValues, resourcesCreated } from './template.js';

export interface PricedResource {
  logicalId: string;
  type: string;
  pricing: ResourcePricing;
}

export interface FixedCost {
  resources: PricedResource[];
  /** Sum of the fixed monthly prices at list price. */
  listUsd: number;
  /** The same, less what a free tier that never expires covers. */
  afterAlwaysFreeUsd: number;
  counts: Record<ResourcePricing['kind'], number>;
}

export function fixedMonthlyCost(template: CfnTemplate, parameters: Record<string, string> = {}): FixedCost {
  const values = parameterValues(template, parameters);
  const resources = resourcesCreated(template, values).map(([logicalId, resource]) => ({
    logicalId,
    type: resource.Type,
    pricing: priceResource(logicalId, resource, template),
  }));
  const fixed = resources.flatMap((r) => (r.pricing.kind === 'fixed' ? [r.pricing] : []));
  const counts = { free: 0, usage: 0, fixed: 0 };
  for (const r of resources) counts[r.pricing.kind] += 1;
  return {
    resources,
    listUsd: fixed.reduce((sum, p) => sum + p.monthlyUsd, 0),
    afterAlwaysFreeUsd: fixed.reduce((sum, p) => sum + (p.withinAlwaysFree ? 0 : p.monthlyUsd), 0),
    counts,
  };
}

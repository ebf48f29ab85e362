/** How the billing view's states read: words first, a tone for the badge that repeats them. */
import type { BillingView } from '../../api/billing-api.js';
import type { StateTone } from '../../components/badges.js';

/** The Pro trial's length; the control plane grants it (functions/vendor/plans.ts) and says how many days are left. */
export const TRIAL_DAYS = 14;

export const PLAN_NAMES: Record<BillingView['plan'], string> = {
  community: 'Community',
  free: 'Free',
  pro: 'Pro',
  enterprise: 'Enterprise',
};

export const STATUS_WORDS: Record<BillingView['status'], { label: string; tone: StateTone }> = {
  active: { label: 'Active', tone: 'ok' },
  trialing: { label: 'Trial', tone: 'ok' },
  past_due: { label: 'Payment overdue', tone: 'warning' },
  canceled: { label: 'Cancelled', tone: 'neutral' },
};

export const LICENSE_WORDS: Record<BillingView['license']['state'], string> = {
  none: 'No license: the community plan applies',
  valid: 'Valid',
  'offline-grace': 'Expired, still honoured while the control plane cannot be reached',
  expired: 'Expired: the community plan applies',
  rejected: 'Rejected (not signed by the vendor for this installation): the community plan applies',
};

/** "1 day", "3 days". */
export function days(count: number): string {
  return `${count} ${count === 1 ? 'day' : 'days'}`;
}

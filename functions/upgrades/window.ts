/**
 * The maintenance window of automatic upgrades, as the MaintenanceWindow parameter spells
 * it: `Sun:02:00-04:00`, a weekday and a start and end time in UTC. A window may run past
 * midnight (`Sat:23:00-01:00` ends on Sunday at 01:00); start and end never coincide.
 */

export const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
export type Day = (typeof DAYS)[number];

/** The parameter's AllowedPattern: the stack refuses a malformed window at deploy time. */
export const WINDOW_PATTERN = '^(Sun|Mon|Tue|Wed|Thu|Fri|Sat):([01][0-9]|2[0-3]):[0-5][0-9]-([01][0-9]|2[0-3]):[0-5][0-9]$';

export interface MaintenanceWindow {
  day: Day;
  /** Minutes after midnight UTC. */
  startMinute: number;
  /** Minutes after midnight UTC; below startMinute when the window runs past midnight. */
  endMinute: number;
}

const MINUTES_PER_WEEK = 7 * 24 * 60;

export function parseWindow(text: string): MaintenanceWindow {
  if (!new RegExp(WINDOW_PATTERN).test(text)) throw new Error(`Not a maintenance window: "${text}". Expected e.g. Sun:02:00-04:00 (UTC).`);
  const [day, times = ''] = [text.slice(0, 3) as Day, text.slice(4)];
  const [start = '', end = ''] = times.split('-');
  const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
  const window = { day, startMinute: minutes(start), endMinute: minutes(end) };
  if (window.startMinute === window.endMinute) throw new Error(`The maintenance window "${text}" is empty: its start and end are the same.`);
  return window;
}

/** Minute of the week (Sunday 00:00 UTC is 0). */
const minuteOfWeek = (at: Date) => at.getUTCDay() * 24 * 60 + at.getUTCHours() * 60 + at.getUTCMinutes();

export function isWithinWindow(window: MaintenanceWindow, at: Date): boolean {
  const start = DAYS.indexOf(window.day) * 24 * 60 + window.startMinute;
  const length = (window.endMinute - window.startMinute + 24 * 60) % (24 * 60);
  const sinceStart = (minuteOfWeek(at) - start + MINUTES_PER_WEEK) % MINUTES_PER_WEEK;
  return sinceStart < length;
}

/** The next moment the window opens, at or after `at` (now, when it is open). */
export function nextWindowStart(window: MaintenanceWindow, at: Date): Date {
  if (isWithinWindow(window, at)) return at;
  const start = DAYS.indexOf(window.day) * 24 * 60 + window.startMinute;
  const wait = (start - minuteOfWeek(at) + MINUTES_PER_WEEK) % MINUTES_PER_WEEK;
  const next = new Date(at.getTime() + wait * 60_000);
  next.setUTCSeconds(0, 0);
  return next;
}

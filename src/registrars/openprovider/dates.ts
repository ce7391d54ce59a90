/**
 * Openprovider speaks Europe/Amsterdam wall-clock time without a zone marker ("2026-03-14 10:12:40",
 * spec 2.1). These helpers turn such strings into ISO 8601 UTC using the real zone rules from the
 * runtime's Intl data (no dependency), and back (the sandbox writes them).
 *
 * "Unset" dates come as "" or "0000-00-00 00:00:00"; both, and anything on or before the Unix epoch,
 * are errors here, never values (docs/architecture.md, "Facts that shape the code"; the WHMCS module
 * wrote 30/11/-0001 from them).
 */
export const OPENPROVIDER_TIME_ZONE = 'Europe/Amsterdam';

export class OpenproviderDateError extends Error {
  override readonly name = 'OpenproviderDateError';
}

// Swagger examples sometimes show an unpadded hour ("2019-01-27 0:55:17"): accept 1-2 digits there.
const WIRE_DATE = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{1,2}):(\d{2}):(\d{2})$/;

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(zone, f);
  }
  return f;
}

interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallTimeAt(epochMs: number, zone: string): WallTime {
  const parts: Record<string, number> = {};
  for (const p of formatter(zone).formatToParts(new Date(epochMs))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return {
    year: parts.year!,
    month: parts.month!,
    day: parts.day!,
    hour: parts.hour! % 24,
    minute: parts.minute!,
    second: parts.second!,
  };
}

function wallAsUtcMs(w: WallTime): number {
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
}

/** The zone's offset from UTC (ms) at an instant. */
function offsetAt(epochMs: number, zone: string): number {
  const whole = Math.floor(epochMs / 1000) * 1000;
  return wallAsUtcMs(wallTimeAt(whole, zone)) - whole;
}

/**
 * Wall-clock time in `zone` -> instant. Ambiguous times (the repeated hour when clocks go back) take
 * the earlier instant; times in the gap (clocks go forward) are moved forward by the gap, as
 * java.time, Temporal ('compatible') and PHP do.
 */
export function zonedWallTimeToEpochMs(w: WallTime, zone: string = OPENPROVIDER_TIME_ZONE): number {
  const local = wallAsUtcMs(w);
  const DAY = 86_400_000;
  const before = offsetAt(local - DAY, zone);
  const after = offsetAt(local + DAY, zone);
  const candidates = [...new Set([before, after])]
    .map((offset) => local - offset)
    .filter((t) => wallAsUtcMs(wallTimeAt(t, zone)) === local)
    .sort((a, b) => a - b);
  if (candidates.length > 0) return candidates[0]!;
  // In the gap: interpret with the offset in force before the transition.
  return local - before;
}

/**
 * "2026-03-14 10:12:40" (Amsterdam) -> "2026-03-14T09:12:40.000Z". Throws OpenproviderDateError for
 * empty, zero, malformed, impossible (2026-02-30) and epoch-or-earlier dates.
 */
export function parseOpenproviderDate(value: string | null | undefined, field = 'date'): string {
  if (value === null || value === undefined || value.trim() === '') {
    throw new OpenproviderDateError(`${field} is empty`);
  }
  const m = WIRE_DATE.exec(value.trim());
  if (!m) throw new OpenproviderDateError(`${field} "${value}" is not YYYY-MM-DD HH:MM:SS`);
  const [year, month, day, hour, minute, second] = m.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (year === 0 || month === 0 || day === 0) throw new OpenproviderDateError(`${field} "${value}" is a zero date`);
  if (year <= 1970) throw new OpenproviderDateError(`${field} "${value}" is at or before the Unix epoch`);
  const wall = { year, month, day, hour, minute, second };
  const asUtc = new Date(wallAsUtcMs(wall));
  if (
    hour > 23 ||
    minute > 59 ||
    second > 59 ||
    asUtc.getUTCFullYear() !== year ||
    asUtc.getUTCMonth() !== month - 1 ||
    asUtc.getUTCDate() !== day
  ) {
    throw new OpenproviderDateError(`${field} "${value}" is not a calendar date`);
  }
  return new Date(zonedWallTimeToEpochMs(wall)).toISOString();
}

/** Like parseOpenproviderDate, but "unset" ("" / zero date / absent) is undefined; garbage still throws. */
export function parseOptionalOpenproviderDate(value: string | null | undefined, field = 'date'): string | undefined {
  if (value === null || value === undefined) return undefined;
  const trimmed = value.trim();
  if (trimmed === '' || /^0000-00-00( 00:00:00)?$/.test(trimmed)) return undefined;
  return parseOpenproviderDate(trimmed, field);
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** Instant -> "YYYY-MM-DD HH:MM:SS" in Europe/Amsterdam (what the API and the sandbox write). */
export function formatOpenproviderDate(date: Date, zone: string = OPENPROVIDER_TIME_ZONE): string {
  if (Number.isNaN(date.getTime())) throw new OpenproviderDateError('invalid Date');
  const w = wallTimeAt(date.getTime(), zone);
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)} ${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}`;
}

/**
 * Adds calendar days in Europe/Amsterdam wall time, as PHP's DateTime::modify('+N days') does for
 * Openprovider: "2026-10-10 12:00:00" + 30 days is "2026-11-09 12:00:00" although the clocks went
 * back in between (so the instants are 30 x 24 h + 1 h apart). Sub-second precision is kept.
 */
export function addAmsterdamDays(date: Date, days: number, zone: string = OPENPROVIDER_TIME_ZONE): Date {
  const ms = date.getTime();
  if (Number.isNaN(ms)) throw new OpenproviderDateError('invalid Date');
  const whole = Math.floor(ms / 1000) * 1000;
  const w = wallTimeAt(whole, zone);
  const shifted = new Date(Date.UTC(w.year, w.month - 1, w.day + days, w.hour, w.minute, w.second));
  const target = {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    hour: shifted.getUTCHours(),
    minute: shifted.getUTCMinutes(),
    second: shifted.getUTCSeconds(),
  };
  return new Date(zonedWallTimeToEpochMs(target, zone) + (ms - whole));
}

/**
 * Owner names and targets as a zone file writes them (BIND rules): a name ending in a dot is
 * absolute, any other is relative to the zone, `@` is the apex. Canonical owners are relative and
 * lower case; canonical targets absolute with a trailing dot. Labels are ASCII (IDNs as A-labels).
 */

const LABEL = /^(?:[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)$/;

export type NameResult = { ok: true; value: string } | { ok: false; rule: string };

function checkLabels(labels: string[], allowWildcard: boolean): string | undefined {
  for (const [i, label] of labels.entries()) {
    if (label === '*' && allowWildcard && i === 0) continue;
    if (label === '') return 'has an empty label';
    if (label.length > 63) return `label "${label}" is longer than 63 characters`;
    if (!LABEL.test(label)) {
      return /[^\x20-\x7e]/.test(label)
        ? `label "${label}" is not ASCII: write IDNs as A-labels (xn--...)`
        : `label "${label}" may hold only letters, digits, "-" and "_" (not at its ends)`;
    }
  }
  return undefined;
}

/** An owner name relative to `zone` (lower case, `@` for the apex); absolute names must lie inside the zone. */
export function ownerName(input: string, zone: string): NameResult {
  const raw = input.trim().toLowerCase();
  if (raw === '' || raw === '@') return { ok: true, value: '@' };
  const origin = zone.toLowerCase();
  let relative = raw;
  if (raw.endsWith('.')) {
    const abs = raw.slice(0, -1);
    if (abs === origin) return { ok: true, value: '@' };
    if (!abs.endsWith(`.${origin}`)) return { ok: false, rule: `is not inside the zone ${origin}` };
    relative = abs.slice(0, -(origin.length + 1));
  }
  const problem = checkLabels(relative.split('.'), true);
  if (problem) return { ok: false, rule: problem };
  if (relative.length + origin.length + 1 > 253) return { ok: false, rule: 'makes a name longer than 253 characters' };
  return { ok: true, value: relative };
}

/** A target host (CNAME, NS, MX, SRV) as an absolute name with a trailing dot; `.` stays `.` where allowed. */
export function targetName(input: string, zone: string, options: { allowRoot?: boolean } = {}): NameResult {
  const raw = input.trim().toLowerCase();
  if (raw === '.') return options.allowRoot ? { ok: true, value: '.' } : { ok: false, rule: 'must name a host' };
  const origin = zone.toLowerCase();
  if (raw === '') return { ok: false, rule: 'must name a host' };
  if (raw === '@') return { ok: true, value: `${origin}.` };
  const absolute = raw.endsWith('.') ? raw.slice(0, -1) : `${raw}.${origin}`;
  const problem = checkLabels(absolute.split('.'), false);
  if (problem) return { ok: false, rule: problem };
  if (absolute.length > 253) return { ok: false, rule: 'is longer than 253 characters' };
  return { ok: true, value: `${absolute}.` };
}

/** The absolute form of a canonical owner (`@` -> the zone). */
export function absoluteOwner(name: string, zone: string): string {
  return name === '@' ? zone : `${name}.${zone}`;
}

/** A canonical (absolute) target as short as a zone file may write it: inside the zone relative, else absolute. */
export function shortTarget(target: string, zone: string): string {
  if (target === `${zone}.`) return '@';
  return target.endsWith(`.${zone}.`) ? target.slice(0, -(zone.length + 2)) : target;
}

import zonefile from 'dns-zonefile';
import { ValidationError } from '../validation';
import { sortRecords } from './digest';
import { absoluteOwner } from './names';
import { fromPresentation } from './rdata';
import { describeRecord, validateZone } from './validate';
import { DEFAULT_TTL, isForwarding, type Zone, type ZoneRecord, type ZoneRecordType } from './types';

/**
 * BIND zone files: read with the dns-zonefile parser (it handles $ORIGIN, $TTL, parentheses,
 * comments and quoting), written by hand in canonical order. The registrars' forwarding
 * pseudo-records have no BIND form: they travel as `; domainflow-forwarding:` comment lines,
 * which this reader reads back, so an export round-trips.
 */

const FORWARDING_PREFIX = '; domainflow-forwarding:';

type Parsed = ReturnType<typeof zonefile.parse>;
const UNSUPPORTED: Array<keyof Parsed> = ['ptr', 'spf', 'ds'];

function refuse(problems: Array<{ field: string; rule: string }>): never {
  throw new ValidationError(
    problems.map((p) => `${p.field}: ${p.rule}`).join('; '),
    problems.map((p) => p.field),
  );
}

export function parseBindZone(text: string, domain: string): Zone {
  const zone = domain.toLowerCase().replace(/\.$/, '');
  const hasOrigin = /^\s*\$ORIGIN\s/im.test(text);
  let parsed: Parsed;
  try {
    parsed = zonefile.parse(hasOrigin ? text : `$ORIGIN ${zone}.\n${text}`);
  } catch (err) {
    return refuse([{ field: 'zone file', rule: `is not a valid BIND zone file: ${(err as Error).message}` }]);
  }
  const origin = (parsed.$origin ?? `${zone}.`).toLowerCase();
  if (origin !== `${zone}.`) refuse([{ field: '$ORIGIN', rule: `is ${origin}, not ${zone}.` }]);
  const defaultTtl = parsed.$ttl !== undefined ? Number(parsed.$ttl) : DEFAULT_TTL;
  for (const key of UNSUPPORTED) {
    if ((parsed[key] as unknown[] | undefined)?.length) {
      refuse([
        {
          field: `${String(key).toUpperCase()} records`,
          rule: 'are not managed by domainflow (remove them from the file)',
        },
      ]);
    }
  }
  const lines: Array<{ name: string; type: string; ttl?: number; rdata: string; prio?: number }> = [];
  for (const r of parsed.a ?? []) lines.push({ name: r.name, type: 'A', ttl: r.ttl, rdata: r.ip });
  for (const r of parsed.aaaa ?? []) lines.push({ name: r.name, type: 'AAAA', ttl: r.ttl, rdata: r.ip });
  for (const r of parsed.cname ?? []) lines.push({ name: r.name, type: 'CNAME', ttl: r.ttl, rdata: r.alias });
  for (const r of parsed.ns ?? []) lines.push({ name: r.name, type: 'NS', ttl: r.ttl, rdata: r.host });
  for (const r of parsed.mx ?? [])
    lines.push({ name: r.name, type: 'MX', ttl: r.ttl, rdata: `${r.preference} ${r.host}` });
  for (const r of parsed.txt ?? []) lines.push({ name: r.name, type: 'TXT', ttl: r.ttl, rdata: r.txt });
  for (const r of parsed.srv ?? []) {
    lines.push({ name: r.name, type: 'SRV', ttl: r.ttl, rdata: `${r.priority} ${r.weight} ${r.port} ${r.target}` });
  }
  for (const r of parsed.caa ?? [])
    lines.push({ name: r.name, type: 'CAA', ttl: r.ttl, rdata: `${r.flags} ${r.tag} ${r.value}` });
  for (const line of text.split(/\r?\n/)) {
    if (!line.startsWith(FORWARDING_PREFIX)) continue;
    const m = /^(\S+)\s+(\d+)\s+(X-HTTP|X-SMTP)\s+(.+)$/.exec(line.slice(FORWARDING_PREFIX.length).trim());
    if (!m) refuse([{ field: 'forwarding comment', rule: `cannot be read: ${line}` }]);
    lines.push({ name: m[1]!, type: m[3]!, ttl: Number(m[2]), rdata: m[4]! });
  }
  const problems: Array<{ field: string; rule: string }> = [];
  const records: ZoneRecord[] = [];
  for (const [i, l] of lines.entries()) {
    const converted = fromPresentation(l.name, l.type, l.ttl ?? defaultTtl, l.rdata, zone);
    if (converted.ok) records.push(converted.record);
    else
      problems.push({
        field: `${describeRecord(i, { name: l.name, type: l.type as ZoneRecordType })}.${converted.field}`,
        rule: converted.rule,
      });
  }
  if (problems.length > 0) refuse(problems);
  const invalid = validateZone(zone, records);
  if (invalid.length > 0) refuse(invalid);
  return { zone, records };
}

/** A BIND zone file of the records (no SOA: the registrar owns it), absolute owners, canonical order. */
export function zoneToBind(zone: Zone, defaultTtl = DEFAULT_TTL): string {
  const out = [`$ORIGIN ${zone.zone}.`, `$TTL ${defaultTtl}`];
  for (const r of sortRecords(zone.records)) {
    if (isForwarding(r.type)) out.push(`${FORWARDING_PREFIX} ${r.name} ${r.ttl} ${r.type} ${r.data}`);
    else out.push(`${absoluteOwner(r.name, zone.zone)}.\t${r.ttl}\tIN\t${r.type}\t${r.data}`);
  }
  return `${out.join('\n')}\n`;
}

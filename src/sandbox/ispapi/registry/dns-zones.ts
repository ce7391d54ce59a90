import {
  absoluteOwner,
  fromPresentation,
  recordKey,
  rrsetKey,
  validateZone,
  type ZoneRecord,
} from '../../../domain/dns';
import { CommandFault } from './model';

/** Any registry object: zones are keyed by the registry they belong to. */
type IspapiRegistry = object;

/**
 * The sandbox's DNS zones (DOMAIN/DNSZONE/*.md): SOA values, records and dates per zone. Records
 * are kept in the project's canonical form (src/domain/dns), so a record reads back exactly as it
 * was written; the wire form is `<owner>. <ttl> IN <type> <rdata>` as QueryDNSZoneRRList shows it.
 * Kept per registry in a WeakMap (like sessions), cleared by the sandbox's reset.
 */

export interface SoaValues {
  ttl: number;
  mname: string;
  rname: string;
  serial: number;
  refresh: number;
  retry: number;
  expire: number;
  minttl: number;
}

export interface SandboxZone {
  zone: string;
  soa: SoaValues;
  records: ZoneRecord[];
  status: 'ACTIVE' | 'INACTIVE' | 'HOLD';
  dnssecMode: 'DISABLED' | 'AUTO';
  createdAt: Date;
  updatedAt: Date;
  createdBy: string;
}

/** The name servers HEXONET's DNS answers for (the seed module's ns1-3.ispapi.net). */
export const ISPAPI_NAMESERVERS = ['ns1.ispapi.net.', 'ns2.ispapi.net.', 'ns3.ispapi.net.'];

const STORES = new WeakMap<IspapiRegistry, Map<string, SandboxZone>>();

export function dnsZonesOf(registry: IspapiRegistry): Map<string, SandboxZone> {
  let store = STORES.get(registry);
  if (!store) STORES.set(registry, (store = new Map()));
  return store;
}

export function clearDnsZones(registry: IspapiRegistry): void {
  dnsZonesOf(registry).clear();
}

/** DNSZONE as sent (`example.com.` or `example.com`), lower case without the trailing dot. */
export function zoneName(value: string | undefined): string {
  const zone = (value ?? '').trim().toLowerCase().replace(/\.$/, '');
  if (!/^([a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$/.test(zone)) {
    throw new CommandFault(505, `Invalid attribute value syntax; DNSZONE (${value ?? ''})`);
  }
  return zone;
}

export function findZone(registry: IspapiRegistry, zone: string): SandboxZone {
  const found = dnsZonesOf(registry).get(zone);
  if (!found) throw new CommandFault(545, `Object not found; dnszone ${zone}.`);
  return found;
}

const badRecord = (rr: string, why = ''): CommandFault =>
  new CommandFault(505, `Invalid attribute value syntax; resource record [${rr}]${why ? ` (${why})` : ''}`);

/**
 * One RR parameter: `<owner> [<ttl>] [IN] <type> <rdata>` (owner `@`, relative or absolute; a
 * missing TTL is the zone's SOATTL). Forwarding types only in EXTENDED mode.
 */
export function parseRr(
  rr: string,
  zone: SandboxZone | { zone: string; soa: SoaValues },
  extended: boolean,
): ZoneRecord {
  const tokens = rr.trim().split(/\s+/);
  let i = 1;
  const owner = tokens[0] ?? '';
  let ttl = zone.soa.ttl;
  if (/^\d+$/.test(tokens[i] ?? '')) ttl = Number(tokens[i++]);
  if ((tokens[i] ?? '').toUpperCase() === 'IN') i++;
  const type = (tokens[i++] ?? '').toUpperCase();
  const rdata = tokens.slice(i).join(' ');
  if (owner === '' || type === '' || rdata === '') throw badRecord(rr);
  if ((type === 'X-HTTP' || type === 'X-SMTP') && !extended) throw badRecord(rr, `${type} needs EXTENDED=1`);
  const converted = fromPresentation(owner, type, ttl, rdata, zone.zone);
  if (!converted.ok) throw badRecord(rr, `${converted.field} ${converted.rule}`);
  return converted.record;
}

export function formatRr(zone: string, r: ZoneRecord, short = false): string {
  const owner = short ? r.name : `${absoluteOwner(r.name, zone)}.`;
  return `${owner} ${r.ttl} IN ${r.type} ${r.data}`;
}

export function soaRr(z: SandboxZone): string {
  const s = z.soa;
  return `${z.zone}. ${s.ttl} IN SOA ${s.mname} ${s.rname} ${s.serial} ${s.refresh} ${s.retry} ${s.expire} ${s.minttl}`;
}

/**
 * Deletions, then additions, then the checks over the result (one TTL per RRset unless
 * RESOLVETTLCONFLICTS, CNAME alone ...): all or nothing, like one API call.
 */
export function editRecords(
  z: SandboxZone,
  edit: {
    remove: Array<{ rr: string; record: ZoneRecord }>;
    add: Array<{ rr: string; record: ZoneRecord }>;
    resolveTtl: boolean;
  },
): ZoneRecord[] {
  let records = [...z.records];
  for (const { rr, record } of edit.remove) {
    const at = records.findIndex((r) => recordKey(r) === recordKey(record));
    if (at < 0) throw new CommandFault(545, `Object not found; resource record [${rr}]`);
    records.splice(at, 1);
  }
  for (const { rr, record } of edit.add) {
    const same = records.find((r) => recordKey(r) === recordKey(record));
    if (same)
      throw new CommandFault(541, `Invalid attribute value; duplicate record [${formatRr(z.zone, same)}] (${rr})`);
    records.push(record);
  }
  if (edit.resolveTtl) {
    // The set takes the TTL of its newest record.
    for (const { record } of edit.add) {
      records = records.map((r) => (rrsetKey(r) === rrsetKey(record) ? { ...r, ttl: record.ttl } : r));
    }
  }
  const problems = validateZone(z.zone, records);
  if (problems.length > 0) {
    const p = problems[0]!;
    const r = records[p.index]!;
    throw new CommandFault(541, `Invalid attribute value; ${p.rule} [${formatRr(z.zone, r)}]`);
  }
  return records;
}

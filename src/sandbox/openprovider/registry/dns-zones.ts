import { formatOpenproviderDate } from '../../../registrars/openprovider/dates';
import { fromPresentation, recordKey, validateZone, type ZoneRecord } from '../../../domain/dns';
import { ApiError } from './errors';

/**
 * The Openprovider sandbox's DNS zones and templates (dns.swagger.json: zoneZone, recordRecordInfo,
 * templateTemplate). Records keep the wire fields (relative name, type, value, prio, ttl) and their
 * canonical form (src/domain/dns) for identity and the zone rules. Kept per registry in a WeakMap,
 * cleared by the sandbox's reset. Codes: 805 zone exists, 817 duplicate record, 872 zone not found
 * (shared/specs/openprovider.md 2.3).
 */

export interface WireRecord {
  name?: string;
  type?: string;
  value?: string;
  prio?: number;
  ttl?: number;
}

export interface StoredRecord {
  /** relative to the zone, '' for the apex (how the API takes names) */
  name: string;
  type: string;
  value: string;
  prio?: number;
  ttl: number;
  canonical: ZoneRecord;
  createdAt: Date;
  modifiedAt: Date;
}

export interface OpZone {
  id: number;
  name: string;
  type: 'master';
  records: StoredRecord[];
  createdAt: Date;
  modifiedAt: Date;
  serial: number;
}

export interface OpTemplate {
  id: number;
  name: string;
  records: Array<Required<Pick<WireRecord, 'name' | 'type' | 'value' | 'ttl'>> & { prio?: number }>;
}

/** Openprovider's own name servers, the NS set a new zone starts with. */
export const OPENPROVIDER_NAMESERVERS = ['ns1.openprovider.nl', 'ns2.openprovider.be', 'ns3.openprovider.eu'];
/** Record types the DNS service takes (forwarding is not a record type at Openprovider). */
const TYPES = new Set(['A', 'AAAA', 'CNAME', 'MX', 'TXT', 'SRV', 'CAA', 'NS']);
const HOST_VALUE = new Set(['CNAME', 'NS', 'MX']);

interface Store {
  zones: Map<string, OpZone>;
  templates: Map<number, OpTemplate>;
  nextZoneId: number;
  nextTemplateId: number;
}

const STORES = new WeakMap<object, Store>();

export function dnsStore(registry: object): Store {
  let s = STORES.get(registry);
  if (!s)
    STORES.set(registry, (s = { zones: new Map(), templates: new Map(), nextZoneId: 7_000_001, nextTemplateId: 501 }));
  return s;
}

export function clearDnsStore(registry: object): void {
  STORES.delete(registry);
}

const badRecord = (data: string): ApiError => new ApiError(399, 'An unknown domain error has occurred', data);
export const zoneNotFound = (zone: string): ApiError => new ApiError(872, 'Zone specified is not found', zone);

export function zoneKey(name: string | undefined): string {
  const zone = (name ?? '').trim().toLowerCase().replace(/\.$/, '');
  if (!/^([a-z0-9-]+\.)+[a-z0-9-]{2,63}$/.test(zone)) throw badRecord(`path.name: "${name}" is not a zone name`);
  return zone;
}

/** A wire record (name relative or full, value without trailing dots) checked and made canonical. */
export function toStored(zone: string, r: WireRecord, now: Date, at: string): StoredRecord {
  const type = (r.type ?? '').toUpperCase();
  if (!TYPES.has(type)) throw badRecord(`${at}.type: "${r.type ?? ''}" is not a record type`);
  if (typeof r.value !== 'string' || r.value === '') throw badRecord(`${at}.value: is required`);
  if (r.ttl === undefined || !Number.isInteger(r.ttl)) throw badRecord(`${at}.ttl: is required`);
  let name = (r.name ?? '').trim().toLowerCase().replace(/\.$/, '');
  if (name === '@' || name === zone) name = '';
  else if (name.endsWith(`.${zone}`)) name = name.slice(0, -(zone.length + 1));
  const value = r.value.trim();
  // Values are absolute without the trailing dot: the canonical form wants it.
  const absolute = HOST_VALUE.has(type)
    ? `${value.replace(/\.$/, '')}.`
    : type === 'SRV'
      ? value.replace(/([^.])$/, '$1.')
      : value;
  const prio = type === 'MX' || type === 'SRV' ? r.prio : undefined;
  if ((type === 'MX' || type === 'SRV') && prio === undefined) throw badRecord(`${at}.prio: is required for ${type}`);
  const converted = fromPresentation(name === '' ? '@' : name, type, r.ttl, absolute, zone, prio);
  if (!converted.ok)
    throw badRecord(`${at}.${converted.field === 'priority' ? 'prio' : converted.field}: ${converted.rule}`);
  return {
    name,
    type,
    value,
    ...(prio !== undefined ? { prio } : {}),
    ttl: r.ttl,
    canonical: converted.record,
    createdAt: now,
    modifiedAt: now,
  };
}

/** Remove, update, add; then the zone rules over the result. All or nothing, as one API call. */
export function editZone(
  zone: OpZone,
  edit: {
    replace?: StoredRecord[];
    remove: StoredRecord[];
    update: Array<{ from: StoredRecord; to: StoredRecord }>;
    add: StoredRecord[];
  },
): StoredRecord[] {
  let records = edit.replace ? [...edit.replace] : [...zone.records];
  const indexOf = (r: StoredRecord): number =>
    records.findIndex((x) => recordKey(x.canonical) === recordKey(r.canonical) && x.ttl === r.ttl);
  for (const r of [...edit.remove, ...edit.update.map((u) => u.from)]) {
    const at = indexOf(r);
    if (at < 0) throw badRecord(`record not found: ${r.name || '@'} ${r.type} ${r.value}`);
    records.splice(at, 1);
  }
  for (const r of [...edit.update.map((u) => u.to), ...edit.add]) {
    if (records.some((x) => recordKey(x.canonical) === recordKey(r.canonical))) {
      throw new ApiError(817, 'Duplicate record', `${r.name || '@'} ${r.type} ${r.value}`);
    }
    records = [...records, r];
  }
  const problems = validateZone(
    zone.name,
    records.map((r) => r.canonical),
  );
  if (problems.length > 0) {
    const r = records[problems[0]!.index]!;
    throw badRecord(`${r.name || '@'} ${r.type} ${r.value}: ${problems[0]!.rule}`);
  }
  return records;
}

const fmt = (d: Date): string => formatOpenproviderDate(d);

/** recordRecordInfo: the full name as the API shows it (`www.example.com`, `example.com`). */
export function recordView(zone: OpZone, r: StoredRecord): Record<string, unknown> {
  return {
    name: r.name === '' ? zone.name : `${r.name}.${zone.name}`,
    type: r.type,
    value: r.value,
    ...(r.prio !== undefined ? { prio: r.prio } : {}),
    ttl: r.ttl,
    creation_date: fmt(r.createdAt),
    modification_date: fmt(r.modifiedAt),
  };
}

/** The SOA the DNS service shows first in a zone's records (its serial rises with every change). */
export function soaView(zone: OpZone): Record<string, unknown> {
  return {
    name: zone.name,
    type: 'SOA',
    value: `ns1.openprovider.nl dns@openprovider.eu ${zone.serial} 10800 3600 604800 3600`,
    ttl: 3600,
    creation_date: fmt(zone.createdAt),
    modification_date: fmt(zone.modifiedAt),
  };
}

export function zoneView(zone: OpZone, withRecords: boolean): Record<string, unknown> {
  return {
    id: zone.id,
    name: zone.name,
    type: zone.type,
    active: true,
    is_deleted: false,
    is_shadow: false,
    is_spamexperts_enabled: false,
    creation_date: fmt(zone.createdAt),
    modification_date: fmt(zone.modifiedAt),
    ...(withRecords ? { records: [soaView(zone), ...zone.records.map((r) => recordView(zone, r))] } : {}),
  };
}

import type { DnssecRecord } from '../dnssec';
/**
 * The zone model's shapes: one canonical record (owner relative to the zone, TTL, presentation
 * RDATA), shared by parsing, validation, diff, digest and both registrar adapters. Pure: no I/O,
 * loaded into the workflow bundle.
 */

/** The DNS record types a zone file may declare. */
export const DNS_RECORD_TYPES = ['A', 'AAAA', 'CNAME', 'MX', 'TXT', 'SRV', 'CAA', 'NS'] as const;
/**
 * The registrars' forwarding pseudo-records (ISPAPI EXTENDED mode, UpdateDNSZone / StatusDNSZone
 * pages): web forwarding of a host (redirect or frame) and mail forwarding of a mailbox.
 */
export const FORWARDING_TYPES = ['X-HTTP', 'X-SMTP'] as const;
export const ZONE_RECORD_TYPES = [...DNS_RECORD_TYPES, ...FORWARDING_TYPES] as const;

export type DnsRecordType = (typeof DNS_RECORD_TYPES)[number];
export type ForwardingType = (typeof FORWARDING_TYPES)[number];
export type ZoneRecordType = (typeof ZONE_RECORD_TYPES)[number];

/**
 * One record in canonical form. `name` is relative to the zone, lower case, `@` for the apex;
 * `data` is the RDATA in presentation form with fully qualified targets (trailing dot), AAAA
 * compressed, TXT as quoted chunks; X-HTTP `REDIRECT|FRAME <url>`, X-SMTP `<mailbox>@ MAILFORWARD <address>`.
 */
export interface ZoneRecord {
  name: string;
  type: ZoneRecordType;
  ttl: number;
  data: string;
}

/** The whole declared (or read) state of a zone: the apex name (ASCII, no trailing dot) and its records. */
export interface Zone {
  zone: string;
  records: ZoneRecord[];
  /** the zone file's `dnssec:` section, when it has one: the delegation's DS / DNSKEY set (none: unsigned) */
  dnssec?: DnssecRecord[];
}

/** TTL bounds domainflow accepts (seconds): one minute to one week. */
export const MIN_TTL = 60;
export const MAX_TTL = 604_800;
export const DEFAULT_TTL = 3600;
/** A TXT character-string holds at most 255 octets (RFC 1035 3.3); a record's chunks together at most this. */
export const MAX_TXT_CHUNK = 255;
export const MAX_TXT_TOTAL = 4096;

export function isForwarding(type: ZoneRecordType): type is ForwardingType {
  return (FORWARDING_TYPES as readonly string[]).includes(type);
}

/** The RRset a record belongs to: owner and type. */
export const rrsetKey = (r: Pick<ZoneRecord, 'name' | 'type'>): string => `${r.name} ${r.type}`;
/** A record's identity within its RRset (TTL is an attribute of the RRset, not of the identity). */
export const recordKey = (r: Pick<ZoneRecord, 'name' | 'type' | 'data'>): string => `${r.name} ${r.type} ${r.data}`;

/** One line as a zone file shows it (relative owner): `www 3600 A 192.0.2.1`. */
export const recordLine = (r: ZoneRecord): string => `${r.name} ${r.ttl} ${r.type} ${r.data}`;

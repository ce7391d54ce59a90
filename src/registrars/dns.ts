import type { ZoneChange, ZoneRecord, ZoneRecordType } from '../domain/dns';

/**
 * DNS zones at the registrar (docs/dns.md): read a zone as canonical records, create it, and carry
 * out a plan's changes in as few calls as the API allows (ISPAPI: one UpdateDNSZone with every
 * DELRR/ADDRR; Openprovider: one PUT /dns/zones/{name} with add/remove/update lists). Both
 * adapters offer it.
 */
export interface ZoneSnapshot {
  /** false: the registrar holds no zone of that name */
  exists: boolean;
  /** the records domainflow manages (SOA left out), canonical */
  records: ZoneRecord[];
  /** the zone's SOA serial when the answer shows it */
  serial?: string;
  /** records of types domainflow does not manage, as the registrar wrote them (never changed) */
  foreign: string[];
}

export interface DnsZoneRegistrar {
  /** the record types its DNS holds (forwarding pseudo-records only where it offers them) */
  readonly dnsRecordTypes: readonly ZoneRecordType[];
  /** One registrar call (two when the zone is missing: the answer is confirmed). */
  readZone(zone: string): Promise<ZoneSnapshot>;
  /** Creates an empty zone (the registrar's own NS set), optionally from the registrar's named template. */
  createZone(zone: string, options?: { template?: string }): Promise<void>;
  /** Sends the changes in one call; returns the registrar calls made (0 for no change). */
  applyZoneChanges(zone: string, changes: readonly ZoneChange[]): Promise<{ calls: number }>;
}

export function isDnsZoneRegistrar(registrar: unknown): registrar is DnsZoneRegistrar {
  const r = registrar as Partial<DnsZoneRegistrar> | undefined;
  return (
    typeof r?.readZone === 'function' &&
    typeof r.createZone === 'function' &&
    typeof r.applyZoneChanges === 'function' &&
    Array.isArray(r.dnsRecordTypes)
  );
}

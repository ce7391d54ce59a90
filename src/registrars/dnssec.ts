import type { DnssecRecord, DnssecState } from '../domain/dnssec';

/**
 * DNSSEC delegation data at the registry: the DS records (or DNSKEYs, from which the registry
 * derives the DS) of a domain. Kept apart from the Registrar interface: a registrar without it
 * simply does not implement it. The activities (src/activities/dnssec.ts) read before they write,
 * so an adapter call is made only for a change that is still missing.
 */
export interface DnssecSupport {
  /** DS records (ISPAPI SECDNS-DS) */
  ds: boolean;
  /** DNSKEY records (ISPAPI SECDNS-KEY, Openprovider dnssec_keys) */
  dnskey: boolean;
  /** the maximum signature life (ISPAPI SECDNS-MAXSIGLIFE) */
  maxSigLife: boolean;
}

export interface DnssecRegistrar {
  readonly dnssecSupport: DnssecSupport;
  /** What the registry publishes; null when the domain is not in this account. */
  readDnssec(domain: string): Promise<DnssecState | null>;
  /** The delegation becomes exactly `state` (empty lists: unsigned). */
  setDnssec(domain: string, state: DnssecState): Promise<void>;
  /** Publishes these records beside the others (each one not published yet). */
  addDnssec(domain: string, records: DnssecRecord[]): Promise<void>;
  /** Withdraws these records (each one published). */
  removeDnssec(domain: string, records: DnssecRecord[]): Promise<void>;
}

export function isDnssecRegistrar(registrar: unknown): registrar is DnssecRegistrar {
  const r = registrar as Partial<DnssecRegistrar> | undefined;
  return (
    typeof r?.dnssecSupport === 'object' &&
    typeof r.readDnssec === 'function' &&
    typeof r.setDnssec === 'function' &&
    typeof r.addDnssec === 'function' &&
    typeof r.removeDnssec === 'function'
  );
}

/**
 * Host objects (child nameservers with glue addresses) under the account's domains. Registries
 * that keep hosts as objects (.com, .net ...) need one before a domain can use ns1.<its domain>.
 * Both adapters offer it (ISPAPI AddNameserver & co., Openprovider /dns/nameservers); kept apart
 * from the Registrar interface like the other capabilities.
 *
 * Names are validated ASCII host names, addresses canonical IPv4/IPv6 (src/contracts/hosts.ts).
 */
export interface HostObject {
  host: string;
  ips: string[];
  /** the parent domain, when the registrar answers it */
  domain?: string;
  /** the registrar's status words, when it has any */
  statuses?: string[];
}

export interface HostAvailability {
  /** the name can be created now */
  available: boolean;
  /** the registrar's words when not */
  reason?: string;
}

export interface HostRegistrar {
  /** null when the registrar has no such host */
  getHost(host: string): Promise<HostObject | null>;
  /** Creates the host with these addresses (the caller read it first: not idempotent by itself). */
  createHost(host: string, ips: string[]): Promise<void>;
  /** Replaces all of the host's addresses with `ips`. */
  setHostIps(host: string, ips: string[]): Promise<void>;
  /**
   * Deletes the host. A host a domain still uses is refused by the registry (ISPAPI 532): the
   * RegistrarRejectedError carries its code and reason; nothing is forced.
   */
  deleteHost(host: string): Promise<void>;
  /** Every host of the account under `domain` (ns1.example.com, a.b.example.com ...). */
  listHosts(domain: string): Promise<HostObject[]>;
  checkHost(host: string): Promise<HostAvailability>;
}

export function isHostRegistrar(registrar: unknown): registrar is HostRegistrar {
  const r = registrar as Partial<HostRegistrar> | undefined;
  return (
    typeof r?.getHost === 'function' &&
    typeof r.createHost === 'function' &&
    typeof r.setHostIps === 'function' &&
    typeof r.deleteHost === 'function' &&
    typeof r.listHosts === 'function' &&
    typeof r.checkHost === 'function'
  );
}

/** The candidate parent domains of a host, nearest first: ns1.a.example.co.uk -> a.example.co.uk, example.co.uk, co.uk. */
export function parentCandidates(host: string): string[] {
  const labels = host.split('.');
  const out: string[] = [];
  for (let i = 1; i <= labels.length - 2; i++) out.push(labels.slice(i).join('.'));
  return out;
}

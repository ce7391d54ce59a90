import { CommandFault } from '../errors';
import type { OwnedDomain } from './model';
// The state layer, not IspapiRegistry: the registry holds a HostBook (an import cycle otherwise).
import type { RegistryState } from './state';

/**
 * Host objects (child nameservers) of the sandbox account, as the DOMAIN/NAMESERVER pages of the
 * command reference describe them: AddNameserver needs the parent domain in the account and 1-13
 * addresses; DeleteNameserver refuses a host a domain still uses with 532 "Domain names linked
 * with name server" unless FORCE=1 (its NOTES: "The nameserver must not be linked with any domain
 * name"); ModifyNameserver with IPADDRESSn replaces every address.
 */
export interface HostRecord {
  host: string;
  ips: string[];
  /** the account's domain the host is under */
  domain: string;
  user: string;
  createdAt: Date;
  updatedAt: Date;
}

export class HostBook {
  private readonly hosts = new Map<string, HostRecord>();

  constructor(private readonly registry: RegistryState) {}

  reset(): void {
    this.hosts.clear();
  }

  get(host: string): HostRecord | undefined {
    return this.hosts.get(host);
  }

  /** The account's domain `host` is under (the nearest one), or undefined. */
  parentOf(host: string): OwnedDomain | undefined {
    const labels = host.split('.');
    for (let i = 1; i <= labels.length - 2; i++) {
      const d = this.registry.ownedDomain(labels.slice(i).join('.'));
      if (d) return d;
    }
    return undefined;
  }

  /** Host names under `domain`, sorted (StatusDomain HOST). */
  under(domain: string): string[] {
    return [...this.hosts.values()]
      .filter((h) => h.domain === domain)
      .map((h) => h.host)
      .sort();
  }

  /** Domains of the account whose NAMESERVER list names `host`. */
  usedBy(host: string): string[] {
    return this.registry
      .listOwned()
      .filter((d) => d.nameservers.includes(host))
      .map((d) => d.domain);
  }

  add(host: string, ips: string[], user: string): HostRecord {
    if (this.hosts.has(host)) throw new CommandFault(540, `Attribute value is not unique; NAMESERVER ${host} exists`);
    const parent = this.parentOf(host);
    // AVAILABILITY: "The parent domain of the nameserver must be within the user account."
    if (!parent)
      throw new CommandFault(531, `Authorization failed; the parent domain of ${host} is not in this account`);
    const now = this.registry.now();
    const record: HostRecord = { host, ips: [...ips], domain: parent.domain, user, createdAt: now, updatedAt: now };
    this.hosts.set(host, record);
    return record;
  }

  setIps(host: string, ips: string[]): HostRecord {
    const record = this.require(host);
    record.ips = [...ips];
    record.updatedAt = this.registry.now();
    return record;
  }

  /** Adds and removes single addresses (ADDIPADDRESSn / DELIPADDRESSn). */
  changeIps(host: string, add: string[], remove: string[]): HostRecord {
    const record = this.require(host);
    for (const ip of remove) {
      if (!record.ips.includes(ip))
        throw new CommandFault(541, `Invalid attribute value; ${ip} is not an address of ${host}`);
    }
    const next = [...record.ips.filter((ip) => !remove.includes(ip)), ...add.filter((ip) => !record.ips.includes(ip))];
    if (next.length === 0) throw new CommandFault(541, `Invalid attribute value; ${host} would have no IP address`);
    if (next.length > 13) throw new CommandFault(541, `Invalid attribute value; at most 13 IP addresses`);
    return this.setIps(host, next);
  }

  delete(host: string, force: boolean): void {
    this.require(host);
    const users = this.usedBy(host);
    if (users.length > 0 && !force) {
      throw new CommandFault(532, `Domain names linked with name server; ${host} is used by ${users.join(', ')}`);
    }
    this.hosts.delete(host);
  }

  private require(host: string): HostRecord {
    const record = this.hosts.get(host);
    if (!record) throw new CommandFault(545, 'Object not found');
    return record;
  }
}

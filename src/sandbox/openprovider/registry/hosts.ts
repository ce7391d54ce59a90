import { joinDomainName } from '../../../registrars/openprovider/domain-name';
import { ApiError } from './errors';
import type { SandboxDomain } from './model';
// The state layer, not OpenproviderRegistry: the registry holds a NameserverBook (an import cycle otherwise).
import type { RegistryState } from './state';

/**
 * Name server (host) objects of the sandbox reseller (dns.swagger.json `nameserverNameserver`:
 * name, ip, ip6). The swagger files give no error codes: the refusals below use code 399 with the
 * reason in `data`, as the sandbox's other undocumented refusals do (registry/errors.ts); the
 * reasons follow the registries' rules (the parent domain in the account, no delete while a domain
 * uses the host).
 */
export interface NameserverRecord {
  name: string;
  ip?: string;
  ip6?: string;
  /** the reseller's domain the host is under */
  domain: string;
}

const refuse = (data: string) => new ApiError(399, 'An unknown domain error has occurred', data);

export class NameserverBook {
  private readonly hosts = new Map<string, NameserverRecord>();

  constructor(private readonly registry: RegistryState) {}

  reset(): void {
    this.hosts.clear();
  }

  get(name: string): NameserverRecord | undefined {
    return this.hosts.get(name.toLowerCase());
  }

  /** Sorted by name; `pattern` with '*' wildcards as the list route's `pattern` parameter. */
  list(filter: { name?: string; ip?: string; ip6?: string; pattern?: string }): NameserverRecord[] {
    const re = filter.pattern
      ? new RegExp(
          `^${filter.pattern
            .toLowerCase()
            .split('*')
            .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
            .join('.*')}$`,
        )
      : undefined;
    return [...this.hosts.values()]
      .filter((h) => filter.name === undefined || h.name === filter.name.toLowerCase())
      .filter((h) => filter.ip === undefined || h.ip === filter.ip)
      .filter((h) => filter.ip6 === undefined || h.ip6 === filter.ip6)
      .filter((h) => re === undefined || re.test(h.name))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  create(input: { name: string; ip?: string; ip6?: string }): NameserverRecord {
    const name = input.name.toLowerCase();
    if (this.hosts.has(name)) throw refuse(`name server ${name} already exists`);
    if (!input.ip && !input.ip6) throw refuse(`name server ${name} needs an ip or ip6 address`);
    const parent = this.parentOf(name);
    if (!parent) throw refuse(`the domain of name server ${name} is not in your account`);
    const record: NameserverRecord = { name, domain: joinDomainName(parent), ...addresses(input) };
    this.hosts.set(name, record);
    return record;
  }

  update(name: string, input: { ip?: string; ip6?: string }): NameserverRecord {
    const record = this.require(name);
    if (!input.ip && !input.ip6) throw refuse(`name server ${record.name} needs an ip or ip6 address`);
    const next = { name: record.name, domain: record.domain, ...addresses(input) };
    this.hosts.set(record.name, next);
    return next;
  }

  delete(name: string): void {
    const record = this.require(name);
    const users = this.registry
      .all()
      .filter((d) => !d.isDeleted && d.nameservers.includes(record.name))
      .map((d) => joinDomainName(d));
    if (users.length > 0) throw refuse(`name server ${record.name} is in use by ${users.join(', ')}`);
    this.hosts.delete(record.name);
  }

  private parentOf(name: string): SandboxDomain | undefined {
    const labels = name.split('.');
    for (let i = 1; i <= labels.length - 2; i++) {
      const d = this.registry.byName(labels.slice(i).join('.'));
      if (d) return d;
    }
    return undefined;
  }

  /** The record, or the refusal the routes answer for an unknown name. */
  require(name: string): NameserverRecord {
    const record = this.hosts.get(name.toLowerCase());
    if (!record) throw refuse(`name server ${name.toLowerCase()} not found`);
    return record;
  }
}

function addresses(input: { ip?: string; ip6?: string }): { ip?: string; ip6?: string } {
  return { ...(input.ip ? { ip: input.ip } : {}), ...(input.ip6 ? { ip6: input.ip6.toLowerCase() } : {}) };
}

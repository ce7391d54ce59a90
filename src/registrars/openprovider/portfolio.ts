import type { DomainLifecycle } from '../../domain/lifecycle';
import type { DomainFacts } from '../../domain/portfolio';
import { RegistrarError } from '../errors';
import type { PortfolioEntry, PortfolioPage } from '../portfolio';
import type { OpenproviderClient } from './client';
import { joinDomainName } from './domain-name';
import { listDomainsDataSchema, type WireDomainObject } from './wire';

/** `autorenew` is on, off, or default (the reseller's global setting): only an explicit off is off. */
export const openproviderAutorenewOf = (value: string | null | undefined): boolean | undefined =>
  value ? value !== 'off' : undefined;

/**
 * One page of GET /domains (limit up to 1000, offset, oldest id first so pages stay stable while
 * new domains are added; spec 3.4). Deleted-and-purged records (is_deleted) are not listed.
 */
export async function listOpenproviderPortfolio(
  client: OpenproviderClient,
  lifecycleOf: (d: WireDomainObject, operation: string) => DomainLifecycle,
  request: { cursor?: string; limit: number },
): Promise<PortfolioPage> {
  const offset = request.cursor ? Number(request.cursor) : 0;
  const operation = 'listPortfolio';
  const result = await client.call('GET', '/domains', listDomainsDataSchema, {
    operation: `${operation}: GET /domains`,
    query: { limit: request.limit, offset, 'order_by.id': 'asc' },
  });
  const rows = result.data.results ?? [];
  const entries: PortfolioEntry[] = [];
  const problems: PortfolioPage['problems'] = [];
  for (const d of rows) {
    if (d.is_deleted === true) continue;
    const domain = joinDomainName(d.domain);
    try {
      entries.push({ domain, facts: listedFacts(d, lifecycleOf(d, operation)) });
    } catch (err) {
      if (!(err instanceof RegistrarError)) throw err;
      problems.push({ domain, message: err.message });
    }
  }
  const total = result.data.total ?? undefined;
  const more = total !== undefined ? offset + rows.length < total : rows.length >= request.limit;
  return {
    entries,
    problems,
    ...(total !== undefined ? { total } : {}),
    ...(more && rows.length > 0 ? { next: String(offset + rows.length) } : {}),
  };
}

function listedFacts(d: WireDomainObject, lifecycle: DomainLifecycle): DomainFacts {
  const nameservers = [...(d.name_servers ?? [])]
    .sort((a, b) => (a.seq_nr ?? 0) - (b.seq_nr ?? 0))
    .map((ns) => ns.name.toLowerCase());
  const facts: DomainFacts = {
    phase: lifecycle.phase,
    registryExpiresAt: lifecycle.registryExpiresAt,
    displayExpiresAt: lifecycle.displayExpiresAt,
    registrarAutorenew: openproviderAutorenewOf(d.autorenew),
    privacy: d.is_private_whois_enabled ?? undefined,
    transferLock: d.is_locked ?? undefined,
    nameservers,
    registrarStatus: d.status,
  };
  return Object.fromEntries(Object.entries(facts).filter(([, v]) => v !== undefined)) as DomainFacts;
}

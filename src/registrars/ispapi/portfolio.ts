import type { DomainFacts } from '../../domain/portfolio';
import { RegistrarError } from '../errors';
import type { PortfolioEntry, PortfolioPage } from '../portfolio';
import type { IspapiResponse } from './wire';
import type { IspapiClient } from './client';
import { lifecycleFromDomainRow } from './lifecycle';

/** Nameserver columns QueryDomainList WIDE=1 carries per domain (DOMAINNAMESERVER0 ..). */
const MAX_NAMESERVERS = 13;

/**
 * The v1 list's DOMAIN-prefixed date columns under the names StatusDomain uses, so one rule
 * (lifecycleFromDomainRow) reads both and a listed domain never differs from a checked one.
 */
const COLUMNS: Record<string, string> = {
  EXPIRATIONDATE: 'DOMAINEXPIRATIONDATE',
  REGISTRATIONEXPIRATIONDATE: 'DOMAINREGISTRATIONEXPIRATIONDATE',
  PAIDUNTILDATE: 'DOMAINPAIDUNTILDATE',
  FINALIZATIONDATE: 'DOMAINFINALIZATIONDATE',
  FAILUREDATE: 'DOMAINFAILUREDATE',
  RENEWALMODE: 'DOMAINRENEWALMODE',
  NEXTACTION: 'DOMAINNEXTACTION',
  NEXTACTIONDATE: 'DOMAINNEXTACTIONDATE',
};

const flag = (value: string | undefined): boolean | undefined =>
  value === '1' ? true : value === '0' ? false : undefined;

/**
 * RENEWALMODE (v1 `renew` / `expire` / `delete`, StatusDomain AUTORENEW / AUTOEXPIRE / AUTODELETE,
 * or DEFAULT = the account's default): only an explicit expire or delete is "off". Anything else
 * may renew at the registrar and is reported as on, so the engine switches it off.
 */
export function registrarAutorenewOf(renewalMode: string | undefined): boolean | undefined {
  if (renewalMode === undefined || renewalMode.trim() === '') return undefined;
  return !/EXPIRE|DELETE/i.test(renewalMode);
}

/**
 * One page of QueryDomainList WIDE=1 ORDERBY=DOMAIN (spec 2.14; the v1 columns Blesta reads):
 * FIRST is the cursor, TOTAL the account size. DOMAINAUTH (the auth codes, also in the wide answer)
 * is never read.
 */
export async function listIspapiPortfolio(
  client: IspapiClient,
  request: { cursor?: string; limit: number },
  now: Date,
): Promise<PortfolioPage> {
  const first = request.cursor ? Number(request.cursor) : 0;
  const response = await client.call({
    COMMAND: 'QueryDomainList',
    WIDE: 1,
    ORDERBY: 'DOMAIN',
    USERDEPTH: 'SELF',
    FIRST: first,
    LIMIT: request.limit,
  });
  const domains = response.properties.DOMAIN ?? [];
  const entries: PortfolioEntry[] = [];
  const problems: PortfolioPage['problems'] = [];
  domains.forEach((raw, i) => {
    const domain = raw.trim().toLowerCase();
    try {
      entries.push({ domain, facts: listedFacts(response, i, domain, now) });
    } catch (err) {
      if (!(err instanceof RegistrarError)) throw err;
      problems.push({ domain, message: err.message });
    }
  });
  const count = Number(response.properties.COUNT?.[0] ?? domains.length);
  const total = response.properties.TOTAL?.[0] === undefined ? undefined : Number(response.properties.TOTAL[0]);
  const more = total !== undefined ? first + count < total : count >= request.limit;
  return {
    entries,
    problems,
    ...(total !== undefined ? { total } : {}),
    ...(more ? { next: String(first + count) } : {}),
  };
}

function listedFacts(response: IspapiResponse, i: number, domain: string, now: Date): DomainFacts {
  const column = (name: string): string | undefined => response.properties[name]?.[i];
  const row: Record<string, string> = {};
  for (const [name, listed] of Object.entries(COLUMNS)) {
    const value = column(listed);
    if (value !== undefined && value !== '') row[name] = value;
  }
  const statuses = (column('DOMAINSTATUS') ?? '').split(/[\s,]+/).filter((s) => s !== '');
  const lifecycle = lifecycleFromDomainRow(domain, statuses, row, now, 'QueryDomainList');
  const nameservers: string[] = [];
  for (let n = 0; n < MAX_NAMESERVERS; n++) {
    const ns = column(`DOMAINNAMESERVER${n}`);
    if (ns) nameservers.push(ns.toLowerCase());
  }
  const facts: DomainFacts = {
    phase: lifecycle.phase,
    registryExpiresAt: lifecycle.registryExpiresAt,
    displayExpiresAt: lifecycle.displayExpiresAt,
    registrarAutorenew: registrarAutorenewOf(row.RENEWALMODE),
    privacy: flag(column('X-ACCEPT-WHOISTRUSTEE-TAC')),
    transferLock: flag(column('DOMAINTRANSFERLOCK')),
    nameservers,
    registrarStatus: lifecycle.registrarStatus,
  };
  return Object.fromEntries(Object.entries(facts).filter(([, v]) => v !== undefined)) as DomainFacts;
}

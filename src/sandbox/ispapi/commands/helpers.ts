import { type ResponseShape } from '../../../registrars/ispapi/wire';
import {
  CommandFault,
  formatApiDate,
  normalizeNameserver,
  RENEWAL_MODES,
  statusesOf,
  tldOf,
  type DateModel,
  type RenewalMode,
  type IspapiRegistry,
  type OwnedDomain,
  type ResponseProperties,
} from '../registry';
import { indexed } from './params';

/** Parameter parsers and answer builders shared by the command modules (domains, transfers, lists ...). */

export const OK = 'Command completed successfully';
export const MAX_NAMESERVERS = 13;

/** NAMESERVER0..12; empty values are skipped (modules send `NAMESERVER4=`). undefined: none sent. */
export function nameserversParam(params: Record<string, string>, prefix = 'NAMESERVER'): string[] | undefined {
  const entries = indexed(params, prefix);
  if (entries.length === 0) return undefined;
  const filled = entries.filter((e) => e.value !== '');
  if (filled.length > MAX_NAMESERVERS || entries.some((e) => e.index >= MAX_NAMESERVERS)) {
    throw new CommandFault(505, `Invalid attribute value syntax; at most ${MAX_NAMESERVERS} ${prefix} (0-12)`);
  }
  const out: string[] = [];
  for (const e of filled) {
    const ns = normalizeNameserver(e.value, e.key);
    if (!out.includes(ns)) out.push(ns);
  }
  return out;
}

/** PERIOD as months: `1` and `1Y` are years, `1M` months (Y/M case-sensitive, spec 1.2). */
export function periodParam(params: Record<string, string>, fallbackMonths: number, allowZero: boolean): number {
  const value = params.PERIOD;
  if (value === undefined || value === '') return fallbackMonths;
  const m = /^(\d{1,2})(Y|M)?$/.exec(value);
  const months = m ? Number(m[1]) * (m[2] === 'M' ? 1 : 12) : NaN;
  if (!Number.isFinite(months) || months > 120 || (months === 0 && !allowZero)) {
    throw new CommandFault(505, `Invalid attribute value syntax; PERIOD (${value})`);
  }
  return months;
}

export function repositoryOf(domain: string): string {
  return `${tldOf(domain).toUpperCase().replace(/\./g, '-')}-1API`;
}

/** NEXTACTION (spec 2.13): finalize a paid renewal, else pay (AUTORENEW) or expire/delete on FAILUREDATE. */
export function nextAction(d: OwnedDomain, dates: DateModel): ResponseProperties {
  const at = (action: string, date: Date): ResponseProperties => ({
    NEXTACTION: [action],
    NEXTACTIONDATE: [formatApiDate(date)],
  });
  if (dates.paidUntil.getTime() > dates.expiration.getTime()) return at('finalize', dates.finalization);
  if (d.renewalMode === 'AUTORENEW') {
    return d.autorenewFailedFor === d.paidUntil.getTime()
      ? at('expireunpaid', dates.failure)
      : at('pay', dates.accounting);
  }
  return at(d.renewalMode === 'AUTODELETE' ? 'delete' : 'expire', dates.failure);
}

export function ownedDomainProperties(registry: IspapiRegistry, d: OwnedDomain): ResponseProperties {
  const dates = registry.dates(d);
  const sub = tldOf(d.domain).toUpperCase();
  const props: ResponseProperties = {
    DOMAIN: [d.domain],
    STATUS: statusesOf(d),
    CREATEDDATE: [formatApiDate(d.createdAt)],
    UPDATEDDATE: [formatApiDate(d.updatedAt)],
    EXPIRATIONDATE: [formatApiDate(dates.expiration)],
    REGISTRATIONEXPIRATIONDATE: [formatApiDate(dates.expiration)],
    PAIDUNTILDATE: [formatApiDate(dates.paidUntil)],
    ACCOUNTINGDATE: [formatApiDate(dates.accounting)],
    ACCOUNTINGPERIOD: [`${dates.periods.accounting}d`],
    FINALIZATIONDATE: [formatApiDate(dates.finalization)],
    FINALIZATIONPERIOD: [`${dates.periods.finalization}d`],
    FAILUREDATE: [formatApiDate(dates.failure)],
    FAILUREPERIOD: [`${dates.periods.failure}d`],
    DELETIONRESTORABLEPERIOD: [`${dates.periods.deletionRestorable}d`],
    RENEWALMODE: [d.renewalMode],
    RENEWALPERIOD: ['1Y'],
    // AUTOEXPIRE: nothing is charged; the domain goes on FAILUREDATE unless renewed.
    ...nextAction(d, dates),
    NAMESERVER: d.nameservers,
    TRANSFERLOCK: [d.transferLock ? 1 : 0],
    AUTH: [d.authCode],
    OWNERCONTACT: [d.contacts.OWNERCONTACT],
    ADMINCONTACT: [d.contacts.ADMINCONTACT],
    TECHCONTACT: [d.contacts.TECHCONTACT],
    BILLINGCONTACT: [d.contacts.BILLINGCONTACT],
    REPOSITORY: [repositoryOf(d.domain)],
    ROID: [d.roid],
    SUBCLASS: [d.premiumClass ?? sub],
    CLASS: ['DOMAIN'],
    USER: [d.user],
    PEERUSER: [''],
    'X-ACCEPT-WHOISTRUSTEE-TAC': [d.privacy ? 1 : 0],
  };
  for (const [key, value] of Object.entries(d.extras)) props[key] = [value];
  if (d.transferredAt) props.TRANSFERDATE = [formatApiDate(d.transferredAt)];
  return props;
}

export function renewalModeParam(params: Record<string, string>): RenewalMode | undefined {
  const value = (params.RENEWALMODE ?? '').toUpperCase();
  if (value === '' || value === 'DEFAULT') return undefined;
  if (!(RENEWAL_MODES as readonly string[]).includes(value)) {
    throw new CommandFault(505, `Invalid attribute value syntax; RENEWALMODE (${params.RENEWALMODE})`);
  }
  return value as RenewalMode;
}

/** PRICE/CURRENCY must be the quoted premium price: a changed price is never bought silently. */
export function checkPremiumPrice(params: Record<string, string>, amount: string, currency: string): void {
  if (!params.PRICE) throw new CommandFault(504, 'Missing required attribute; PRICE');
  if (!params.CURRENCY) throw new CommandFault(504, 'Missing required attribute; CURRENCY');
  const price = Number(params.PRICE);
  if (!Number.isFinite(price) || price !== Number(amount) || params.CURRENCY.toUpperCase() !== currency.toUpperCase()) {
    throw new CommandFault(
      541,
      `Invalid attribute value; PRICE ${params.PRICE} ${params.CURRENCY} does not match the premium price ${amount} ${currency}`,
    );
  }
}

/** MAXDATE as a bare day means the whole day. */
/** A list answer with its paging columns (spec 1.4: FIRST, LAST, COUNT, LIMIT, TOTAL). */
export function pagedList(
  props: ResponseProperties,
  p: { first: number; limit: number; count: number; total: number },
): ResponseShape {
  return {
    code: 200,
    description: OK,
    properties: {
      ...props,
      COUNT: [p.count],
      FIRST: [p.first],
      LAST: [Math.max(p.first, p.first + p.count - 1)],
      LIMIT: [p.limit],
      TOTAL: [p.total],
    },
  };
}

/** A PATTERN filter (DOMAIN, CLASS): an exact value, or a pattern where * matches anything. */
export function domainPattern(value: string): RegExp {
  const parts = value.toLowerCase().split('*');
  return new RegExp(`^${parts.map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
}

export function dateBound(value: string | undefined, end: boolean): string | undefined {
  if (!value) return undefined;
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value} ${end ? '23:59:59' : '00:00:00'}` : value;
}

export function intParam(params: Record<string, string>, key: string, fallback: number, max: number): number {
  const value = params[key];
  if (value === undefined || value === '') return fallback;
  if (!/^\d+$/.test(value) || Number(value) > max) {
    throw new CommandFault(505, `Invalid attribute value syntax; ${key} (${value})`);
  }
  return Number(value);
}

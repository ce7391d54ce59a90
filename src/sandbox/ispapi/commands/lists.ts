import { ACCOUNT_CURRENCY, formatCents } from '../billing';
import {
  CONTACT_ROLES,
  CommandFault,
  formatApiDate,
  statusesOf,
  tldOf,
  type DateModel,
  type IspapiRegistry,
  type ObjectLogEntry,
  type OwnedDomain,
  type RenewalMode,
  type ResponseProperties,
} from '../registry';
import { PRIVACY_KEY, type CommandSpec } from './params';
import { OK, nextAction, pagedList, domainPattern, dateBound, intParam, repositoryOf } from './helpers';
import { dateRange, flagFilter, indexedValues, orderRows, ownRowsAtDepth, patternParam } from './list-params';

/** Lists and the object log (spec 1.4, 2.14): QueryObjectLogList, StatusObjectLog, QueryObjectList, QueryDomainList. */

/** QueryObjectLogList's ORDERBY words (each also DESC); without ORDERBY the log's own order (LOGINDEX). */
const LOG_ORDER: Record<string, (e: ObjectLogEntry) => string | number> = {
  OBJECTID: (e) => e.objectId,
  OBJECTCLASS: (e) => e.objectClass,
  LOGDATE: (e) => e.date.getTime(),
};

export const queryObjectLogList: CommandSpec = {
  name: 'QueryObjectLogList',
  handles: [
    ...['OBJECTCLASS', 'OBJECTID', 'OPERATIONTYPE', 'OPERATIONSTATUS', 'FIRST', 'LIMIT'],
    ...['MINDATE', 'MAXDATE', 'ORDERBY', 'USERDEPTH'],
  ],
  handle: ({ registry, params }) => {
    const eq = (a: string | undefined, b: string): boolean => !a || a.toLowerCase() === b.toLowerCase();
    const min = dateBound(params.MINDATE, false);
    const max = dateBound(params.MAXDATE, true);
    const first = intParam(params, 'FIRST', 0, Number.MAX_SAFE_INTEGER);
    const limit = intParam(params, 'LIMIT', 1000, 10000);
    const own = ownRowsAtDepth(params);
    const found = registry.objectLog().filter((e) => {
      const date = formatApiDate(e.date);
      return (
        eq(params.OBJECTCLASS, e.objectClass) &&
        eq(params.OBJECTID, e.objectId) &&
        eq(params.OPERATIONTYPE, e.type) &&
        eq(params.OPERATIONSTATUS, e.status) &&
        (!min || date >= min) &&
        (!max || date <= max) &&
        own
      );
    });
    const rows = params.ORDERBY
      ? orderRows(params, found, LOG_ORDER, 'LOGDATE', (e) => e.index)
      : [...found].sort((a, b) => a.index - b.index);
    const page = rows.slice(first, first + limit);
    return {
      code: 200,
      description: OK,
      properties: {
        LOGINDEX: page.map((e) => e.index),
        LOGDATE: page.map((e) => formatApiDate(e.date)),
        OPERATIONTYPE: page.map((e) => e.type),
        OPERATIONSTATUS: page.map((e) => e.status),
        OBJECTID: page.map((e) => e.objectId),
        OBJECTCLASS: page.map((e) => e.objectClass),
        LOGUSER: page.map((e) => e.user),
        COUNT: [page.length],
        FIRST: [first],
        LAST: [Math.max(first, first + page.length - 1)],
        LIMIT: [limit],
        TOTAL: [rows.length],
      },
    };
  },
};

export const statusObjectLog: CommandSpec = {
  name: 'StatusObjectLog',
  required: ['LOGINDEX'],
  handles: ['LOGINDEX'],
  handle: ({ registry, params }) => {
    const index = intParam(params, 'LOGINDEX', 0, Number.MAX_SAFE_INTEGER);
    const entry = registry.logEntry(index);
    if (!entry) throw new CommandFault(545, 'Object not found');
    return {
      code: 200,
      description: OK,
      properties: {
        LOGDATE: [formatApiDate(entry.date)],
        // as the reference page's example: no role, "ok", the acting user as REFERENCE
        LOGROLEID: [''],
        LOGSTATUS: ['ok'],
        REFERENCE: [entry.user],
        OBJECTID: [entry.objectId],
        OBJECTCLASS: [entry.objectClass],
        OPERATIONTYPE: [entry.type],
        OPERATIONSTATUS: [entry.status],
        LOGUSER: [entry.user],
        OPERATIONINFO: entry.info,
      },
    };
  },
};

/**
 * QueryObjectList (WIDE mandatory): the account's DOMAIN objects and its restorable DELETEDDOMAIN
 * objects, OBJECTCLASS / OBJECTID as patterns (* = anything), FIRST / LIMIT paging. The columns
 * are the reference's: OBJECTCLASS, OBJECTID, CREATEDDATE, UPDATEDDATE, EXPIRATIONDATE, and with
 * WIDE=1 USER, PARENTUSER, PEERUSER; there is no STATUS. An accepted RestoreDomain still pending
 * shows both objects: the DOMAIN the restore re-created (CREATEDDATE = the request) and the
 * DELETEDDOMAIN the registry has not released yet (docs/sandbox.md).
 */
export const queryObjectList: CommandSpec = {
  name: 'QueryObjectList',
  handles: ['WIDE', 'FIRST', 'LIMIT', 'ORDERBY', 'USERDEPTH', 'OBJECTCLASS', 'OBJECTID'],
  handle: ({ registry, params, account }) => {
    const cls = params.OBJECTCLASS ? domainPattern(params.OBJECTCLASS) : undefined;
    const id = params.OBJECTID ? domainPattern(params.OBJECTID) : undefined;
    // A domain that left unlogged (spec 3.2): the module reads this 545 as "transferred away".
    if (
      params.OBJECTID &&
      !params.OBJECTID.includes('*') &&
      registry.transferredOutUnlogged(params.OBJECTID.toLowerCase())
    ) {
      throw new CommandFault(545, 'Object not found');
    }
    const first = intParam(params, 'FIRST', 0, Number.MAX_SAFE_INTEGER);
    const limit = intParam(params, 'LIMIT', 1000, 10000);
    type Row = { cls: string; id: string; created: Date; updated: Date; expires: Date; user: string };
    const rows: Row[] = [];
    for (const d of registry.listOwned()) {
      if (d.user.split('!')[0] !== account) continue;
      rows.push({
        cls: 'DOMAIN',
        id: d.domain,
        created: d.createdAt,
        updated: d.updatedAt,
        expires: d.expiresAt,
        user: d.user,
      });
    }
    for (const x of registry.listDeleted()) {
      const user = x.record.user;
      if (x.restoreCompletesAt) {
        const requested = x.record.updatedAt;
        rows.push({
          cls: 'DOMAIN',
          id: x.domain,
          created: requested,
          updated: requested,
          expires: x.record.expiresAt,
          user,
        });
      }
      rows.push({
        cls: 'DELETEDDOMAIN',
        id: x.domain,
        created: x.record.createdAt,
        updated: x.deletedAt,
        expires: x.expiresAt,
        user,
      });
    }
    const own = ownRowsAtDepth(params);
    const filtered = rows.filter((r) => own && (!cls || cls.test(r.cls.toLowerCase())) && (!id || id.test(r.id)));
    // without ORDERBY: the account's domains, then the deleted ones, as the registry holds them
    const found = params.ORDERBY
      ? orderRows(params, filtered, OBJECT_ORDER, 'OBJECTID', (r) => `${r.id} ${r.cls}`)
      : filtered;
    const page = found.slice(first, first + limit);
    const props: ResponseProperties = {
      OBJECTCLASS: page.map((r) => r.cls),
      OBJECTID: page.map((r) => r.id),
      CREATEDDATE: page.map((r) => formatApiDate(r.created)),
      UPDATEDDATE: page.map((r) => formatApiDate(r.updated)),
      EXPIRATIONDATE: page.map((r) => formatApiDate(r.expires)),
    };
    if (params.WIDE === '1') {
      props.USER = page.map((r) => r.user.split('!')[0]!);
      props.PARENTUSER = page.map(() => '');
      props.PEERUSER = page.map(() => '');
    }
    return pagedList(props, { first, limit, count: page.length, total: found.length });
  },
};

/** QueryObjectList's ORDERBY words (each also DESC). */
const OBJECT_ORDER: Record<string, (r: { cls: string; id: string; expires: Date }) => string | number> = {
  OBJECTCLASS: (r) => r.cls,
  OBJECTID: (r) => r.id,
  EXPIRATIONDATE: (r) => r.expires.getTime(),
};

/** v1 list renewal modes (spec 2.14): renew / expire / delete; also the RENEWALMODE filter's words. */
const LIST_RENEWAL_MODE: Record<RenewalMode, string> = {
  AUTORENEW: 'renew',
  AUTOEXPIRE: 'expire',
  AUTODELETE: 'delete',
};
const LIST_NAMESERVERS = 13;

/** The 0/1 filters on TLD services: the privacy flag is stored, the others are never on here. */
function serviceFlag(d: OwnedDomain, key: string): string {
  if (key === PRIVACY_KEY) return d.privacy ? '1' : '0';
  return d.extras[key] === '1' ? '1' : '0';
}
const SERVICE_FLAGS = ['X-TRUSTEE', PRIVACY_KEY, 'X-ACCEPT-WHOISTRUSTEELITE-TAC', 'X-MOBI-ACCEPT-INSTANTMOBILIZER-TAC'];

/** The filters of QueryDomainList's page, each a test on one domain (absent / NULL: no test). */
function domainFilters(params: Record<string, string>): Array<(d: OwnedDomain) => boolean> {
  const tests: Array<(d: OwnedDomain) => boolean> = [];
  const pattern = (key: string, values: (d: OwnedDomain) => string[]): void => {
    const p = patternParam(params, key);
    if (p) tests.push((d) => values(d).some((v) => p.test(v.toLowerCase())));
  };
  pattern('DOMAIN', (d) => [d.domain]);
  pattern('USER', (d) => [d.user]);
  pattern('STATUS', (d) => statusesOf(d));
  pattern('NAMESERVER', (d) => d.nameservers);
  for (const role of CONTACT_ROLES) pattern(role, (d) => [d.contacts[role]]);
  const listed = indexedValues(params, 'NAMESERVER').map((ns) => ns.toLowerCase().replace(/\.$/, ''));
  if (listed.length > 0) tests.push((d) => d.nameservers.some((ns) => listed.includes(ns)));
  // syntax `COM.` (the page: "beware the . at the END of the TLD"); without the dot it matches too
  const subclass = params.DOMAINSUBCLASS?.toUpperCase().replace(/\.$/, '');
  if (subclass) tests.push((d) => tldOf(d.domain).toUpperCase() === subclass);
  if (params.REPOSITORY) tests.push((d) => repositoryOf(d.domain) === params.REPOSITORY!.toUpperCase());
  const lock = flagFilter(params, 'TRANSFERLOCK');
  if (lock !== undefined) tests.push((d) => (d.transferLock ? '1' : '0') === lock);
  for (const key of SERVICE_FLAGS) {
    const want = flagFilter(params, key);
    if (want !== undefined) tests.push((d) => serviceFlag(d, key) === want);
  }
  const mode = params.RENEWALMODE?.toLowerCase();
  if (mode) {
    if (!Object.values(LIST_RENEWAL_MODE).includes(mode)) {
      throw new CommandFault(
        505,
        `Invalid attribute value syntax; RENEWALMODE (${params.RENEWALMODE}) must be EXPIRE, DELETE or RENEW`,
      );
    }
    tests.push((d) => LIST_RENEWAL_MODE[d.renewalMode] === mode);
  }
  const created = dateRange(params, 'CREATEDDATE');
  const updated = dateRange(params, 'UPDATEDDATE');
  const expiration = dateRange(params, 'EXPIRATIONDATE');
  const paidUntil = dateRange(params, 'PAIDUNTILDATE');
  const registration = dateRange(params, 'REGISTRATIONEXPIRATIONDATE');
  // EXPIRATIONDATE and REGISTRATIONEXPIRATIONDATE are one date here (registry.dates); only sent bounds cost
  if (Object.keys(params).some((k) => /^(MIN|MAX).*DATE$/.test(k) && params[k] !== '')) {
    tests.push(
      (d) =>
        created(formatApiDate(d.createdAt)) &&
        updated(formatApiDate(d.updatedAt)) &&
        expiration(formatApiDate(d.expiresAt)) &&
        paidUntil(formatApiDate(d.paidUntil)) &&
        registration(formatApiDate(d.expiresAt)),
    );
  }
  return tests;
}

/** ORDERBY words of QueryDomainList's page (each also with DESC); the sandbox is every domain's registrar. */
const DOMAIN_ORDER: Record<string, (d: OwnedDomain) => string | number> = {
  DOMAIN: (d) => d.domain,
  DOMAINSUBCLASS: (d) => tldOf(d.domain).toUpperCase(),
  USER: (d) => d.user,
  // whole seconds, as the API's dates compare
  CREATEDDATE: (d) => Math.floor(d.createdAt.getTime() / 1000),
  UPDATEDDATE: (d) => Math.floor(d.updatedAt.getTime() / 1000),
  EXPIRATIONDATE: (d) => Math.floor(d.expiresAt.getTime() / 1000),
  REGISTRATIONEXPIRATIONDATE: (d) => Math.floor(d.expiresAt.getTime() / 1000),
  PAIDUNTILDATE: (d) => Math.floor(d.paidUntil.getTime() / 1000),
  STATUS: (d) => statusesOf(d).join(' '),
  REGISTRAR: () => 'SYSTEM',
};

/**
 * The account's domains (spec 2.14, QueryDomainList v1). Every parameter of the page takes
 * effect: the filters (patterns with *, 0/1 flags, MIN/MAX date ranges, RENEWALMODE
 * EXPIRE | DELETE | RENEW, DOMAINSUBCLASS `COM.`), ORDERBY (the page's 20 words, others 505),
 * USERDEPTH, FIRST / LIMIT paging with COUNT and TOTAL, UNIQUE (rows are unique anyway) and
 * PROPERTIES=RENEWALPRICE (the account's renewal price per row). WIDE=1 adds the DOMAIN-prefixed
 * columns (dates, status, renewal mode, lock, contacts, DOMAINNAMESERVER0.. with empty cells so
 * the columns stay parallel, X-ACCEPT-WHOISTRUSTEE-TAC) and, like the real API, DOMAINAUTH.
 */
export const queryDomainList: CommandSpec = {
  name: 'QueryDomainList',
  handles: [
    ...['WIDE', 'FIRST', 'LIMIT', 'ORDERBY', 'USERDEPTH', 'UNIQUE', 'PROPERTIES', 'DOMAIN', 'DOMAINSUBCLASS'],
    ...[...CONTACT_ROLES, 'NAMESERVER', 'NAMESERVER[]', 'STATUS', 'TRANSFERLOCK', 'RENEWALMODE', 'REPOSITORY'],
    ...['CREATED', 'UPDATED', 'EXPIRATION', 'PAIDUNTIL', 'REGISTRATIONEXPIRATION'].flatMap((n) => [
      `MIN${n}DATE`,
      `MAX${n}DATE`,
    ]),
    ...['USER', ...SERVICE_FLAGS],
  ],
  handle: ({ registry, params, account }) => {
    const first = intParam(params, 'FIRST', 0, Number.MAX_SAFE_INTEGER);
    const limit = intParam(params, 'LIMIT', 1000, 10000);
    const properties = (params.PROPERTIES ?? '').toUpperCase();
    if (properties !== '' && properties !== 'RENEWALPRICE') {
      throw new CommandFault(
        505,
        `Invalid attribute value syntax; PROPERTIES (${params.PROPERTIES}) must be RENEWALPRICE`,
      );
    }
    const tests = domainFilters(params);
    const own = ownRowsAtDepth(params);
    const found = registry.listOwned().filter((d) => own && d.user === account && tests.every((t) => t(d)));
    // listOwned is sorted by name already: the default order needs no sort
    const byName = (params.ORDERBY || 'DOMAIN').toUpperCase() === 'DOMAIN';
    const rows = byName ? found : orderRows(params, found, DOMAIN_ORDER, 'DOMAIN', (d) => d.domain);
    const page = rows.slice(first, first + limit);
    const props: ResponseProperties = { DOMAIN: page.map((d) => d.domain) };
    if (params.WIDE === '1') Object.assign(props, wideDomainColumns(registry, page));
    if (properties === 'RENEWALPRICE') {
      const prices = page.map((d) => formatCents(registry.account.priceCents(tldOf(d.domain), 'renew')));
      // the sandbox charges no VAT: the gross price is the net price
      props.RENEWALPRICE = prices;
      props.RENEWALGROSSPRICE = prices;
      props.VAT = page.map(() => '0');
      props.CURRENCY = page.map(() => ACCOUNT_CURRENCY);
    }
    return pagedList(props, { first, limit, count: page.length, total: rows.length });
  },
};

/** QueryDomainList's WIDE=1 columns, one cell per domain. */
function wideDomainColumns(registry: IspapiRegistry, page: OwnedDomain[]): ResponseProperties {
  const props: ResponseProperties = {};
  const dates = page.map((d) => registry.dates(d));
  const date = (pick: (x: DateModel) => Date) => dates.map((x) => formatApiDate(pick(x)));
  props.DOMAINSTATUS = page.map((d) => statusesOf(d).join(' '));
  props.DOMAINCREATEDDATE = page.map((d) => formatApiDate(d.createdAt));
  props.DOMAINUPDATEDDATE = page.map((d) => formatApiDate(d.updatedAt));
  props.DOMAINEXPIRATIONDATE = date((x) => x.expiration);
  props.DOMAINREGISTRATIONEXPIRATIONDATE = date((x) => x.expiration);
  props.DOMAINPAIDUNTILDATE = date((x) => x.paidUntil);
  props.DOMAINACCOUNTINGDATE = date((x) => x.accounting);
  props.DOMAINFINALIZATIONDATE = date((x) => x.finalization);
  props.DOMAINFAILUREDATE = date((x) => x.failure);
  props.DOMAINRENEWALMODE = page.map((d) => LIST_RENEWAL_MODE[d.renewalMode]);
  const next = page.map((d, i) => nextAction(d, dates[i]!));
  props.DOMAINNEXTACTION = next.map((n) => String(n.NEXTACTION?.[0] ?? ''));
  props.DOMAINNEXTACTIONDATE = next.map((n) => String(n.NEXTACTIONDATE?.[0] ?? ''));
  props.DOMAINTRANSFERLOCK = page.map((d) => (d.transferLock ? 1 : 0));
  for (let n = 0; n < LIST_NAMESERVERS; n++) {
    const column = page.map((d) => d.nameservers[n] ?? '');
    if (column.some((ns) => ns !== '')) props[`DOMAINNAMESERVER${n}`] = column;
  }
  for (const role of CONTACT_ROLES) props[`DOMAIN${role}`] = page.map((d) => d.contacts[role]);
  props.DOMAINAUTH = page.map((d) => d.authCode);
  props.DOMAINSUBCLASS = page.map((d) => tldOf(d.domain).toUpperCase());
  props.DOMAINREPOSITORY = page.map((d) => repositoryOf(d.domain));
  props['X-ACCEPT-WHOISTRUSTEE-TAC'] = page.map((d) => (d.privacy ? 1 : 0));
  props.USER = page.map((d) => d.user);
  return props;
}

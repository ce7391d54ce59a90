import {
  CommandFault,
  formatApiDate,
  statusesOf,
  tldOf,
  type DateModel,
  type RenewalMode,
  type ResponseProperties,
} from '../registry';
import { type CommandSpec } from './params';
import { OK, nextAction, pagedList, domainPattern, dateBound, intParam } from './helpers';

/** Lists and the object log (spec 1.4, 2.14): QueryObjectLogList, StatusObjectLog, QueryObjectList, QueryDomainList. */

export const queryObjectLogList: CommandSpec = {
  name: 'QueryObjectLogList',
  handle: ({ registry, params }) => {
    const eq = (a: string | undefined, b: string): boolean => !a || a.toLowerCase() === b.toLowerCase();
    const min = dateBound(params.MINDATE, false);
    const max = dateBound(params.MAXDATE, true);
    const first = intParam(params, 'FIRST', 0, Number.MAX_SAFE_INTEGER);
    const limit = intParam(params, 'LIMIT', 1000, 10000);
    const order = (params.ORDERBY || 'LOGINDEX').toUpperCase();
    const rows = registry
      .objectLog()
      .filter((e) => {
        const date = formatApiDate(e.date);
        return (
          eq(params.OBJECTCLASS, e.objectClass) &&
          eq(params.OBJECTID, e.objectId) &&
          eq(params.OPERATIONTYPE, e.type) &&
          eq(params.OPERATIONSTATUS, e.status) &&
          (!min || date >= min) &&
          (!max || date <= max)
        );
      })
      .sort((a, b) => {
        const byDate = a.date.getTime() - b.date.getTime() || a.index - b.index;
        if (order === 'LOGDATEDESC') return -byDate;
        if (order === 'LOGDATE') return byDate;
        if (order === 'LOGINDEXDESC') return b.index - a.index;
        return a.index - b.index;
      });
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
    const found = rows.filter((r) => (!cls || cls.test(r.cls.toLowerCase())) && (!id || id.test(r.id)));
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

/** v1 list renewal modes (spec 2.14): renew / expire / delete. */
const LIST_RENEWAL_MODE: Record<RenewalMode, string> = {
  AUTORENEW: 'renew',
  AUTOEXPIRE: 'expire',
  AUTODELETE: 'delete',
};
const LIST_NAMESERVERS = 13;

/**
 * The account's domains (spec 2.14, QueryDomainList v1): DOMAIN (a pattern with *), ORDERBY
 * DOMAIN(DESC) | EXPIRATIONDATE(DESC), FIRST / LIMIT paging with COUNT and TOTAL. WIDE=1 adds the
 * DOMAIN-prefixed columns (dates, status, renewal mode, lock, DOMAINNAMESERVER0.. with empty cells
 * so the columns stay parallel, X-ACCEPT-WHOISTRUSTEE-TAC) and, like the real API, DOMAINAUTH.
 */
export const queryDomainList: CommandSpec = {
  name: 'QueryDomainList',
  handle: ({ registry, params, account }) => {
    const pattern = params.DOMAIN ? domainPattern(params.DOMAIN) : undefined;
    const first = intParam(params, 'FIRST', 0, Number.MAX_SAFE_INTEGER);
    const limit = intParam(params, 'LIMIT', 1000, 10000);
    const order = (params.ORDERBY || 'DOMAIN').toUpperCase();
    if (!['DOMAIN', 'DOMAINDESC', 'EXPIRATIONDATE', 'EXPIRATIONDATEDESC'].includes(order)) {
      throw new CommandFault(505, `Invalid attribute value syntax; ORDERBY (${params.ORDERBY})`);
    }
    let rows = registry.listOwned().filter((d) => d.user === account && (!pattern || pattern.test(d.domain)));
    if (order.startsWith('EXPIRATIONDATE')) rows.sort((a, b) => a.expiresAt.getTime() - b.expiresAt.getTime());
    if (order.endsWith('DESC')) rows = rows.reverse();
    const page = rows.slice(first, first + limit);
    const props: ResponseProperties = { DOMAIN: page.map((d) => d.domain) };
    if (params.WIDE === '1') {
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
      props.DOMAINAUTH = page.map((d) => d.authCode);
      props.DOMAINSUBCLASS = page.map((d) => tldOf(d.domain).toUpperCase());
      props['X-ACCEPT-WHOISTRUSTEE-TAC'] = page.map((d) => (d.privacy ? 1 : 0));
      props.USER = page.map((d) => d.user);
    }
    return pagedList(props, { first, limit, count: page.length, total: rows.length });
  },
};

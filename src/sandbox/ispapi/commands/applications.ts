import { domainToUnicode } from 'node:url';
import { createDomain } from './domains';
import { parseSwissUid } from '../../../domain/swiss-uid';
import {
  CONTACT_ROLES,
  CommandFault,
  formatApiDate,
  normalizeDomain,
  tldOf,
  type ContactRole,
  type DomainApplication,
  type IspapiRegistry,
  type PendingDrop,
  type ResponseProperties,
} from '../registry';
import { orderRows, ownRowsAtDepth, patternParam, rangeParam, regexParam } from './list-params';
import {
  contactsParam,
  domainParam,
  extrasParam,
  indexed,
  PRIVACY_KEY,
  type CommandContext,
  type CommandSpec,
} from './params';
import { OK, nameserversParam, periodParam, pagedList, domainPattern, dateBound, intParam } from './helpers';

/** Applications and the drop list (spec 2.10, 3.5, 3.8): AddDomainApplication (backorder, .swiss go-live), StatusDomainApplication, QueryDomainApplicationList, QueryDomainPendingDeleteList. */

/** Parameters an application takes nowhere (spec 3.5: the modules drop them for GOLIVE). */
function refuseRegistrationOnlyParams(params: Record<string, string>): void {
  for (const key of [PRIVACY_KEY, 'TRANSFERLOCK']) {
    if (params[key] !== undefined) throw new CommandFault(541, `Invalid attribute value; ${key} not supported`);
  }
  if (params.INTERNALDNS !== undefined) throw new CommandFault(503, 'Invalid attribute name; INTERNALDNS');
}

/** All four roles of an application, admin/tech/billing defaulting as AddDomain does. */
function applicationContacts(registry: IspapiRegistry, params: Record<string, string>): Record<ContactRole, string> {
  const given = contactsParam(registry, params, true);
  const owner = given.OWNERCONTACT;
  if (!owner) throw new CommandFault(504, 'Missing required attribute; TOO FEW OWNER CONTACTS');
  return {
    OWNERCONTACT: owner,
    ADMINCONTACT: given.ADMINCONTACT ?? owner,
    TECHCONTACT: given.TECHCONTACT ?? given.ADMINCONTACT ?? owner,
    BILLINGCONTACT: given.BILLINGCONTACT ?? given.ADMINCONTACT ?? owner,
  };
}

/**
 * CLASS=BACKORDER (spec 2.10, 3.8): resolved to <TLD>_BACKORDER, STATUS REQUESTED. Every call
 * places a new application (the addon always sends NEW=1), so the caller must look for its own
 * first. Free to place, but the reseller account must be able to pay the catch (546 otherwise).
 */
function backorderApplication(ctx: CommandContext): DomainApplication {
  const { registry, params, account } = ctx;
  const domain = domainParam(params);
  if (registry.isUnsupportedTld(domain)) throw new CommandFault(549, 'Command failed; TLD not supported');
  if (registry.ownedDomain(domain)) {
    throw new CommandFault(540, 'Attribute value is not unique; DOMAIN is already assigned to your account');
  }
  const contacts = applicationContacts(registry, params);
  registry.account.assertCanPay(registry.account.priceCents(tldOf(domain), 'backorder'));
  return registry.addApplication({
    domain,
    kind: 'BACKORDER',
    contacts,
    nameservers: nameserversParam(params) ?? [],
    periodMonths: periodParam(params, 12, false),
    extras: extrasParam(params),
    user: account,
  });
}

/**
 * CLASS=GOLIVE for .swiss (spec 3.5): needs the registrant's UID (X-SWISS-UID) and
 * X-CORE-INTENDED-USE; the registry decides weeks later.
 * The registration is charged when the registry approves.
 */
function goliveApplication(ctx: CommandContext): DomainApplication {
  const { registry, params, account } = ctx;
  const domain = domainParam(params);
  if (tldOf(domain) !== 'swiss') {
    throw new CommandFault(541, `Invalid attribute value; CLASS=${params.CLASS} is not available for ${domain}`);
  }
  if (registry.isRegistered(domain)) throw new CommandFault(554, 'Object already registered');
  if (registry.isReserved(domain)) throw new CommandFault(541, 'Invalid attribute value; DOMAIN is reserved');
  // The module-era X-SWISS-REGISTRANT-ENTERPRISE-ID is not on the reference page: 503 before here.
  const uidKey = 'X-SWISS-UID';
  const uid = params[uidKey] ?? '';
  if (uid === '') throw new CommandFault(504, 'Missing required attribute; X-SWISS-UID');
  const parsed = parseSwissUid(uid);
  if (!parsed.ok) throw new CommandFault(505, `Invalid attribute value syntax; ${uidKey} (${uid}) ${parsed.rule}`);
  if (!params['X-CORE-INTENDED-USE']) throw new CommandFault(504, 'Missing required attribute; X-CORE-INTENDED-USE');
  const periodMonths = periodParam(params, 12, false);
  const nameservers = nameserversParam(params) ?? [];
  const contacts = applicationContacts(registry, params);
  registry.account.assertCanPay(registry.account.priceCents('swiss', 'register', periodMonths));
  return registry.addApplication({
    domain,
    kind: 'GOLIVE',
    contacts,
    nameservers,
    periodMonths,
    extras: extrasParam(params),
    user: account,
  });
}

/** A period as the API writes it: whole years as NY, else NM. */
function periodWord(months: number): string {
  return months % 12 === 0 ? `${months / 12}Y` : `${months}M`;
}

/**
 * The Min-1 properties both application answers carry that the sandbox has no own data for, as in
 * the reference pages' examples: the account's login as USER and creator, no SMD, no .eu language.
 * AddDomainApplication's page spells the updater UPDATEBY, StatusDomainApplication's UPDATEDBY.
 */
function applicationAccountProperties(
  domain: string,
  user: string,
  auth: string,
  updatedBy: 'UPDATEBY' | 'UPDATEDBY',
): ResponseProperties {
  return {
    AUTH: [auth],
    DOMAINUMLAUT: [domainToUnicode(domain)],
    USER: [user],
    CREATEDBY: [user],
    [updatedBy]: [user],
    PEERUSER: [''],
    SMD: [''],
    'X-EU-REGISTRANT-LANG': [''],
  };
}

function applicationProperties(
  app: DomainApplication,
  updatedBy: 'UPDATEBY' | 'UPDATEDBY' = 'UPDATEDBY',
): ResponseProperties {
  const props: ResponseProperties = {
    ...applicationAccountProperties(app.domain, app.user, '', updatedBy),
    APPLICATION: [app.id],
    CLASS: [app.cls],
    SUBCLASS: [app.cls],
    DOMAIN: [app.domain],
    STATUS: [app.status],
    CREATEDDATE: [formatApiDate(app.createdAt)],
    UPDATEDDATE: [formatApiDate(app.updatedAt)],
    PERIOD: [periodWord(app.periodMonths)],
    OWNERCONTACT: [app.contacts.OWNERCONTACT],
    ADMINCONTACT: [app.contacts.ADMINCONTACT],
    TECHCONTACT: [app.contacts.TECHCONTACT],
    BILLINGCONTACT: [app.contacts.BILLINGCONTACT],
    NAMESERVER: app.nameservers,
  };
  // The TLD fields sent (X-SWISS-UID, X-CORE-INTENDED-USE ...) are not echoed: neither page lists them.
  if (app.auction) {
    props['AUCTION-STATUS'] = [app.auction.ended ? 'ENDED' : 'RUNNING'];
    props['AUCTION-URL'] = [app.auction.url];
    props['AUCTION-CURRENCY'] = ['USD'];
    props['AUCTION-PRICE'] = [''];
    props['AUCTION-BESTBID'] = [''];
    props['AUCTION-STARTDATE'] = [formatApiDate(app.auction.startedAt)];
    props['AUCTION-ENDDATE'] = [formatApiDate(app.auction.endsAt)];
  }
  return props;
}

/**
 * CLASS=BACKORDER and CLASS=GOLIVE (.swiss) become application objects with scriptable outcomes;
 * the premium classes become the domain at once (under the registration policy), as a
 * successful premium purchase ends. Other classes answer 506.
 */
export const addDomainApplication: CommandSpec = {
  name: 'AddDomainApplication',
  required: ['CLASS', 'DOMAIN'],
  handle: (ctx) => {
    const cls = ctx.params.CLASS!;
    const kind = cls.toUpperCase();
    if (kind === 'BACKORDER' || kind === 'GOLIVE' || kind === 'SWISS_GOLIVE' || kind === 'SWISS-GOLIVE') {
      refuseRegistrationOnlyParams(ctx.params);
      const app = kind === 'BACKORDER' ? backorderApplication(ctx) : goliveApplication(ctx);
      return { code: 200, description: OK, properties: applicationProperties(app, 'UPDATEBY') };
    }
    if (!/^(PREMIUM_|AFTERMARKET_PURCHASE_)/i.test(cls)) {
      throw new CommandFault(506, `Invalid option value; CLASS=${cls} is not supported by the sandbox`);
    }
    for (const key of [PRIVACY_KEY, 'TRANSFERLOCK', 'INTERNALDNS']) {
      if (ctx.params[key] !== undefined) throw new CommandFault(541, `Invalid attribute value; ${key} not supported`);
    }
    const record = createDomain(ctx, cls, true);
    return {
      code: 200,
      description: OK,
      properties: {
        APPLICATION: [ctx.registry.newApplicationId()],
        CLASS: [record.premiumClass ?? cls],
        SUBCLASS: [record.premiumClass ?? cls],
        DOMAIN: [record.domain],
        STATUS: [record.lifecycle === 'ACTIVE' ? 'SUCCESSFUL' : 'REQUESTED'],
        CREATEDDATE: [formatApiDate(record.createdAt)],
        // the page's Min-1 properties: the application's period and contacts, as for a backorder
        UPDATEDDATE: [formatApiDate(record.updatedAt)],
        PERIOD: [periodWord(periodParam(ctx.params, 12, false))],
        ...Object.fromEntries(CONTACT_ROLES.map((role) => [role, [record.contacts[role]]])),
        ...applicationAccountProperties(record.domain, record.user, record.authCode, 'UPDATEBY'),
      },
    };
  },
};

/** An application of this account; 545 when unknown or cleaned up (spec 2.10). */
function ownApplication(ctx: CommandContext): DomainApplication {
  const app = ctx.registry.application(ctx.params.APPLICATION ?? '');
  if (!app || app.user !== ctx.account) throw new CommandFault(545, 'Object not found');
  return app;
}

export const statusDomainApplication: CommandSpec = {
  name: 'StatusDomainApplication',
  required: ['APPLICATION'],
  handles: ['APPLICATION'],
  handle: (ctx) => ({ code: 200, description: OK, properties: applicationProperties(ownApplication(ctx)) }),
};

/** QueryDomainApplicationList's ORDERBY words (each also DESC). Applications have no registration
 * expiration date and one registrar (the sandbox): those two keys are equal for every row. */
const APPLICATION_ORDER: Record<string, (a: DomainApplication) => string> = {
  CLASS: (a) => a.cls,
  DOMAIN: (a) => a.domain,
  USER: (a) => a.user,
  CREATEDDATE: (a) => formatApiDate(a.createdAt),
  UPDATEDDATE: (a) => formatApiDate(a.updatedAt),
  REGISTRATIONEXPIRATIONDATE: () => '',
  REGISTRAR: () => 'SYSTEM',
};

/** A PATTERN for a domain: with * a pattern, else the (IDN-normalised) exact name. */
function domainMatcher(value: string, key: string): (domain: string) => boolean {
  if (value.includes('*')) {
    const p = domainPattern(value);
    return (d) => p.test(d);
  }
  const exact = normalizeDomain(value, key);
  return (d) => d === exact;
}

/**
 * Every parameter of the page: DOMAIN (PATTERN) and DOMAIN0.. (any of these names), CLASS /
 * CLASS0.. and STATUS (PATTERNs), DOMAINREGEX, OWNERCONTACT, ORDERBY, USERDEPTH, FIRST / LIMIT;
 * WIDE=1 adds contacts and dates. CLASS is a PATTERN in the reference (type column; its example
 * lists COM_BACKORDER and ASIA_BACKORDER), matched against the whole stored class with * as the
 * wildcard: `*BACKORDER` finds every backorder, an exact `BACKORDER` none.
 */
export const queryDomainApplicationList: CommandSpec = {
  name: 'QueryDomainApplicationList',
  handles: [
    ...['WIDE', 'FIRST', 'LIMIT', 'ORDERBY', 'USERDEPTH', 'CLASS', 'CLASS[]', 'STATUS'],
    ...['DOMAIN', 'DOMAIN[]', 'DOMAINREGEX', 'OWNERCONTACT'],
  ],
  handle: ({ registry, params, account }) => {
    const tests: Array<(a: DomainApplication) => boolean> = [];
    if (params.DOMAIN) {
      const fits = domainMatcher(params.DOMAIN, 'DOMAIN');
      tests.push((a) => fits(a.domain));
    }
    const domains = indexed(params, 'DOMAIN')
      .filter((e) => e.value !== '')
      .map((e) => normalizeDomain(e.value, e.key));
    if (domains.length > 0) tests.push((a) => domains.includes(a.domain));
    const classes = [params.CLASS, ...indexed(params, 'CLASS').map((e) => e.value)]
      .filter((c): c is string => Boolean(c))
      .map((c) => domainPattern(c));
    if (classes.length > 0) tests.push((a) => classes.some((c) => c.test(a.cls.toLowerCase())));
    const status = patternParam(params, 'STATUS');
    if (status) tests.push((a) => status.test(a.status.toLowerCase()));
    const regex = regexParam(params, 'DOMAINREGEX');
    if (regex) tests.push((a) => regex.test(a.domain));
    const owner = params.OWNERCONTACT;
    if (owner) tests.push((a) => a.contacts.OWNERCONTACT === owner);
    const first = intParam(params, 'FIRST', 0, Number.MAX_SAFE_INTEGER);
    const limit = intParam(params, 'LIMIT', 1000, 10000);
    const own = ownRowsAtDepth(params);
    const found = registry.listApplications().filter((a) => own && a.user === account && tests.every((t) => t(a)));
    // without ORDERBY: in the order they were placed
    const rows = params.ORDERBY ? orderRows(params, found, APPLICATION_ORDER, 'DOMAIN', (a) => Number(a.id)) : found;
    const page = rows.slice(first, first + limit);
    const props: ResponseProperties = {
      APPLICATION: page.map((a) => a.id),
      CLASS: page.map((a) => a.cls),
      STATUS: page.map((a) => a.status),
      DOMAIN: page.map((a) => a.domain),
    };
    if (params.WIDE === '1') {
      props.SUBCLASS = page.map((a) => a.cls);
      props.CREATEDDATE = page.map((a) => formatApiDate(a.createdAt));
      props.UPDATEDDATE = page.map((a) => formatApiDate(a.updatedAt));
      for (const role of CONTACT_ROLES) props[role] = page.map((a) => a.contacts[role]);
    }
    return pagedList(props, { first, limit, count: page.length, total: rows.length });
  },
};

/** The drop list's ORDERBY words (each also DESC, and RANDOM); DELETIONDAY is FINALIZATIONDATE's day. */
const DROP_ORDER: Record<string, (d: PendingDrop) => string | number> = {
  NAME: (d) => d.domain,
  DELETIONDAY: (d) => formatApiDate(d.dropAt).slice(0, 10),
  FINALIZATIONDATE: (d) => d.dropAt.getTime(),
  SCORE: (d) => d.score,
};

/** ORDERBY=RANDOM: a fresh random key per row and call (one key per row, so the sort is consistent). */
function randomOrder(): (d: PendingDrop) => number {
  const keys = new Map<string, number>();
  return (d) => keys.get(d.domain) ?? keys.set(d.domain, Math.random()).get(d.domain)!;
}

/** An indexed filter (ZONE0.., LENGTH0..): undefined when none is sent, else "any of these values". */
function anyOf<T>(params: Record<string, string>, prefix: string, read: (value: string, key: string) => T): T[] {
  return indexed(params, prefix)
    .filter((e) => e.value !== '')
    .map((e) => read(e.value, e.key));
}

/** The label filters of the drop list: the name without its zone. */
function labelFilters(params: Record<string, string>): Array<(label: string) => boolean> {
  const tests: Array<(label: string) => boolean> = [];
  const keywords = anyOf(params, 'KEYWORD', (v) => v.toLowerCase());
  const match = (params.KEYWORDMATCH || 'ANY').toUpperCase();
  const all = (params.KEYWORDCATENATION || 'OR').toUpperCase() === 'AND';
  const keywordFits = (label: string, k: string): boolean =>
    match === 'BEGIN' ? label.startsWith(k) : match === 'END' ? label.endsWith(k) : label.includes(k);
  if (keywords.length > 0) {
    tests.push((l) => (all ? keywords.every((k) => keywordFits(l, k)) : keywords.some((k) => keywordFits(l, k))));
  }
  const lengths = anyOf(params, 'LENGTH', (v, key) => rangeParam(key, v, 1, 20));
  if (lengths.length > 0) tests.push((l) => lengths.some((fits) => fits([...domainToUnicode(l)].length)));
  const rules: Record<string, (label: string) => boolean> = {
    NOHYPHENS: (l) => !l.includes('-'),
    NONUMBERS: (l) => !/[0-9]/.test(l),
    NOIDNS: (l) => !l.startsWith('xn--'),
  };
  for (const word of anyOf(params, 'FILTER', (v) => v.toUpperCase())) tests.push(rules[word]!);
  const regex = regexParam(params, 'REGEXP');
  if (regex) tests.push((l) => regex.test(l));
  return tests;
}

/**
 * The drop list, every parameter of the reference page: KEYWORD0.. matched against the label (the
 * name without its zone) per KEYWORDMATCH BEGIN | END | ANY (default ANY), several joined by
 * KEYWORDCATENATION AND | OR (default OR); LENGTH0.. / SCORE0.. (N or N-M), FILTER0.. (NOHYPHENS,
 * NONUMBERS, NOIDNS), REGEXP on the label; ZONE0.., DELETIONDAY0.. (days), FINALIZATIONDATE0..
 * (days or exact times), MIN/MAXFINALIZATIONDATE; ORDERBY NAME | DELETIONDAY | FINALIZATIONDATE |
 * SCORE (each also DESC) | RANDOM, default FINALIZATIONDATE. FINALIZATIONDATE is the drop
 * date-time, UTC. Several values of one indexed filter: any of them; different filters: all.
 */
export const queryDomainPendingDeleteList: CommandSpec = {
  name: 'QueryDomainPendingDeleteList',
  handles: [
    ...['KEYWORD[]', 'KEYWORDCATENATION', 'KEYWORDMATCH', 'ZONE[]', 'DELETIONDAY[]', 'FINALIZATIONDATE[]'],
    ...['MINFINALIZATIONDATE', 'MAXFINALIZATIONDATE', 'LENGTH[]', 'SCORE[]', 'FILTER[]', 'ORDERBY'],
    ...['LIMIT', 'FIRST', 'REGEXP'],
  ],
  handle: ({ registry, params }) => {
    const zones = anyOf(params, 'ZONE', (z) => z.toLowerCase().replace(/^\./, ''));
    const labelTests = labelFilters(params);
    const scores = anyOf(params, 'SCORE', (v, key) => rangeParam(key, v, 1, 10));
    const days = anyOf(params, 'DELETIONDAY', (v) => v);
    // FINALIZATIONDATE0..: a DATE matches the day, a DATETIME the exact drop time
    const finalizations = anyOf(params, 'FINALIZATIONDATE', (v) => (date: string) => date.startsWith(v));
    const min = dateBound(params.MINFINALIZATIONDATE, false);
    const max = dateBound(params.MAXFINALIZATIONDATE, true);
    const first = intParam(params, 'FIRST', 0, Number.MAX_SAFE_INTEGER);
    const limit = intParam(params, 'LIMIT', 1000, 10000);
    const found = registry.pendingDrops().filter((d) => {
      const date = formatApiDate(d.dropAt);
      const zone = tldOf(d.domain);
      const label = d.domain.slice(0, d.domain.length - zone.length - 1);
      return (
        (zones.length === 0 || zones.includes(zone)) &&
        labelTests.every((t) => t(label)) &&
        (scores.length === 0 || scores.some((fits) => fits(d.score))) &&
        (days.length === 0 || days.includes(date.slice(0, 10))) &&
        (finalizations.length === 0 || finalizations.some((fits) => fits(date))) &&
        (!min || date >= min) &&
        (!max || date <= max)
      );
    });
    const rows = orderRows(
      params,
      found,
      { ...DROP_ORDER, RANDOM: randomOrder() },
      'FINALIZATIONDATE',
      (d) => d.domain,
    );
    const page = rows.slice(first, first + limit);
    return {
      code: 200,
      description: OK,
      properties: {
        DOMAIN: page.map((d) => d.domain),
        FINALIZATIONDATE: page.map((d) => formatApiDate(d.dropAt)),
        SUBCLASS: page.map((d) => tldOf(d.domain).toUpperCase().replace(/\./g, '-')),
        SCORE: page.map((d) => d.score),
        COUNT: [page.length],
        FIRST: [first],
        LAST: [Math.max(first, first + page.length - 1)],
        LIMIT: [limit],
        TOTAL: [rows.length],
      },
    };
  },
};

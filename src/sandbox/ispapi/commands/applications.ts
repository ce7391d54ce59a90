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
  type ResponseProperties,
} from '../registry';
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
    PERIOD: [`${app.periodMonths / 12}Y`],
    OWNERCONTACT: [app.contacts.OWNERCONTACT],
    ADMINCONTACT: [app.contacts.ADMINCONTACT],
    TECHCONTACT: [app.contacts.TECHCONTACT],
    BILLINGCONTACT: [app.contacts.BILLINGCONTACT],
    NAMESERVER: app.nameservers,
  };
  for (const [key, value] of Object.entries(app.extras)) props[key] = [value];
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
  handle: (ctx) => ({ code: 200, description: OK, properties: applicationProperties(ownApplication(ctx)) }),
};

/**
 * DOMAIN / DOMAIN0.., CLASS / CLASS0.., STATUS; WIDE=1 adds contacts and dates. CLASS is a PATTERN
 * in the reference (type column; its example lists COM_BACKORDER and ASIA_BACKORDER), matched
 * against the whole stored class with * as the wildcard: `*BACKORDER` finds every backorder, an
 * exact `BACKORDER` none.
 */
export const queryDomainApplicationList: CommandSpec = {
  name: 'QueryDomainApplicationList',
  handle: ({ registry, params, account }) => {
    const domains = indexed(params, 'DOMAIN').map((e) => normalizeDomain(e.value, e.key));
    if (params.DOMAIN) domains.push(domainParam(params));
    const classes = [params.CLASS, ...indexed(params, 'CLASS').map((e) => e.value)]
      .filter((c): c is string => Boolean(c))
      .map((c) => domainPattern(c));
    const status = (params.STATUS ?? '').toUpperCase();
    const first = intParam(params, 'FIRST', 0, Number.MAX_SAFE_INTEGER);
    const limit = intParam(params, 'LIMIT', 1000, 10000);
    const rows = registry
      .listApplications()
      .filter(
        (a) =>
          a.user === account &&
          (domains.length === 0 || domains.includes(a.domain)) &&
          (classes.length === 0 || classes.some((c) => c.test(a.cls.toLowerCase()))) &&
          (status === '' || a.status === status),
      );
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

/**
 * The drop list (reference page): KEYWORD0.. matched against the label (the name without its zone)
 * per KEYWORDMATCH BEGIN | END | ANY (default ANY), several joined by KEYWORDCATENATION AND | OR
 * (default OR); ZONE0.., MIN/MAXFINALIZATIONDATE; ORDERBY NAME | FINALIZATIONDATE | SCORE (each
 * also DESC; default FINALIZATIONDATE). FINALIZATIONDATE is the drop date-time, UTC.
 */
export const queryDomainPendingDeleteList: CommandSpec = {
  name: 'QueryDomainPendingDeleteList',
  handle: ({ registry, params }) => {
    const zones = indexed(params, 'ZONE')
      .map((e) => e.value)
      .filter((z) => z !== '')
      .map((z) => z.toLowerCase().replace(/^\./, ''));
    const keywords = indexed(params, 'KEYWORD')
      .map((e) => e.value.toLowerCase())
      .filter((k) => k !== '');
    const match = (params.KEYWORDMATCH || 'ANY').toUpperCase();
    const all = (params.KEYWORDCATENATION || 'OR').toUpperCase() === 'AND';
    const keywordFits = (label: string, k: string): boolean =>
      match === 'BEGIN' ? label.startsWith(k) : match === 'END' ? label.endsWith(k) : label.includes(k);
    const labelFits = (label: string): boolean =>
      keywords.length === 0 ||
      (all ? keywords.every((k) => keywordFits(label, k)) : keywords.some((k) => keywordFits(label, k)));
    const min = dateBound(params.MINFINALIZATIONDATE, false);
    const max = dateBound(params.MAXFINALIZATIONDATE, true);
    const first = intParam(params, 'FIRST', 0, Number.MAX_SAFE_INTEGER);
    const limit = intParam(params, 'LIMIT', 1000, 10000);
    const order = (params.ORDERBY || 'FINALIZATIONDATE').toUpperCase();
    const rows = registry
      .pendingDrops()
      .filter((d) => {
        const date = formatApiDate(d.dropAt);
        const zone = tldOf(d.domain);
        return (
          (zones.length === 0 || zones.includes(zone)) &&
          labelFits(d.domain.slice(0, d.domain.length - zone.length - 1)) &&
          (!min || date >= min) &&
          (!max || date <= max)
        );
      })
      .sort((a, b) => {
        const byName = a.domain < b.domain ? -1 : a.domain > b.domain ? 1 : 0;
        if (order === 'NAME' || order === 'NAMEDESC') return order === 'NAME' ? byName : -byName;
        if (order === 'SCORE' || order === 'SCOREDESC')
          return order === 'SCORE' ? a.score - b.score : b.score - a.score;
        const byDate = a.dropAt.getTime() - b.dropAt.getTime();
        return order === 'FINALIZATIONDATEDESC' ? -byDate : byDate;
      });
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

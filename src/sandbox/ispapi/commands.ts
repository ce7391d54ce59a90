import { needsPayRenewal } from '../../domain/lifecycle';
import { parseSwissUid } from '../../domain/swiss-uid';
import { isSecretCommandKey } from '../../registrars/ispapi/codes';
import { decodeCommand, type ResponseShape } from '../../registrars/ispapi/wire';
import {
  ACCOUNT_DEFAULT_RENEWAL_MODE,
  CONTACT_ROLES,
  CommandFault,
  formatApiDate,
  normalizeDomain,
  normalizeNameserver,
  RENEWAL_MODES,
  statusesOf,
  tldOf,
  type ContactRole,
  type DateModel,
  type DomainApplication,
  type RenewalMode,
  type IspapiRegistry,
  type OwnedDomain,
  type ResponseProperties,
} from './registry';
import {
  contactsParam,
  domainParam,
  extrasParam,
  flagParam,
  indexed,
  loggedCall,
  PRIVACY_KEY,
  type CommandContext,
  type CommandSpec,
} from './params';
import { validateParameters } from './reference';
import { contactUpdate, TRADE_COMMANDS, tradeStatusProperties } from './trade-commands';

/**
 * One ISPAPI call from form fields to response: entity, credentials, role ACL, then the command.
 * Handlers are synchronous over the in-memory registry, so a call is atomic.
 */

export interface SandboxAccount {
  login: string;
  password: string;
  roles?: Record<string, { password: string; commands?: string[] }>;
}

export interface CallOutcome {
  response: ResponseShape;
  /** canonical command name when known, else as sent */
  command: string;
  /** command parameters without COMMAND, secrets masked */
  params: Record<string, string>;
  login: string;
}

const OK = 'Command completed successfully';
const VALID_ENTITIES = new Set(['54cd', '1234']);
const MAX_NAMESERVERS = 13;

export function handleCall(registry: IspapiRegistry, accounts: SandboxAccount[], form: URLSearchParams): CallOutcome {
  const login = form.get('s_login') ?? '';
  const commandText = form.get('s_command');
  // The docs FAQ shows `command=statusaccount` as a plain form field: then every non-s_ field is a parameter.
  const raw =
    commandText !== null
      ? decodeCommand(commandText)
      : Object.fromEntries(
          [...form.entries()]
            .filter(([k]) => !k.toLowerCase().startsWith('s_'))
            .map(([k, v]) => [k.trim().toUpperCase(), v.trim()]),
        );
  const sentName = raw.COMMAND ?? '';
  const spec = COMMANDS.get(sentName.toLowerCase());
  const params: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (key !== 'COMMAND') params[key] = isSecretCommandKey(key) ? '***' : value;
  }
  const outcome = (response: ResponseShape): CallOutcome => ({
    response,
    command: spec?.name ?? sentName,
    params,
    login,
  });

  if (!VALID_ENTITIES.has(form.get('s_entity') ?? ''))
    return outcome({ code: 502, description: 'Invalid entity value' });
  const authFailed = outcome({ code: 530, description: 'Authentication failed' });
  const [accountLogin = '', role, ...rest] = login.split('!');
  const account = accounts.find((a) => a.login === accountLogin);
  const password = form.get('s_pw') ?? '';
  if (!account || rest.length > 0) return authFailed;
  const roleSpec = role === undefined ? undefined : account.roles?.[role];
  if (role !== undefined && !roleSpec) return authFailed;
  if ((roleSpec ? roleSpec.password : account.password) !== password) return authFailed;

  if (!spec) return outcome({ code: 500, description: 'Invalid command name' });
  if (roleSpec?.commands && !roleSpec.commands.some((c) => c.toLowerCase() === spec.name.toLowerCase())) {
    return outcome({ code: 531, description: 'Authorization failed; Operation forbidden by ACL' });
  }
  registry.settle();
  try {
    // The command's page in HEXONET's reference decides which names, values and required
    // parameters the API takes (503 / 505 / 504), before the handler's own rules.
    validateParameters(spec.name, raw);
    for (const key of spec.required ?? []) {
      if ((raw[key] ?? '') === '') return outcome({ code: 504, description: `Missing required attribute; ${key}` });
    }
    return outcome(spec.handle({ registry, params: raw, login, account: account.login }));
  } catch (err) {
    if (err instanceof CommandFault) {
      return outcome({ code: err.code, description: err.description, properties: err.properties });
    }
    throw err;
  }
}

// ---- parameter helpers ------------------------------------------------------------------------

/** NAMESERVER0..12; empty values are skipped (modules send `NAMESERVER4=`). undefined: none sent. */
function nameserversParam(params: Record<string, string>, prefix = 'NAMESERVER'): string[] | undefined {
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
function periodParam(params: Record<string, string>, fallbackMonths: number, allowZero: boolean): number {
  const value = params.PERIOD;
  if (value === undefined || value === '') return fallbackMonths;
  const m = /^(\d{1,2})(Y|M)?$/.exec(value);
  const months = m ? Number(m[1]) * (m[2] === 'M' ? 1 : 12) : NaN;
  if (!Number.isFinite(months) || months > 120 || (months === 0 && !allowZero)) {
    throw new CommandFault(505, `Invalid attribute value syntax; PERIOD (${value})`);
  }
  return months;
}

function repositoryOf(domain: string): string {
  return `${tldOf(domain).toUpperCase().replace(/\./g, '-')}-1API`;
}

/** NEXTACTION (spec 2.13): finalize a paid renewal, else pay (AUTORENEW) or expire/delete on FAILUREDATE. */
function nextAction(d: OwnedDomain, dates: DateModel): ResponseProperties {
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

function ownedDomainProperties(registry: IspapiRegistry, d: OwnedDomain): ResponseProperties {
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

// ---- commands ---------------------------------------------------------------------------------

const statusAccount: CommandSpec = {
  name: 'StatusAccount',
  handle: ({ registry }) => {
    const status = registry.account.status();
    return {
      code: 200,
      description: OK,
      properties: {
        AMOUNT: [status.amount],
        CREDIT: [status.credit],
        CURRENCY: [status.currency],
        DEPOSIT: ['0.00'],
        VAT: ['0.00'],
      },
    };
  },
};

const checkAuthentication: CommandSpec = {
  name: 'CheckAuthentication',
  handle: () => ({ code: 200, description: OK }),
};

const checkDomains: CommandSpec = {
  name: 'CheckDomains',
  handle: ({ registry, params }) => {
    const names = indexed(params, 'DOMAIN').map((e) => e.value);
    if (names.length === 0 && params.DOMAIN) names.push(params.DOMAIN);
    if (names.length === 0) throw new CommandFault(504, 'Missing required attribute; DOMAIN0');
    // Premium prices come only with PREMIUMCHANNELS (the modules send PREMIUMCHANNELS=*).
    const withPrices = params.PREMIUMCHANNELS !== undefined;
    const rows = names.map((name) => {
      const row = { check: '', reason: '', cls: '', channel: '', price: '', currency: '' };
      let domain: string;
      try {
        domain = normalizeDomain(name);
      } catch {
        return { ...row, check: '549 Invalid domain name' };
      }
      if (registry.isUnsupportedTld(domain)) {
        return { ...row, check: '549 Command failed', reason: 'TLD not supported' };
      }
      if (registry.isRegistered(domain)) return { ...row, check: '211 Domain name not available' };
      if (registry.isReserved(domain)) {
        return { ...row, check: '211 Domain name not available', reason: 'Reserved domain name', cls: 'RESERVED' };
      }
      const offer = registry.premiumOffer(domain);
      if (offer) {
        return {
          ...row,
          check: '211 Premium Domain name available',
          reason: 'Premium Domain name',
          cls: offer.class,
          channel: withPrices ? offer.channel : '',
          price: withPrices ? offer.amount : '',
          currency: withPrices ? offer.currency : '',
        };
      }
      return { ...row, check: '210 Available' };
    });
    return {
      code: 200,
      description: OK,
      properties: {
        DOMAINCHECK: rows.map((r) => r.check),
        REASON: rows.map((r) => r.reason),
        CLASS: rows.map((r) => r.cls),
        [registry.premiumChannelProperty]: rows.map((r) => r.channel),
        PRICE: rows.map((r) => r.price),
        CURRENCY: rows.map((r) => r.currency),
      },
    };
  },
};

function renewalModeParam(params: Record<string, string>): RenewalMode | undefined {
  const value = (params.RENEWALMODE ?? '').toUpperCase();
  if (value === '' || value === 'DEFAULT') return undefined;
  if (!(RENEWAL_MODES as readonly string[]).includes(value)) {
    throw new CommandFault(505, `Invalid attribute value syntax; RENEWALMODE (${params.RENEWALMODE})`);
  }
  return value as RenewalMode;
}

/** PRICE/CURRENCY must be the quoted premium price: a changed price is never bought silently. */
function checkPremiumPrice(params: Record<string, string>, amount: string, currency: string): void {
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

/**
 * The registration rules AddDomain and AddDomainApplication share. `premiumClass` is the CLASS the
 * caller sent (AddDomainApplication always sends one). An application takes no RENEWALMODE: the
 * domain it becomes gets the account default (AUTORENEW) until SetDomainRenewalMode.
 */
function createDomain(ctx: CommandContext, premiumClass: string | undefined, application: boolean): OwnedDomain {
  const { registry, params, account } = ctx;
  const domain = domainParam(params);
  if (registry.isUnsupportedTld(domain)) throw new CommandFault(549, 'Command failed; TLD not supported');
  // Checked before the parameters: a taken name is refused whatever else was sent.
  if (registry.isRegistered(domain)) throw new CommandFault(554, 'Object already registered');
  if (registry.isReserved(domain)) throw new CommandFault(541, 'Invalid attribute value; DOMAIN is reserved');
  const periodMonths = periodParam(params, 12, false);
  const nameservers = nameserversParam(params) ?? [];
  const given = contactsParam(registry, params, true);
  if (!given.OWNERCONTACT) throw new CommandFault(504, 'Missing required attribute; TOO FEW OWNER CONTACTS');
  const offer = registry.premiumOffer(domain);
  let registeredClass: string | undefined;
  if (offer) {
    const aftermarket = `AFTERMARKET_PURCHASE_${offer.channel}`;
    const expected = offer.class || aftermarket;
    const accepted = [offer.class, aftermarket].filter(Boolean).map((c) => c.toUpperCase());
    if (!premiumClass) throw new CommandFault(504, `Missing required attribute; CLASS=${expected}`);
    if (!accepted.includes(premiumClass.toUpperCase())) {
      throw new CommandFault(541, `Invalid attribute value; CLASS (${premiumClass}) expected ${expected}`);
    }
    checkPremiumPrice(params, offer.amount, offer.currency);
    registeredClass = expected;
  } else if (premiumClass) {
    throw new CommandFault(541, `Invalid attribute value; CLASS (${premiumClass}): ${domain} is not a premium name`);
  }
  const extras = extrasParam(params);
  if (tldOf(domain) === 'ca' && !extras['X-CA-LEGALTYPE']) {
    throw new CommandFault(504, 'Missing required attribute; X-CA-LEGALTYPE');
  }
  const owner = given.OWNERCONTACT;
  return registry.register({
    domain,
    periodMonths,
    nameservers,
    transferLock: flagParam(params, 'TRANSFERLOCK') ?? false,
    contacts: {
      OWNERCONTACT: owner,
      ADMINCONTACT: given.ADMINCONTACT ?? owner,
      TECHCONTACT: given.TECHCONTACT ?? given.ADMINCONTACT ?? owner,
      BILLINGCONTACT: given.BILLINGCONTACT ?? given.ADMINCONTACT ?? owner,
    },
    user: account,
    authCode: params.AUTH || undefined,
    renewalMode: application ? undefined : renewalModeParam(params),
    privacy: flagParam(params, PRIVACY_KEY),
    extras,
    premiumClass: registeredClass,
    premiumAmount: offer?.amount,
    command: application ? 'AddDomainApplication' : 'AddDomain',
  });
}

const addDomain: CommandSpec = {
  name: 'AddDomain',
  required: ['DOMAIN'],
  handle: (ctx) => {
    const record = createDomain(ctx, ctx.params.CLASS || undefined, false);
    const dates = ctx.registry.dates(record);
    const pending = record.lifecycle !== 'ACTIVE';
    return {
      code: 200,
      description: pending ? `${OK}; registration pending` : OK,
      pending,
      properties: {
        STATUS: [record.lifecycle],
        CREATEDDATE: [formatApiDate(record.createdAt)],
        REGISTRATIONEXPIRATIONDATE: [formatApiDate(dates.expiration)],
        PAIDUNTILDATE: [formatApiDate(dates.paidUntil)],
        ACCOUNTINGDATE: [formatApiDate(dates.accounting)],
        FINALIZATIONDATE: [formatApiDate(dates.finalization)],
        FAILUREDATE: [formatApiDate(dates.failure)],
      },
    };
  },
};

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

function applicationProperties(app: DomainApplication): ResponseProperties {
  const props: ResponseProperties = {
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
const addDomainApplication: CommandSpec = {
  name: 'AddDomainApplication',
  required: ['CLASS', 'DOMAIN'],
  handle: (ctx) => {
    const cls = ctx.params.CLASS!;
    const kind = cls.toUpperCase();
    if (kind === 'BACKORDER' || kind === 'GOLIVE' || kind === 'SWISS_GOLIVE' || kind === 'SWISS-GOLIVE') {
      refuseRegistrationOnlyParams(ctx.params);
      const app = kind === 'BACKORDER' ? backorderApplication(ctx) : goliveApplication(ctx);
      return { code: 200, description: OK, properties: applicationProperties(app) };
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

const statusDomainApplication: CommandSpec = {
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
const queryDomainApplicationList: CommandSpec = {
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
const queryDomainPendingDeleteList: CommandSpec = {
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
        ZONE: page.map((d) => tldOf(d.domain)),
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

/** A contact handle's data (spec 2.14), as the inline data that created it. */
const statusContact: CommandSpec = {
  name: 'StatusContact',
  required: ['CONTACT'],
  handle: ({ registry, params }) => {
    const fields = registry.contact(params.CONTACT!);
    if (!fields) throw new CommandFault(545, 'Object not found');
    const props: ResponseProperties = { CONTACT: [params.CONTACT!] };
    for (const [key, value] of Object.entries(fields)) props[key] = [value];
    return { code: 200, description: OK, properties: props };
  },
};

/** USERTRANSFERREQUIRED (mandatory in CheckDomainTransfer): 1 when the domain is in another account here. */
function transferFlags(authIsValid: string, locked: boolean, internal = false): ResponseProperties {
  return {
    AUTHISVALID: [authIsValid],
    AUTHREQUIRED: [1],
    TRANSFERLOCK: [locked ? 1 : 0],
    USERTRANSFERREQUIRED: [internal ? 1 : 0],
  };
}

const checkDomainTransfer: CommandSpec = {
  name: 'CheckDomainTransfer',
  required: ['DOMAIN'],
  handle: ({ registry, params }) => {
    const domain = domainParam(params);
    const verdict = registry.transferEligibility(domain, params.AUTH);
    const flags = transferFlags(verdict.authIsValid, verdict.locked, verdict.external?.internal === true);
    if (!verdict.available || !verdict.external)
      return { code: 219, description: verdict.description, properties: flags };
    const ext = verdict.external;
    return {
      code: 218,
      description: verdict.description,
      properties: {
        ...flags,
        REGISTRAR: [ext.registrar],
        EXPIRATIONDATE: [formatApiDate(ext.expiresAt)],
        NAMESERVER: ext.nameservers,
        STATUS: ext.transferLock ? ['ACTIVE', 'clientTransferProhibited'] : ['ACTIVE'],
        PERIOD: ['1Y'],
        REPOSITORY: [repositoryOf(domain)],
        CLASS: [''],
      },
    };
  },
};

const transferDomain: CommandSpec = {
  name: 'TransferDomain',
  required: ['DOMAIN'],
  handle: ({ registry, params, login }) => {
    const domain = domainParam(params);
    const action = (params.ACTION || 'REQUEST').toUpperCase();
    if (action === 'CANCEL') {
      const response: ResponseShape = { code: 200, description: OK };
      registry.cancelTransfer(domain, login, loggedCall(login, 'TransferDomain', params, response));
      return response;
    }
    if (action !== 'REQUEST' && action !== 'USERTRANSFER') {
      throw new CommandFault(506, `Invalid option value; ACTION=${action} is not supported by the sandbox`);
    }
    if (registry.ownedDomain(domain)) {
      throw new CommandFault(540, 'Attribute value is not unique; DOMAIN is already assigned to your account');
    }
    // The reference's TransferDomain codes: 536 "Object already flagged for transfer" (553 is not listed).
    if (registry.pendingTransfer(domain)) throw new CommandFault(536, 'Object already flagged for transfer');
    if (!params.AUTH) throw new CommandFault(504, 'Missing required attribute; AUTH');
    const requestedNameservers = nameserversParam(params) ?? [];
    // The losing side refuses at request time too: a wrong code never becomes a pending transfer.
    const verdict = registry.transferEligibility(domain, params.AUTH);
    if (!verdict.available) {
      throw new CommandFault(219, verdict.description, transferFlags(verdict.authIsValid, verdict.locked));
    }
    // ACTION=USERTRANSFER (reference: "Request a usertransfer (internal transfer)") is for a domain in
    // another account here (CheckDomainTransfer USERTRANSFERREQUIRED=1), and only for one. The
    // reference gives no code for the wrong action; the sandbox answers 541 naming the one to use.
    const internal = verdict.external?.internal === true;
    if (internal !== (action === 'USERTRANSFER')) {
      throw new CommandFault(
        541,
        internal
          ? 'Invalid attribute value; ACTION: the domain is in another account of this registrar, use ACTION=USERTRANSFER'
          : 'Invalid attribute value; ACTION=USERTRANSFER: the domain is not in an account of this registrar',
      );
    }
    if (internal) return userTransfer(registry, params, login, requestedNameservers);
    const periodMonths = periodParam(params, 12, true);
    // Charged when the transfer completes; an account that cannot pay is refused now.
    if (periodMonths > 0)
      registry.account.assertCanPay(registry.account.priceCents(tldOf(domain), 'transfer', periodMonths));
    const response: ResponseShape = {
      code: 200,
      description: `${OK}; domain transfer initiated`,
      pending: true,
    };
    registry.requestTransfer({
      domain,
      requestedNameservers,
      periodMonths,
      user: login,
      contacts: contactsParam(registry, params),
      info: loggedCall(login, 'TransferDomain', params, response),
    });
    return response;
  },
};

/** A usertransfer moves the domain between accounts at once: no registry, no renewal, nothing charged. */
function userTransfer(
  registry: IspapiRegistry,
  params: Record<string, string>,
  login: string,
  requestedNameservers: string[],
): ResponseShape {
  const response: ResponseShape = { code: 200, description: `${OK}; usertransfer completed` };
  const domain = domainParam(params);
  registry.requestTransfer({
    domain,
    requestedNameservers,
    periodMonths: 0,
    user: login,
    contacts: contactsParam(registry, params),
    info: loggedCall(login, 'TransferDomain', params, response),
  });
  registry.completeTransfer(domain);
  return response;
}

const statusDomainTransfer: CommandSpec = {
  name: 'StatusDomainTransfer',
  required: ['DOMAIN'],
  handle: ({ registry, params }) => {
    const domain = domainParam(params);
    const transfer = registry.pendingTransfer(domain);
    if (!transfer) throw new CommandFault(545, 'Object not found');
    const external = registry.externalFor(domain, false);
    return {
      code: 200,
      description: OK,
      properties: {
        DOMAIN: [domain],
        TRANSFERSTATUS: ['REQUESTED'],
        TRANSFERTYPE: ['INCOMING'],
        TRANSFERLOG: transfer.log,
        CREATEDDATE: [formatApiDate(transfer.requestedAt)],
        UPDATEDDATE: [formatApiDate(transfer.updatedAt)],
        REPOSITORY: [repositoryOf(domain)],
        NAMESERVER: transfer.requestedNameservers,
        'OLD-REGISTRAR': [external?.registrar ?? ''],
      },
    };
  },
};

/** MAXDATE as a bare day means the whole day. */
/** A list answer with its paging columns (spec 1.4: FIRST, LAST, COUNT, LIMIT, TOTAL). */
function pagedList(
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
function domainPattern(value: string): RegExp {
  const parts = value.toLowerCase().split('*');
  return new RegExp(`^${parts.map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
}

function dateBound(value: string | undefined, end: boolean): string | undefined {
  if (!value) return undefined;
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value} ${end ? '23:59:59' : '00:00:00'}` : value;
}

function intParam(params: Record<string, string>, key: string, fallback: number, max: number): number {
  const value = params[key];
  if (value === undefined || value === '') return fallback;
  if (!/^\d+$/.test(value) || Number(value) > max) {
    throw new CommandFault(505, `Invalid attribute value syntax; ${key} (${value})`);
  }
  return Number(value);
}

const queryObjectLogList: CommandSpec = {
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

const statusObjectLog: CommandSpec = {
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
        LOGINDEX: [entry.index],
        LOGDATE: [formatApiDate(entry.date)],
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

const statusDomain: CommandSpec = {
  name: 'StatusDomain',
  required: ['DOMAIN'],
  handle: ({ registry, params }) => {
    const domain = domainParam(params);
    const record = registry.ownedDomain(domain);
    if (!record) {
      // 531: scripted "not yours any more" (spec 2.12); 545: not in the account.
      if (registry.notInAccountCode(domain) === 531) throw new CommandFault(531, 'Authorization failed');
      throw new CommandFault(545, 'Object not found');
    }
    return {
      code: 200,
      description: OK,
      properties: { ...ownedDomainProperties(registry, record), ...tradeStatusProperties({ registry }, domain) },
    };
  },
};

const modifyDomain: CommandSpec = {
  name: 'ModifyDomain',
  required: ['DOMAIN'],
  handle: ({ registry, params }) => {
    const domain = domainParam(params);
    const record = registry.ownedDomain(domain);
    if (!record) throw new CommandFault(545, 'Object not found');
    let nameservers = nameserversParam(params);
    const added = nameserversParam(params, 'ADDNAMESERVER');
    const deleted = nameserversParam(params, 'DELNAMESERVER');
    if (added || deleted) {
      const base = nameservers ?? record.nameservers;
      nameservers = [
        ...base.filter((ns) => !deleted?.includes(ns)),
        ...(added ?? []).filter((ns) => !base.includes(ns)),
      ];
      if (nameservers.length > MAX_NAMESERVERS) {
        throw new CommandFault(505, `Invalid attribute value syntax; at most ${MAX_NAMESERVERS} NAMESERVER`);
      }
    }
    const generate = flagParam(params, 'GENERATERANDOMAUTH');
    const transferLock = flagParam(params, 'TRANSFERLOCK');
    if (transferLock === false) registry.trades.assertUnlockAllowed(domain);
    const change = {
      nameservers,
      privacy: flagParam(params, PRIVACY_KEY),
      transferLock,
      authCode: generate ? registry.generateAuthCode() : params.AUTH || undefined,
      ...contactUpdate({ registry, params }, record),
    };
    if (record.lifecycle !== 'ACTIVE') {
      throw new CommandFault(552, `Object status does not allow for operation; STATUS ${record.lifecycle}`);
    }
    // Reference, ModifyDomain NOTE: PENDING=1 = "not completed yet ... might still get rejected".
    // Under the 'pending' update policy the change is held and StatusDomain shows it only later.
    if (registry.updates.hold(domain, change, registry.now().getTime())) {
      return { code: 200, description: `${OK}; update pending`, pending: true };
    }
    registry.modify(domain, change);
    return { code: 200, description: OK };
  },
};

const setDomainRenewalMode: CommandSpec = {
  name: 'SetDomainRenewalMode',
  required: ['DOMAIN', 'RENEWALMODE'],
  handle: ({ registry, params }) => {
    const record = registry.ownedDomain(domainParam(params));
    if (!record) throw new CommandFault(545, 'Object not found');
    record.renewalMode = renewalModeParam(params) ?? 'AUTORENEW';
    record.updatedAt = registry.now();
    return { code: 200, description: OK, properties: { RENEWALMODE: [record.renewalMode] } };
  },
};

/**
 * The double-renewal guard, as the reference defines it: EXPIRATION is the expiry year (INT, as
 * older modules send it), EXPIRATIONDATE the current expiration date (a day or the full UTC
 * timestamp the caller read); compared at that precision. undefined when no guard was sent.
 */
function expiryGuard(params: Record<string, string>): { key: string; matches: (d: Date) => boolean } | undefined {
  const key = params.EXPIRATIONDATE ? 'EXPIRATIONDATE' : params.EXPIRATION ? 'EXPIRATION' : undefined;
  if (!key) return undefined;
  const value = params[key]!;
  if (key === 'EXPIRATION') {
    if (!/^\d{4}$/.test(value)) throw new CommandFault(505, `Invalid attribute value syntax; EXPIRATION (${value})`);
    return { key, matches: (d) => d.getUTCFullYear() === Number(value) };
  }
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return { key, matches: (d) => formatApiDate(d).slice(0, 10) === value };
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(?:\.\d+)?Z?$/.exec(value);
  if (m) return { key, matches: (d) => formatApiDate(d) === `${m[1]} ${m[2]}` };
  throw new CommandFault(505, `Invalid attribute value syntax; ${key} (${value})`);
}

/** 555 when the guard no longer matches: the term was extended since the caller looked. */
function checkGuard(params: Record<string, string>, current: Date | undefined, what: string): void {
  const guard = expiryGuard(params);
  if (guard && current && !guard.matches(current)) {
    throw new CommandFault(555, `Object already renewed; ${what} is ${formatApiDate(current)}`);
  }
}

/**
 * RenewDomain, PayDomainRenewal and RestoreDomain take CLASS "in case it is a premium domain"
 * (reference; RestoreDomain: "the domain CLASS needs to be provided"). Without it a premium domain
 * is refused with the class named, in the API's words for that case (spec 2.9, FAQ #24).
 */
function checkPremiumClassParam(params: Record<string, string>, premiumClass: string | undefined): void {
  if (!premiumClass) return;
  const sent = (params.CLASS ?? '').trim();
  if (sent === '') throw new CommandFault(504, `Missing required attribute; CLASS=${premiumClass} required`);
  if (sent.toUpperCase() !== premiumClass.toUpperCase()) {
    throw new CommandFault(541, `Invalid attribute value; CLASS (${sent}) expected ${premiumClass}`);
  }
}

const renewDomain: CommandSpec = {
  name: 'RenewDomain',
  required: ['DOMAIN'],
  handle: ({ registry, params }) => {
    const domain = domainParam(params);
    const months = periodParam(params, 12, false);
    // The guard first: a repeated renewal is "already renewed" whatever else holds now.
    checkGuard(params, registry.ownedDomain(domain)?.expiresAt, 'EXPIRATIONDATE');
    if (needsPayRenewal(domain)) throw new CommandFault(510, 'Command not supported for this class');
    checkPremiumClassParam(params, registry.ownedDomain(domain)?.premiumClass);
    const record = registry.renew(domain, months);
    return {
      code: 200,
      description: OK,
      properties: {
        EXPIRATIONDATE: [formatApiDate(record.expiresAt)],
        PAIDUNTILDATE: [formatApiDate(record.paidUntil)],
      },
    };
  },
};

const payDomainRenewal: CommandSpec = {
  name: 'PayDomainRenewal',
  required: ['DOMAIN'],
  handle: ({ registry, params }) => {
    const domain = domainParam(params);
    const months = periodParam(params, 12, false);
    // Paying extends PAIDUNTILDATE, so that is what a repeated payment must not find moved.
    checkGuard(params, registry.ownedDomain(domain)?.paidUntil, 'PAIDUNTILDATE');
    checkPremiumClassParam(params, registry.ownedDomain(domain)?.premiumClass);
    const record = registry.payRenewal(domain, months);
    return { code: 200, description: OK, properties: { EXPIRATIONDATE: [formatApiDate(record.paidUntil)] } };
  },
};

const restoreDomain: CommandSpec = {
  name: 'RestoreDomain',
  required: ['DOMAIN'],
  handle: ({ registry, params, login }) => {
    const renewalMode = renewalModeParam(params);
    const domain = domainParam(params);
    checkPremiumClassParam(params, registry.deletedDomain(domain)?.record.premiumClass);
    const { record, pending } = registry.restore(domain, login);
    // Reference: RENEWALMODE is "the renewal mode of the domain after it has been restored"; not
    // sent (or DEFAULT), the account default applies, as for a new registration.
    record.renewalMode = renewalMode ?? ACCOUNT_DEFAULT_RENEWAL_MODE;
    return {
      code: 200,
      description: pending ? `${OK}; action pending` : OK,
      pending,
      properties: { EXPIRATIONDATE: [formatApiDate(record.expiresAt)] },
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
const queryObjectList: CommandSpec = {
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
const queryDomainList: CommandSpec = {
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

const COMMANDS = new Map<string, CommandSpec>(
  [
    statusAccount,
    checkAuthentication,
    checkDomains,
    addDomain,
    addDomainApplication,
    checkDomainTransfer,
    transferDomain,
    statusDomainTransfer,
    queryObjectLogList,
    statusObjectLog,
    statusDomain,
    modifyDomain,
    setDomainRenewalMode,
    renewDomain,
    payDomainRenewal,
    restoreDomain,
    queryObjectList,
    statusDomainApplication,
    queryDomainApplicationList,
    queryDomainPendingDeleteList,
    statusContact,
    queryDomainList,
    ...TRADE_COMMANDS,
  ].map((spec) => [spec.name.toLowerCase(), spec]),
);

export const COMMAND_NAMES: readonly string[] = [...COMMANDS.values()].map((c) => c.name);

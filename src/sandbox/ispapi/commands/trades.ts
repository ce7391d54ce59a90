import type { ResponseShape } from '../../../registrars/ispapi/wire';
import {
  contactsParam,
  domainParam,
  extrasParam,
  flagParam,
  indexed,
  loggedCall,
  type CommandContext,
  type CommandSpec,
} from './params';
import {
  CommandFault,
  formatApiDate,
  normalizeDomain,
  type ContactRole,
  type OwnedDomain,
  type ResponseProperties,
} from '../registry';
import { intParam } from './helpers';
import { orderRows, ownRowsAtDepth, patternParam } from './list-params';

/**
 * The change-of-registrant commands (spec 2.8, 2.14): TradeDomain, StatusDomainTrade,
 * QueryDomainPendingRegistrantVerificationList, ResendDomainTransferConfirmationEmails and
 * QueryDomainOptions, over the registry's TradeBook.
 */

const OK = 'Command completed successfully';
const FLAGS = ['X-CONFIRM-DA-OLD-REGISTRANT', 'X-CONFIRM-DA-NEW-REGISTRANT', 'X-REQUEST-OPT-OUT-TRANSFERLOCK'];

function ownedOrFail(ctx: CommandContext, domain: string) {
  const record = ctx.registry.ownedDomain(domain);
  if (!record) throw new CommandFault(545, 'Object not found');
  return record;
}

export const tradeDomain: CommandSpec = {
  name: 'TradeDomain',
  required: ['DOMAIN'],
  handle: (ctx) => {
    const { registry, params, login } = ctx;
    const domain = domainParam(params);
    const action = (params.ACTION || 'REQUEST').toUpperCase();
    if (action === 'CANCEL') {
      const response: ResponseShape = { code: 200, description: OK };
      registry.trades.cancel(domain, login, loggedCall(login, 'TradeDomain', params, response));
      return response;
    }
    if (action !== 'REQUEST') throw new CommandFault(506, `Invalid option value; ACTION=${action}`);
    const record = ownedOrFail(ctx, domain);
    const extras = extrasParam(params);
    for (const flag of FLAGS) delete extras[flag];
    const pendingResponse: ResponseShape = {
      code: 200,
      description: `${OK}; trade pending - non-real-time`,
      pending: true,
    };
    const trade = registry.trades.request({
      domain,
      record,
      newContacts: contactsParam(registry, params, true),
      daOld: flagParam(params, 'X-CONFIRM-DA-OLD-REGISTRANT') === true,
      daNew: flagParam(params, 'X-CONFIRM-DA-NEW-REGISTRANT') === true,
      optOut: flagParam(params, 'X-REQUEST-OPT-OUT-TRANSFERLOCK'),
      extras,
      user: login,
      info: loggedCall(login, 'TradeDomain', params, pendingResponse),
    });
    if (trade.status === 'SUCCESSFUL') return { code: 200, description: `${OK}; realtime domain trade succeeded` };
    return pendingResponse;
  },
};

export const statusDomainTrade: CommandSpec = {
  name: 'StatusDomainTrade',
  required: ['DOMAIN'],
  handles: ['DOMAIN'],
  handle: ({ registry, params }) => {
    const domain = domainParam(params);
    const trade = registry.trades.trade(domain);
    if (!trade) throw new CommandFault(545, 'Object not found');
    return {
      code: 200,
      description: OK,
      properties: {
        TRANSFERSTATUS: [trade.status],
        TRANSFERTYPE: ['TRADE'],
        TRANSFERLOG: trade.log,
        CREATEDDATE: [formatApiDate(trade.requestedAt)],
        UPDATEDDATE: [formatApiDate(trade.updatedAt)],
        OWNERCONTACT: [trade.newContacts.OWNERCONTACT ?? ''],
        'OLD-OWNERCONTACT': [trade.oldOwner],
        // the sandbox is its own registry: one registrar (StatusDomain's REGISTRAR) and the
        // account's handles are the registry's
        'OLD-REGISTRAR': ['SYSTEM'],
        REPOSITORY: [registry.trades.zoneOptions(domain).repository],
        REPOSITORYOWNERCONTACT: [trade.newContacts.OWNERCONTACT ?? ''],
        'REPOSITORYOLD-OWNERCONTACT': [trade.oldOwner],
      },
    };
  },
};

/** The verification list's ORDERBY words (each also DESC), over one row's columns. */
const VERIFICATION_ORDER = [
  'DOMAIN',
  ...['EMAIL', 'STATUS', 'NAME', 'REQUESTEDDATE'].map((c) => `X-REGISTRANT-VERIFICATION-${c}`),
];

/**
 * Every parameter of the page: DOMAIN (an exact name, or a PATTERN with *), ORDERBY (its words,
 * each also DESC), USERDEPTH (no subusers here: SUBUSER is empty), FIRST / LIMIT paging.
 */
export const queryDomainPendingRegistrantVerificationList: CommandSpec = {
  name: 'QueryDomainPendingRegistrantVerificationList',
  handles: ['FIRST', 'LIMIT', 'ORDERBY', 'USERDEPTH', 'DOMAIN'],
  handle: ({ registry, params }) => {
    const wanted = params.DOMAIN;
    const pattern = wanted?.includes('*') ? patternParam(params, 'DOMAIN') : undefined;
    const exact = wanted && !pattern ? normalizeDomain(wanted) : undefined;
    const now = registry.now().getTime();
    const owner = (handle: string) => registry.contact(handle) ?? {};
    const found = registry.trades
      .list()
      .filter(
        (t) =>
          ownRowsAtDepth(params) &&
          t.status === 'PENDING' &&
          t.needsConfirmation &&
          (!exact || t.domain === exact) &&
          (!pattern || pattern.test(t.domain)),
      )
      .map((t) => ({
        DOMAIN: t.domain,
        'X-REGISTRANT-VERIFICATION-STATUS': t.dueAt!.getTime() <= now ? 'OVERDUE' : 'PENDING',
        'X-REGISTRANT-VERIFICATION-DUEDATE': formatApiDate(t.dueAt!),
        'X-REGISTRANT-VERIFICATION-REQUESTEDDATE': formatApiDate(t.requestedAt),
        'X-REGISTRANT-VERIFICATION-EMAIL': owner(t.oldOwner).EMAIL ?? '',
        'X-REGISTRANT-VERIFICATION-NAME': [owner(t.oldOwner).FIRSTNAME, owner(t.oldOwner).LASTNAME]
          .filter(Boolean)
          .join(' '),
      }));
    type Row = (typeof found)[number];
    const keys = Object.fromEntries(VERIFICATION_ORDER.map((c) => [c, (r: Row) => r[c as keyof Row]]));
    // without ORDERBY: in the order the trades were requested
    const rows = params.ORDERBY ? orderRows(params, found, keys, 'DOMAIN', (r) => r.DOMAIN) : found;
    const first = intParam(params, 'FIRST', 0, Number.MAX_SAFE_INTEGER);
    const limit = intParam(params, 'LIMIT', 1000, 10000);
    const page = rows.slice(first, first + limit);
    const props: ResponseProperties = {};
    for (const column of [...VERIFICATION_ORDER, 'X-REGISTRANT-VERIFICATION-DUEDATE']) {
      props[column] = page.map((r) => r[column as keyof Row]);
    }
    return {
      code: 200,
      description: OK,
      properties: {
        ...props,
        // LAST is -1 for an empty page
        FIRST: [first],
        LAST: [first + page.length - 1],
        COUNT: [page.length],
        TOTAL: [rows.length],
        LIMIT: [limit],
      },
    };
  },
};

export const resendDomainTransferConfirmationEmails: CommandSpec = {
  name: 'ResendDomainTransferConfirmationEmails',
  required: ['DOMAIN'],
  handle: ({ registry, params }) => {
    registry.trades.resend(domainParam(params));
    return { code: 200, description: OK };
  },
};

/** DOMAIN0.. (or DOMAIN): one row per name with the zone's policies (spec 2.14). */
export const queryDomainOptions: CommandSpec = {
  name: 'QueryDomainOptions',
  // REPOSITORY0.. and PROPERTIES (extra columns) are not modelled: refused (549) rather than ignored.
  handles: ['DOMAIN', 'DOMAIN[]'],
  handle: ({ registry, params }) => {
    const names = indexed(params, 'DOMAIN').map((e) => e.value);
    if (names.length === 0 && params.DOMAIN) names.push(params.DOMAIN);
    if (names.length === 0) throw new CommandFault(504, 'Missing required attribute; DOMAIN0');
    const domains = names.map((n, i) => normalizeDomain(n, `DOMAIN${i}`));
    const zones = domains.map((d) => registry.trades.zoneOptions(d));
    // rows in the order of DOMAIN0..: the reference's answer does not repeat the names
    const props: ResponseProperties = {
      ZONEPOLICYREGISTRANTNAMECHANGEBY: zones.map((z) => z.policy),
      REPOSITORY: zones.map((z) => z.repository),
      ZONETRANSFERPERIODS: domains.map(() => '1Y'),
      ZONERENEWALPERIODS: domains.map(() => '1Y,2Y,3Y,4Y,5Y,6Y,7Y,8Y,9Y,10Y'),
      ZONEREGISTRATIONPERIODS: domains.map(() => '1Y,2Y,3Y,4Y,5Y,6Y,7Y,8Y,9Y,10Y'),
    };
    return { code: 200, description: OK, properties: props };
  },
};

/**
 * ModifyDomain's contact part (spec 2.7): the roles sent become their (new) handles, TLD fields are
 * kept. CIRA refuses a new registrant name or organisation on .ca (spec 3.4).
 */
export function contactUpdate(
  ctx: Pick<CommandContext, 'registry' | 'params'>,
  record: OwnedDomain,
): { contacts?: Partial<Record<ContactRole, string>>; extras?: Record<string, string> } {
  const contacts = contactsParam(ctx.registry, ctx.params, true);
  const extras = extrasParam(ctx.params);
  const owner = contacts.OWNERCONTACT;
  if (owner && record.domain.endsWith('.ca') && owner !== record.contacts.OWNERCONTACT) {
    const before = ctx.registry.contact(record.contacts.OWNERCONTACT);
    const after = ctx.registry.contact(owner) ?? {};
    const identity = (c: Record<string, string>) =>
      [c.FIRSTNAME ?? '', c.LASTNAME ?? '', c.ORGANIZATION ?? ''].join('|');
    if (before && identity(before) !== identity(after)) {
      throw new CommandFault(
        552,
        'Object status does not allow for operation; registrant name change not allowed by CIRA',
      );
    }
  }
  return {
    ...(Object.keys(contacts).length > 0 ? { contacts } : {}),
    ...(Object.keys(extras).length > 0 ? { extras } : {}),
  };
}

/** StatusDomain's extra columns after an IRTP trade (spec 2.8). */
export function tradeStatusProperties(ctx: Pick<CommandContext, 'registry'>, domain: string): ResponseProperties {
  const until = ctx.registry.trades.lockedUntil(domain);
  const props: ResponseProperties = {};
  if (until) {
    props['TRANSFERLOCK-EXPIRATIONDATE'] = [formatApiDate(until)];
    props['TRADE-TRANSFERLOCK-EXPIRATIONDATE'] = [formatApiDate(until)];
  }
  const trade = ctx.registry.trades.trade(domain);
  if (trade?.status === 'PENDING' && trade.newContacts.OWNERCONTACT) {
    props['TRADE-OWNERCONTACT'] = [trade.newContacts.OWNERCONTACT];
  }
  return props;
}

export const TRADE_COMMANDS: readonly CommandSpec[] = [
  tradeDomain,
  statusDomainTrade,
  queryDomainPendingRegistrantVerificationList,
  resendDomainTransferConfirmationEmails,
  queryDomainOptions,
];

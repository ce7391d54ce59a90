import { type ResponseShape } from '../../../registrars/ispapi/wire';
import { CommandFault, formatApiDate, statusesOf, tldOf, type IspapiRegistry, type OwnedDomain } from '../registry';
import { domainParam, indexed, type CommandContext, type CommandSpec } from './params';
import { OK } from './helpers';

/**
 * Everyday domain operations, each as its page in HEXONET's reference says: DeleteDomain,
 * PushDomain, DENIC_CreateAuthInfo1, QueryDomainSuggestionList, and the transfer-out answers of
 * TransferDomain (ACTION=APPROVE / DENY, dispatched here from ./transfers).
 */

function owned(registry: IspapiRegistry, domain: string): OwnedDomain {
  const record = registry.ownedDomain(domain);
  if (!record) throw new CommandFault(545, 'Object not found');
  return record;
}

/** DeleteDomain's codes: 553 while a transfer is pending, 552 while the domain is not ACTIVE. */
export const deleteDomainCommand: CommandSpec = {
  name: 'DeleteDomain',
  required: ['DOMAIN'],
  handle: ({ registry, params }) => {
    const domain = domainParam(params);
    const record = owned(registry, domain);
    if (registry.transfersOut.get(domain))
      throw new CommandFault(553, 'Operation not allowed. Object pending transfer');
    if (record.lifecycle !== 'ACTIVE') {
      throw new CommandFault(552, `Object status does not allow for operation; STATUS ${record.lifecycle}`);
    }
    if (params['X-AT-SCHEDULEDATE'] && !domain.endsWith('.at')) {
      throw new CommandFault(541, 'Invalid attribute value; X-AT-SCHEDULEDATE is only for .AT domains');
    }
    // The registry deletes at once here: the domain goes to the restorable deleted-domain list
    // (QueryObjectList OBJECTCLASS=DELETEDDOMAIN, RestoreDomain), as a deletion by the renewal system does.
    registry.deleteDomain(domain);
    return { code: 200, description: OK, properties: { STATUS: ['DELETED'] } };
  },
};

/** The TLDs whose registries take a push (reference: .DE transit, .UK detagging, .VE, .IS, .AT billwithdraw). */
const PUSH_TLDS = new Set([
  'de',
  'uk',
  'co.uk',
  'org.uk',
  'me.uk',
  'ltd.uk',
  'plc.uk',
  'net.uk',
  'ac.uk',
  've',
  'is',
  'at',
]);
/** A Nominet IPS tag: letters, digits and dashes, upper case by convention. */
const UK_TAG = /^[A-Z0-9-]{2,32}$/i;

export const pushDomainCommand: CommandSpec = {
  name: 'PushDomain',
  required: ['DOMAIN'],
  handle: ({ registry, params }) => {
    const domain = domainParam(params);
    owned(registry, domain);
    const tld = tldOf(domain);
    if (!PUSH_TLDS.has(tld)) {
      throw new CommandFault(552, `Object status does not allow for operation; no push for .${tld} domains`);
    }
    const target = params.TARGET || 'TRANSIT';
    const uk = tld === 'uk' || tld.endsWith('.uk');
    if (uk && (target.toUpperCase() === 'TRANSIT' || !UK_TAG.test(target))) {
      throw new CommandFault(
        541,
        `Invalid attribute value; TARGET (${target}) must be the IPS tag of the registrar taking the .uk domain`,
      );
    }
    if (!uk && target.toUpperCase() !== 'TRANSIT') {
      throw new CommandFault(541, `Invalid attribute value; TARGET (${target}) for .${tld} is TRANSIT`);
    }
    registry.transferOut(domain);
    return { code: 200, description: OK };
  },
};

const DAY_MS = 86_400_000;

export const denicCreateAuthInfo1: CommandSpec = {
  name: 'DENIC_CreateAuthInfo1',
  required: ['DOMAIN'],
  handle: ({ registry, params }) => {
    const domain = domainParam(params);
    if (!domain.endsWith('.de')) throw new CommandFault(541, 'Invalid attribute value; DOMAIN is not a .DE domain');
    const record = owned(registry, domain);
    const code = params.AUTH || registry.generateAuthCode();
    if (code.length < 6) throw new CommandFault(541, 'Invalid attribute value; AUTH (at least 6 characters)');
    const given = params['X-DE-AUTHINFO1-EXPIRATIONDATE'];
    const expires = given
      ? new Date(`${given.slice(0, 10)}T00:00:00Z`)
      : new Date(registry.now().getTime() + 30 * DAY_MS);
    if (Number.isNaN(expires.getTime())) {
      throw new CommandFault(505, 'Invalid attribute value syntax; X-DE-AUTHINFO1-EXPIRATIONDATE');
    }
    registry.modify(domain, { authCode: code });
    return {
      code: 200,
      description: OK,
      properties: {
        AUTH: [code],
        STATUS: statusesOf(record),
        'X-DE-AUTHINFO1-EXPIRATIONDATE': [formatApiDate(expires)],
      },
    };
  },
};

const SUGGESTION_ZONES = ['com', 'net', 'org', 'shop', 'online', 'app', 'io', 'de'];
const CATEGORIES = ['generic', 'shopping', 'technology', 'geographic'];
/**
 * Labels made from the keyword. In the sandbox world names are taken unless they start with
 * `new-` (free) or `premium-` (premium): suggestions follow the same rule, so each can be registered.
 */
const labelsFor = (word: string): string[] => [
  word, `new-${word}`, `new-my${word}`, `new-get${word}`, `new-${word}hq`, `new-${word}app`, `premium-${word}`,
]; // prettier-ignore

/** Suggestions of free names for the keyword (premium names with their price), FIRST/LIMIT paged. */
export const queryDomainSuggestionList: CommandSpec = {
  name: 'QueryDomainSuggestionList',
  required: ['KEYWORD'],
  handle: ({ registry, params }): ResponseShape => {
    const source = (params.SOURCE ?? '').toUpperCase();
    if (source === 'ISPAPI-CATEGORIES') return { code: 200, description: OK, properties: { CATEGORY: CATEGORIES } };
    if (source !== '' && source !== 'ISPAPI-SUGGESTIONS') {
      throw new CommandFault(505, `Invalid attribute value syntax; SOURCE (${params.SOURCE})`);
    }
    const first = Number(params.FIRST || 0);
    const limit = Number(params.LIMIT || 20);
    const word = params
      .KEYWORD!.toLowerCase()
      .replace(/[^a-z0-9-]+/g, '')
      .replace(/^-+|-+$/g, '');
    if (word === '') throw new CommandFault(505, 'Invalid attribute value syntax; KEYWORD has no letters or digits');
    const zones = indexed(params, 'ZONE')
      .map((z) => z.value.toLowerCase().replace(/^\./, ''))
      .filter((z) => z !== '');
    const names: string[] = [];
    for (const label of labelsFor(word)) {
      for (const zone of zones.length > 0 ? zones : SUGGESTION_ZONES) names.push(`${label}.${zone}`);
    }
    const free = names.filter((n) => n.length <= 253 && !registry.isRegistered(n) && !registry.isReserved(n));
    const page = free.slice(first, first + limit);
    const offers = page.map((n) => registry.premiumOffer(n));
    return {
      code: 200,
      description: OK,
      properties: {
        DOMAIN: page,
        PRICE: offers.map((o) => o?.amount ?? ''),
        CURRENCY: offers.map((o) => o?.currency ?? ''),
        PREMIUMCHANNEL: offers.map((o) => o?.channel ?? ''),
      },
    };
  },
};

/**
 * TransferDomain ACTION=APPROVE / DENY: the losing registrar's answer to a transfer-out. 534
 * ("Object has not been flagged for transfer") when none is pending.
 */
export function answerTransferOut(ctx: CommandContext, action: 'APPROVE' | 'DENY'): ResponseShape {
  const { registry, params, login } = ctx;
  const domain = domainParam(params);
  owned(registry, domain);
  const request = registry.transfersOut.take(domain);
  if (!request) throw new CommandFault(534, 'Object has not been flagged for transfer');
  if (action === 'APPROVE') registry.transferOut(domain);
  else {
    registry.appendLog(domain, 'OUTBOUND_TRANSFER', 'FAILED', login, registry.now(), [
      'OUTBOUND_TRANSFER DENIED',
      `NEW-REGISTRAR=${request.gainingRegistrar}`,
    ]);
  }
  return { code: 200, description: OK };
}

export const MANAGEMENT_COMMANDS: CommandSpec[] = [
  deleteDomainCommand,
  pushDomainCommand,
  denicCreateAuthInfo1,
  queryDomainSuggestionList,
];

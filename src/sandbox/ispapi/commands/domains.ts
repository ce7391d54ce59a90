import { contactUpdate, tradeStatusProperties } from './trades';
import { checkTldRules } from './tld-rules';
import { secDnsChange, secDnsProperties } from './dnssec';
import { domainToUnicode } from 'node:url';
import {
  CommandFault,
  formatApiDate,
  normalizeDomain,
  type IspapiRegistry,
  type OwnedDomain,
  type ResponseProperties,
} from '../registry';
import {
  contactsParam,
  domainParam,
  extrasParam,
  flagParam,
  indexed,
  PRIVACY_KEY,
  type CommandContext,
  type CommandSpec,
} from './params';
import {
  OK,
  MAX_NAMESERVERS,
  nameserversParam,
  periodParam,
  renewalModeParam,
  checkPremiumPrice,
  ownedDomainProperties,
} from './helpers';

/** Domain commands: CheckDomains, AddDomain, StatusDomain, ModifyDomain, SetDomainRenewalMode. */

export const checkDomains: CommandSpec = {
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
        // seconds the registry check took, as the reference page's example (0.173)
        DOMAINCHECKTIME: rows.map(() => '0.012'),
        REASON: rows.map((r) => r.reason),
        CLASS: rows.map((r) => r.cls),
        [registry.premiumChannelProperty]: rows.map((r) => r.channel),
        PRICE: rows.map((r) => r.price),
        CURRENCY: rows.map((r) => r.currency),
      },
    };
  },
};

/**
 * The registration rules AddDomain and AddDomainApplication share. `premiumClass` is the CLASS the
 * caller sent (AddDomainApplication always sends one). An application takes no RENEWALMODE: the
 * domain it becomes gets the account default (AUTORENEW) until SetDomainRenewalMode.
 */
export function createDomain(ctx: CommandContext, premiumClass: string | undefined, application: boolean): OwnedDomain {
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
  const owner = given.OWNERCONTACT;
  checkTldRules(registry, domain, owner, extras);
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

export const addDomain: CommandSpec = {
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
        REGISTRATIONEXPIRATIONDATE: [formatApiDate(dates.expiration)],
        PAIDUNTILDATE: [formatApiDate(dates.paidUntil)],
        ACCOUNTINGDATE: [formatApiDate(dates.accounting)],
        FINALIZATIONDATE: [formatApiDate(dates.finalization)],
        FAILUREDATE: [formatApiDate(dates.failure)],
      },
    };
  },
};

export const statusDomain: CommandSpec = {
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
    // The reference's StatusDomain has no DOMAIN property: the name is ID / DESCRIPTION.
    const { DOMAIN: _domain, ...props } = ownedDomainProperties(registry, record);
    return {
      code: 200,
      description: OK,
      properties: {
        ...props,
        // A transfer-out waiting for our answer shows as EPP's pendingTransfer (./management).
        ...(registry.transfersOut.get(domain) ? { STATUS: [...(props.STATUS ?? []), 'pendingTransfer'] } : {}),
        ...statusOnlyProperties(registry, record),
        ...tradeStatusProperties({ registry }, domain),
        ...secDnsProperties(record),
        // The host objects under the domain (AddNameserver), names only as with HOSTTYPE=OBJECT.
        ...(registry.hosts.under(domain).length > 0 ? { HOST: registry.hosts.under(domain) } : {}),
      },
    };
  },
};

/**
 * The StatusDomain properties the reference lists with Min 1 that no other answer carries, with
 * the values of the reference page's example: the domain as ID / DESCRIPTION / DOMAINUMLAUT (its
 * Unicode form for an IDN), the account's login as creator and last updater, no transfer yet as
 * 0000-00-00 00:00:00, the renewal on the accounting date.
 */
function statusOnlyProperties(registry: IspapiRegistry, d: OwnedDomain): ResponseProperties {
  const dates = registry.dates(d);
  return {
    ID: [d.domain],
    DESCRIPTION: [d.domain],
    DOMAINUMLAUT: [domainToUnicode(d.domain)],
    REGISTRAR: ['SYSTEM'],
    CREATEDBY: [d.user],
    UPDATEDBY: [d.user],
    HOSTTYPE: ['OBJECT'],
    PREPAIDPERIOD: ['1Y'],
    RENEWALDATE: [formatApiDate(dates.accounting)],
    TRANSFERMODE: ['DEFAULT'],
    TRANSFERDATE: [d.transferredAt ? formatApiDate(d.transferredAt) : '0000-00-00 00:00:00'],
    DELETIONHOLDPERIOD: ['0d'],
    'X-ACCEPT-WHOISTRUSTEELITE-TAC': [0],
  };
}

export const modifyDomain: CommandSpec = {
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
      secdns: secDnsChange(params, record),
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

export const setDomainRenewalMode: CommandSpec = {
  name: 'SetDomainRenewalMode',
  required: ['DOMAIN', 'RENEWALMODE'],
  handle: ({ registry, params }) => {
    const record = registry.ownedDomain(domainParam(params));
    // The page lists no 545: a domain outside the account is 531, as for the other commands that list it.
    if (!record) throw new CommandFault(531, 'Authorization failed; DOMAIN is not in this account');
    record.renewalMode = renewalModeParam(params) ?? 'AUTORENEW';
    record.updatedAt = registry.now();
    // The reference answers only UNRENEW (1 when the change took back a renewal already charged);
    // the sandbox charges renewals when they happen, so there is never one to take back. The new
    // mode is read with StatusDomain (RENEWALMODE).
    return { code: 200, description: OK, properties: { UNRENEW: [0] } };
  },
};

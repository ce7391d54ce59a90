import { needsPayRenewal } from '../../../domain/lifecycle';
import { ACCOUNT_DEFAULT_RENEWAL_MODE, CommandFault, formatApiDate } from '../registry';
import { domainParam, type CommandSpec } from './params';
import { OK, periodParam, renewalModeParam } from './helpers';

/** Renewal commands (spec 2.13): RenewDomain, PayDomainRenewal, RestoreDomain, with their expiry and premium-class guards. */

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

export const renewDomain: CommandSpec = {
  name: 'RenewDomain',
  required: ['DOMAIN'],
  // Not modelled, refused (549) rather than ignored: the order system (ORDER, ORDERID) and .travel's UIN.
  handles: ['DOMAIN', 'PERIOD', 'EXPIRATION', 'EXPIRATIONDATE', 'CLASS'],
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
        DOMAIN: [record.domain],
        EXPIRATIONDATE: [formatApiDate(record.expiresAt)],
      },
    };
  },
};

export const payDomainRenewal: CommandSpec = {
  name: 'PayDomainRenewal',
  required: ['DOMAIN'],
  handles: ['DOMAIN', 'PERIOD', 'EXPIRATION', 'EXPIRATIONDATE', 'CLASS'],
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

export const restoreDomain: CommandSpec = {
  name: 'RestoreDomain',
  required: ['DOMAIN'],
  // Not modelled, refused (549) rather than ignored: restoring into a subuser, the order system.
  handles: ['DOMAIN', 'RENEWALMODE', 'CLASS'],
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

import { extraFieldName } from '../../domain/tld-policy';
import { knownExtraKeys } from '../../domain/tld-fields';
import { ISPAPI_EXTRA_FIELDS } from './tld-extras';
import { RegistrarRejectedError } from '../errors';
import type { Availability, DomainInfo, RegisterRequest, RegisterResult } from '../registrar';
import { hasStatus } from './lifecycle';
import { contactParam, ispapiDateToIso } from './convert';
import { firstRow, type CommandRecord } from './wire';
import { holdAutoExpire, premiumChannelColumn } from './reference-rules';
import { type IspapiContext } from './adapter-context';
import { statusDomain } from './domain-settings';

/**
 * ISPAPI availability (CheckDomains) and registration (AddDomain, premium classes, TLD extras,
 * AUTOEXPIRE). Part of IspapiRegistrar (./adapter).
 */

/** CheckDomains takes many names; the modules send 25 at a time. */
export const CHECK_CHUNK = 25;

/** One CheckDomains row (spec 2.1) as the modules read it. */
export function availabilityFromCheck(
  domain: string,
  row: { check?: string; reason?: string; cls?: string; channel?: string; price?: string; currency?: string },
): Availability {
  const check = (row.check ?? '').trim();
  const code = check.slice(0, 3);
  const text = check.slice(3).trim();
  const reasonText = (row.reason ?? '').trim();
  const reason = reasonText || text || undefined;
  const cls = (row.cls ?? '').trim();
  const base = reason === undefined ? { domain } : { domain, reason };
  if (code === '210') return { ...base, status: 'available' };
  if (code === '211') {
    if (/block/i.test(reasonText)) return { ...base, status: 'taken' };
    if (/^Collision Domain name available \{/i.test(text)) return { ...base, status: 'reserved' };
    if ((row.channel ?? '').trim() !== '' || /^PREMIUM/i.test(cls)) {
      const amount = (row.price ?? '').trim();
      const currency = (row.currency ?? '').trim();
      const premium = cls !== '' ? { ...base, premiumClass: cls } : base;
      return amount && currency
        ? { ...premium, status: 'premium', premiumPrice: { amount, currency } }
        : { ...premium, status: 'premium' };
    }
    if (cls !== '' && /reserved/i.test(reasonText)) return { ...base, status: 'reserved' };
    return { ...base, status: 'taken' };
  }
  if (code === '549') return { ...base, status: 'unsupported' };
  return { ...base, status: 'unknown' };
}

export async function checkAvailability(ctx: IspapiContext, domains: string[]): Promise<Availability[]> {
  const out: Availability[] = [];
  for (let start = 0; start < domains.length; start += CHECK_CHUNK) {
    const chunk = domains.slice(start, start + CHECK_CHUNK);
    const response = await ctx.client.call({ COMMAND: 'CheckDomains', DOMAIN: chunk, PREMIUMCHANNELS: '*' });
    const column = (name: string, i: number): string | undefined => response.properties[name]?.[i];
    const channels = premiumChannelColumn(response);
    chunk.forEach((domain, i) => {
      out.push(
        availabilityFromCheck(domain, {
          check: column('DOMAINCHECK', i),
          reason: column('REASON', i),
          cls: column('CLASS', i),
          channel: channels?.[i],
          price: column('PRICE', i),
          currency: column('CURRENCY', i),
        }),
      );
    });
  }
  return out;
}

export async function register(ctx: IspapiContext, request: RegisterRequest): Promise<RegisterResult> {
  const { domain } = request;
  // A retried activity may follow an attempt whose answer was lost: never order twice.
  const existing = await statusDomain(ctx, domain);
  if (existing) {
    const result = alreadyRegistered(existing.info);
    await ensureAutoExpire(ctx, domain, existing.renewalMode);
    return result;
  }

  const command: CommandRecord = {
    DOMAIN: domain,
    PERIOD: request.periodYears,
    NAMESERVER: request.nameservers && request.nameservers.length > 0 ? request.nameservers : undefined,
    OWNERCONTACT: contactParam(request.contacts.owner),
    ADMINCONTACT: contactParam(request.contacts.admin),
    TECHCONTACT: contactParam(request.contacts.tech),
    BILLINGCONTACT: contactParam(request.contacts.billing),
    ...extrasFor(domain, request.extras),
  };

  const premiumClass = request.premiumPrice ? await premiumClassFor(ctx, domain) : undefined;
  if (request.premiumPrice && premiumClass) {
    // Spec 2.2: the premium variant, at the accepted price (the registry refuses another one).
    // It takes no RENEWALMODE (not in the reference's AddDomainApplication) / lock / privacy, so
    // the domain starts with the account default (AUTORENEW): the mode is set right after and
    // read back until it holds (./reference-rules holdAutoExpire); errors are not swallowed.
    const response = await ctx.client.call({
      COMMAND: 'AddDomainApplication',
      CLASS: premiumClass,
      ...command,
      PRICE: request.premiumPrice.amount,
      CURRENCY: request.premiumPrice.currency,
    });
    // (a cast, not an annotation: the closure assigns it, which TypeScript's narrowing does not see)
    let created = null as { info: DomainInfo; renewalMode?: string } | null;
    const held = await holdAutoExpire(
      async () => (created = await statusDomain(ctx, domain)),
      () => ensureAutoExpire(ctx, domain, created?.renewalMode),
      ctx.options.autoExpireWaitsMs,
    );
    // 'not-visible': the registry creates the domain later; it stays pending here, and the
    // workflow registers again once it is active, which sets the mode (docs/register.md).
    return {
      state: created?.info.state === 'active' ? 'active' : 'pending',
      alreadyRegistered: false,
      expiresAt: created?.info.expiresAt,
      reference: created?.info.reference ?? firstRow(response).APPLICATION,
      ...(held === 'not-visible' ? { settingsPending: true as const } : {}),
    };
  }

  // RENEWALMODE=AUTOEXPIRE always: this engine renews; an account default of AUTORENEW would
  // renew a second time (spec 4, "double renewal").
  const response = await ctx.client.call({ COMMAND: 'AddDomain', ...command, RENEWALMODE: 'AUTOEXPIRE' });
  const statuses = response.properties.STATUS ?? [];
  const pending = response.pending || hasStatus(statuses, 'REQUESTEDCREATE', 'PENDINGCREATE');
  const active = !pending && hasStatus(statuses, 'ACTIVE');
  const row = firstRow(response);
  const created = await createdDomain(ctx, domain);
  return {
    state: active ? 'active' : 'pending',
    alreadyRegistered: false,
    expiresAt: ispapiDateToIso(row.REGISTRATIONEXPIRATIONDATE ?? row.EXPIRATIONDATE) ?? created?.info.expiresAt,
    reference: created?.info.reference,
  };
}

export function alreadyRegistered(existing: DomainInfo): RegisterResult {
  if (existing.state === 'other') {
    throw new RegistrarRejectedError(
      `${existing.domain} is in this account with status ${existing.statuses.join(', ') || 'unknown'}`,
      { registrar: 'ispapi', operation: 'AddDomain', description: existing.statuses.join(', ') },
    );
  }
  return {
    state: existing.state,
    alreadyRegistered: true,
    expiresAt: existing.expiresAt,
    reference: existing.reference,
  };
}

/**
 * The domain as StatusDomain shows it right after the order, with the renewal mode made
 * AUTOEXPIRE. The order stands whatever happens here, so failures only leave fields unknown; a
 * retried register fixes the renewal mode on its alreadyRegistered path.
 */
export async function createdDomain(ctx: IspapiContext, domain: string): Promise<{ info: DomainInfo } | null> {
  try {
    const created = await statusDomain(ctx, domain);
    if (created) await ensureAutoExpire(ctx, domain, created.renewalMode);
    return created;
  } catch {
    return null;
  }
}

export async function ensureAutoExpire(
  ctx: IspapiContext,
  domain: string,
  renewalMode: string | undefined,
): Promise<void> {
  if (renewalMode === undefined || renewalMode === 'AUTOEXPIRE') return;
  await ctx.client.call({ COMMAND: 'SetDomainRenewalMode', DOMAIN: domain, RENEWALMODE: 'AUTOEXPIRE' });
}

/** Neutral extras (tld-policy keys) as the API's X-... parameters; unknown keys are refused. */
export function extrasFor(domain: string, extras: Record<string, string>): CommandRecord {
  const known = knownExtraKeys(domain);
  const out: CommandRecord = {};
  for (const [key, value] of Object.entries(extras)) {
    const field = known.has(key) ? extraFieldName(ISPAPI_EXTRA_FIELDS, domain, key) : undefined;
    if (!field) {
      throw new RegistrarRejectedError(`extras.${key} is not used for ${domain}`, {
        registrar: 'ispapi',
        operation: 'AddDomain',
      });
    }
    out[field] = value;
  }
  return out;
}

/**
 * The CLASS to buy a premium name with, from CheckDomains (spec 2.2): its CLASS, else
 * AFTERMARKET_PURCHASE_<channel>. undefined when the name is not premium (any more); the
 * registry itself refuses a price that differs from the accepted one.
 */
export async function premiumClassFor(ctx: IspapiContext, domain: string): Promise<string | undefined> {
  const response = await ctx.client.call({ COMMAND: 'CheckDomains', DOMAIN: [domain], PREMIUMCHANNELS: '*' });
  const row = firstRow(response);
  const premiumChannel = premiumChannelColumn(response)?.[0];
  const availability = availabilityFromCheck(domain, {
    check: row.DOMAINCHECK,
    reason: row.REASON,
    cls: row.CLASS,
    channel: premiumChannel,
    price: row.PRICE,
    currency: row.CURRENCY,
  });
  if (availability.status !== 'premium') return undefined;
  const cls = (row.CLASS ?? '').trim();
  if (cls !== '') return cls;
  const channel = (premiumChannel ?? '').trim();
  return channel ? `AFTERMARKET_PURCHASE_${channel}` : undefined;
}

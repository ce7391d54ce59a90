import type { DomainLifecycle } from '../../domain/lifecycle';
import { RegistrarError, RegistrarRejectedError } from '../errors';
import type { Money, RenewRequest, RenewResult, RestoreRequest } from '../registrar';
import { joinDomainName, type OpenproviderDomain } from './domain-name';
import { listDomainsDataSchema, statusDataSchema, tldSchema, type WireDomainObject } from './wire';
import { type OpenproviderContext, REGISTRAR, formatAmount } from './adapter-context';
import {
  definedDates,
  findDomain,
  lifecycleDates,
  notInAccount,
  registryExpiry,
  rejected,
  splitName,
} from './domain-lookup';

/**
 * Openprovider lifecycle reading, renewal and restore: the paying calls, each checked against the
 * domain's dates so a retry cannot pay twice. Part of OpenproviderRegistrar (./adapter).
 */

export const NOT_ACTIVE_TEXT = 'This domain already exists in Openprovider but NOT active';

/** A renew/restore answer other than ACT (e.g. RRQ, REQ): the registry has not finished. */
export function isPendingAnswer(status: string | null | undefined): boolean {
  return status != null && status !== '' && status !== 'ACT';
}

/**
 * Where the domain is, from a fresh search (spec 3.4, 3.6, 5.5; dates in Europe/Amsterdam):
 * - ACT: 'active'; 'expired-grace' once renewal_date has passed (Openprovider has not acted yet).
 * - REQ / PEN / SCH (and RRQ, a restore under way): 'pending-create': wait, do not pay.
 * - DEL: soft_quarantine_expiry_date in the future -> 'soft-quarantine'; else
 *   hard_quarantine_expiry_date in the future -> 'hard-quarantine' (restoreFee = the TLD's
 *   restore_price from GET /tlds/{ext}, undefined when it cannot be read); else 'deleted'.
 * - FAI / REJ (the order failed; there is no domain): 'deleted'.
 * - not found by the plain search, found with is_deleted=true: 'deleted' (purged).
 * - not found at all: 'transferred-away'. Openprovider keeps a deleted domain's record
 *   (is_deleted=true) but has none for a domain that moved to another registrar (spec 5.7(a),
 *   #32, #389): a name this engine had in the account and of which no record is left went away.
 * registryExpiresAt = registry_expiration_date (else expiration_date); displayExpiresAt =
 * renewal_date. An ACT domain without them, or any date that is garbage or at/before the epoch,
 * is an error (RegistrarRejectedError), never a guess.
 */
export async function readLifecycle(ctx: OpenproviderContext, domain: string): Promise<DomainLifecycle> {
  const operation = 'readLifecycle';
  const split = splitName(domain, operation);
  const full = joinDomainName(split);
  const found = await findDomain(ctx, split, operation);
  if (found) return classify(ctx, found, operation);
  const purged = await findDeletedDomain(ctx, split, operation);
  if (purged) {
    return {
      domain: full,
      phase: 'deleted',
      renewalMethod: 'renew',
      registrarStatus: `${purged.status} (is_deleted)`,
      ...definedDates(lifecycleDates(purged, operation, false)),
    };
  }
  return {
    domain: full,
    phase: 'transferred-away',
    renewalMethod: 'renew',
    registrarStatus: 'no longer in the Openprovider account (no record, not even deleted)',
  };
}

/**
 * Openprovider's renew has no guard (spec 3.8): the domain is read first, and a registry expiry
 * already later than `currentExpiresAt` means the term was extended (our earlier attempt whose
 * answer was lost, or Openprovider's own autorenew): { alreadyDone: true }, nothing is paid.
 * An expiry earlier than the caller's is refused (stale or foreign data: read again). DEL
 * domains are not renewed (327: restore them); 325 "already renewed" counts as done.
 * Not safe against two concurrent renewals of the same domain (both may read the old date):
 * callers serialise per domain. `method` is ignored: Openprovider renews every TLD the same way.
 */
export async function renew(ctx: OpenproviderContext, request: RenewRequest): Promise<RenewResult> {
  const operation = 'renew';
  const split = splitName(request.domain, operation);
  const full = joinDomainName(split);
  if (!Number.isInteger(request.periodYears) || request.periodYears < 1 || request.periodYears > 10) {
    throw rejected(operation, `periodYears must be 1-10, not ${request.periodYears}`, '316');
  }
  const seen = Date.parse(request.currentExpiresAt);
  if (Number.isNaN(seen)) {
    throw rejected(operation, `currentExpiresAt "${request.currentExpiresAt}" is not a date`);
  }
  const current = await findDomain(ctx, split, operation);
  if (!current) throw notInAccount(full, operation);
  if (current.status === 'DEL') {
    throw new RegistrarRejectedError(
      `${operation}: ${full} is deleted (DEL, in quarantine): restore it instead of renewing`,
      { registrar: REGISTRAR, operation, code: '327', description: NOT_ACTIVE_TEXT },
    );
  }
  if (current.status !== 'ACT') {
    throw rejected(operation, `${full} has status ${current.status}: nothing to renew yet`, '366');
  }
  const expiry = registryExpiry(current, operation);
  if (!expiry) throw rejected(operation, `active domain ${full} has no expiry date`);
  const at = Date.parse(expiry);
  if (at > seen) return { alreadyDone: true, newExpiresAt: expiry, pending: false };
  if (at < seen) {
    throw rejected(
      operation,
      `${full} expires ${expiry} at Openprovider, before the ${request.currentExpiresAt} the caller saw: read the lifecycle again`,
    );
  }
  let status: string | null | undefined;
  try {
    const result = await ctx.client.call('POST', `/domains/${current.id}/renew`, statusDataSchema, {
      operation: `${operation}: POST /domains/{id}/renew`,
      body: { id: current.id, period: request.periodYears },
    });
    status = result.data.status;
  } catch (err) {
    if (err instanceof RegistrarRejectedError && err.details.code === '325') {
      return { alreadyDone: true, pending: false, ...(await expiryAfter(ctx, split, operation)) };
    }
    throw err;
  }
  return { alreadyDone: false, pending: isPendingAnswer(status), ...(await expiryAfter(ctx, split, operation)) };
}

/**
 * Restores a DEL domain (POST /domains/{id}/restore; spec 3.9, 5.5). Read first: ACT with an
 * expiry in the future (our earlier restore whose answer was lost) -> { alreadyDone: true };
 * RRQ -> { alreadyDone: true, pending: true }. A domain that moved from soft into hard
 * quarantine since the caller looked is refused when asked for 'soft-quarantine' (the restore
 * fee was not agreed); asked for 'hard-quarantine', a soft one is restored (cheaper). Purged
 * (is_deleted) -> 376; not in the account -> 320.
 */
export async function restore(ctx: OpenproviderContext, request: RestoreRequest): Promise<RenewResult> {
  const operation = 'restore';
  const split = splitName(request.domain, operation);
  const full = joinDomainName(split);
  const current = await findDomain(ctx, split, operation);
  if (!current) {
    if (await findDeletedDomain(ctx, split, operation)) {
      throw rejected(operation, `${full} is purged (is_deleted): it can no longer be restored`, '376');
    }
    throw notInAccount(full, operation);
  }
  if (current.status === 'RRQ') return { alreadyDone: true, pending: true };
  if (current.status === 'ACT') {
    const expiry = registryExpiry(current, operation);
    if (expiry && Date.parse(expiry) > ctx.now()) return { alreadyDone: true, newExpiresAt: expiry, pending: false };
    throw rejected(operation, `${full} is ACT but expired (${expiry ?? 'no date'}): renew it instead`, '376');
  }
  if (current.status !== 'DEL') {
    throw rejected(operation, `${full} has status ${current.status}: nothing to restore`, '376');
  }
  const phase = quarantinePhase(ctx, current, operation);
  if (phase === 'gone') {
    throw rejected(operation, `${full} is past its quarantine: it can no longer be restored`, '376');
  }
  if (phase === 'hard-quarantine' && request.phase === 'soft-quarantine') {
    throw rejected(
      operation,
      `${full} is in hard quarantine now, not soft: the restore fee applies; read the lifecycle again`,
    );
  }
  const result = await ctx.client.call('POST', `/domains/${current.id}/restore`, statusDataSchema, {
    operation: `${operation}: POST /domains/{id}/restore`,
    body: { id: current.id, domain: split },
  });
  return {
    alreadyDone: false,
    pending: isPendingAnswer(result.data.status),
    ...(await expiryAfter(ctx, split, operation)),
  };
}

export async function classify(
  ctx: OpenproviderContext,
  d: WireDomainObject,
  operation: string,
): Promise<DomainLifecycle> {
  const lifecycle = lifecycleOf(ctx, d, operation);
  if (lifecycle.phase !== 'hard-quarantine') return lifecycle;
  const restoreFee = await restoreFeeOf(ctx, d.domain.extension, operation);
  return restoreFee ? { ...lifecycle, restoreFee } : lifecycle;
}

/** The phase by status and dates, without the restore fee (a list of many domains asks nothing more). */
export function lifecycleOf(ctx: OpenproviderContext, d: WireDomainObject, operation: string): DomainLifecycle {
  const full = joinDomainName(d.domain);
  const dates = lifecycleDates(d, operation, d.status === 'ACT');
  const base = { domain: full, renewalMethod: 'renew' as const, registrarStatus: d.status, ...definedDates(dates) };
  const now = ctx.now();
  switch (d.status) {
    case 'ACT':
      return { ...base, phase: Date.parse(dates.displayExpiresAt!) <= now ? 'expired-grace' : 'active' };
    case 'REQ':
    case 'PEN':
    case 'SCH':
    case 'RRQ':
      return { ...base, phase: 'pending-create' };
    case 'FAI':
    case 'REJ':
      return { ...base, phase: 'deleted' };
    case 'DEL': {
      const phase = quarantinePhase(ctx, d, operation);
      return { ...base, phase: phase === 'gone' ? 'deleted' : phase };
    }
    default:
      throw rejected(operation, `${full} has the undocumented status ${d.status}`);
  }
}

/** DEL: which quarantine the dates say we are in now (spec 5.5: soft first, then hard). */
export function quarantinePhase(
  ctx: OpenproviderContext,
  d: WireDomainObject,
  operation: string,
): 'soft-quarantine' | 'hard-quarantine' | 'gone' {
  const dates = lifecycleDates(d, operation, false);
  const now = ctx.now();
  if (dates.softQuarantineUntil && Date.parse(dates.softQuarantineUntil) > now) return 'soft-quarantine';
  if (dates.hardQuarantineUntil && Date.parse(dates.hardQuarantineUntil) > now) return 'hard-quarantine';
  return 'gone';
}

/** The TLD's restore_price (reseller price, else product price); undefined when it cannot be read. */
export async function restoreFeeOf(
  ctx: OpenproviderContext,
  extension: string,
  operation: string,
): Promise<Money | undefined> {
  try {
    const result = await ctx.client.call('GET', `/tlds/${encodeURIComponent(extension)}`, tldSchema, {
      operation: `${operation}: GET /tlds/{name}`,
      query: { with_price: true },
    });
    const price = result.data.prices?.restore_price;
    const quote = price?.reseller ?? price?.product;
    if (!quote || quote.price == null || quote.price < 0 || !quote.currency) return undefined;
    return { amount: formatAmount(quote.price), currency: quote.currency.toUpperCase() };
  } catch (err) {
    if (err instanceof RegistrarError) return undefined;
    throw err;
  }
}

/** After a successful money call: the new registry expiry, when a re-read gives it (never throws). */
export async function expiryAfter(
  ctx: OpenproviderContext,
  split: OpenproviderDomain,
  operation: string,
): Promise<{ newExpiresAt?: string }> {
  try {
    const after = await findDomain(ctx, split, operation);
    const expiry = after && after.status === 'ACT' ? registryExpiry(after, operation) : undefined;
    return expiry ? { newExpiresAt: expiry } : {};
  } catch (err) {
    if (err instanceof RegistrarError) return {};
    throw err;
  }
}

/** GET /domains?full_name=...&is_deleted=true: a purged record of the name, newest first. */
export async function findDeletedDomain(
  ctx: OpenproviderContext,
  split: OpenproviderDomain,
  operation: string,
): Promise<WireDomainObject | undefined> {
  const fullName = joinDomainName(split);
  const result = await ctx.client.call('GET', '/domains', listDomainsDataSchema, {
    operation: `${operation}: GET /domains (is_deleted)`,
    query: { full_name: fullName, is_deleted: true, limit: 100 },
  });
  return (result.data.results ?? [])
    .filter((d) => joinDomainName(d.domain) === fullName)
    .sort((a, b) => b.id - a.id)[0];
}

import { needsPayRenewal, type DomainLifecycle } from '../../domain/lifecycle';
import { RegistrarRejectedError } from '../errors';
import type { RenewRequest, RenewResult, RestoreRequest } from '../registrar';
import { IspapiClient } from './client';
import { lifecycleFromDomainRow } from './lifecycle';
import { ispapiDateField, ispapiDateToIso, isoToIspapiDate } from './convert';
import { firstRow, type IspapiResponse } from './wire';
import { premiumSubclass, sendWithPremiumClass } from './reference-rules';
import { type IspapiContext, count } from './adapter-context';

/**
 * ISPAPI lifecycle reading, renewal and restore: the paying calls, each guarded so a retry cannot
 * pay twice. Part of IspapiRegistrar (./adapter).
 */

/**
 * The double-renewal guard parameter. HEXONET's reference (RenewDomain, PayDomainRenewal) defines
 * EXPIRATION as the expiry *year* (INT) and EXPIRATIONDATE as "the current expiration date" (TEXT),
 * answering 555 "Object already renewed" when it no longer matches: the date the caller read goes
 * in EXPIRATIONDATE, written as the API writes dates ('YYYY-MM-DD HH:MM:SS', UTC).
 */
export const RENEWAL_GUARD = 'EXPIRATIONDATE';

/**
 * The domain's phase, read the way the module's Sync does (spec 3.2):
 *  - StatusDomain 200: pending-create / pending-delete by STATUS; expired-grace when PAIDUNTILDATE
 *    (else EXPIRATIONDATE) has passed while the domain is still in the account; else active.
 *  - StatusDomain 531 (not an ACL refusal): transferred-away.
 *  - StatusDomain 545: last object-log entry OUTBOUND_TRANSFER/SUCCESSFUL => transferred-away;
 *    else QueryObjectList DELETEDDOMAIN: 545 => transferred-away, COUNT>0 => hard-quarantine
 *    (a restorable deleted domain costs the restore fee), COUNT=0 => deleted.
 */
export async function readLifecycle(ctx: IspapiContext, domain: string): Promise<DomainLifecycle> {
  const renewalMethod: DomainLifecycle['renewalMethod'] = needsPayRenewal(domain) ? 'pay' : 'renew';
  const response = await ctx.client.send({ COMMAND: 'StatusDomain', DOMAIN: domain });
  if (response.code === 531 && !/ACL/i.test(response.description)) {
    return { domain, phase: 'transferred-away', renewalMethod, registrarStatus: response.description };
  }
  if (response.code === 545) return vanished(ctx, domain, renewalMethod);
  IspapiClient.assertOk('StatusDomain', response);
  const statuses = (response.properties.STATUS ?? []).filter((s) => s !== '');
  return lifecycleFromDomainRow(domain, statuses, firstRow(response), ctx.now());
}

/** StatusDomain 545: transferred out, or deleted (restorable or not). */
export async function vanished(
  ctx: IspapiContext,
  domain: string,
  renewalMethod: 'renew' | 'pay',
): Promise<DomainLifecycle> {
  const log = await ctx.client.call({
    COMMAND: 'QueryObjectLogList',
    OBJECTCLASS: 'DOMAIN',
    OBJECTID: domain,
    ORDERBY: 'LOGDATEDESC',
    USERDEPTH: 'SELF',
    LIMIT: 1,
  });
  const last = firstRow(log);
  if (
    count(log) > 0 &&
    last.OPERATIONTYPE?.toUpperCase() === 'OUTBOUND_TRANSFER' &&
    last.OPERATIONSTATUS?.toUpperCase() === 'SUCCESSFUL'
  ) {
    return { domain, phase: 'transferred-away', renewalMethod, registrarStatus: 'OUTBOUND_TRANSFER SUCCESSFUL' };
  }
  // WIDE is mandatory in the reference (504 without it).
  const deleted = await ctx.client.send({
    COMMAND: 'QueryObjectList',
    OBJECTCLASS: 'DELETEDDOMAIN',
    OBJECTID: domain,
    WIDE: 1,
  });
  // The module reads 545 here as "transferred away" (spec 3.2).
  if (deleted.code === 545) {
    return { domain, phase: 'transferred-away', renewalMethod, registrarStatus: deleted.description };
  }
  IspapiClient.assertOk('QueryObjectList', deleted);
  if (count(deleted) === 0) return { domain, phase: 'deleted', renewalMethod, registrarStatus: 'not restorable' };
  const row = firstRow(deleted);
  const expiry = ispapiDateField(row, 'EXPIRATIONDATE', 'QueryObjectList');
  // The restorable period's end is not in the answer (DELETIONRESTORABLEPERIOD was only in
  // StatusDomain before the deletion), so hardQuarantineUntil stays unknown here.
  return {
    domain,
    phase: 'hard-quarantine',
    registryExpiresAt: expiry,
    displayExpiresAt: expiry,
    renewalMethod,
    registrarStatus: 'DELETEDDOMAIN',
  };
}

/**
 * One renewal, guarded: EXPIRATIONDATE=<the expiry the caller saw> makes a repeated call answer 555
 * "Object already renewed" instead of renewing twice (spec 2.11), which is reported as
 * alreadyDone. RenewDomain 510 (no explicit renewal for the TLD) is retried as PayDomainRenewal
 * with the same guard, as the modules do (spec 3.6); method 'pay' goes there directly.
 */
export async function renew(ctx: IspapiContext, request: RenewRequest): Promise<RenewResult> {
  const { domain, periodYears } = request;
  if (!Number.isInteger(periodYears) || periodYears < 1 || periodYears > 10) {
    throw new RegistrarRejectedError(`renew: periodYears must be 1-10, got ${periodYears}`, {
      registrar: 'ispapi',
      operation: 'RenewDomain',
    });
  }
  const guard = isoToIspapiDate(request.currentExpiresAt);
  if (guard === undefined) {
    throw new RegistrarRejectedError(`renew: currentExpiresAt is not a usable date (${request.currentExpiresAt})`, {
      registrar: 'ispapi',
      operation: 'RenewDomain',
    });
  }
  // A premium name needs its CLASS (reference, RenewDomain / PayDomainRenewal): ./reference-rules.
  const premium = () => premiumSubclass(ctx.client, domain);
  if (request.method === 'renew') {
    const response = await sendWithPremiumClass(
      ctx.client,
      { COMMAND: 'RenewDomain', DOMAIN: domain, PERIOD: periodYears, [RENEWAL_GUARD]: guard },
      premium,
    );
    if (response.code !== 510) return renewalResult('RenewDomain', response);
  }
  const paid = await sendWithPremiumClass(
    ctx.client,
    { COMMAND: 'PayDomainRenewal', DOMAIN: domain, PERIOD: periodYears, [RENEWAL_GUARD]: guard },
    premium,
  );
  return renewalResult('PayDomainRenewal', paid);
}

export function renewalResult(operation: string, response: IspapiResponse): RenewResult {
  // 555: the guard found the term already extended: an earlier call (whose answer may have been
  // lost) went through. Nothing was charged now.
  if (response.code === 555) return { alreadyDone: true, pending: false };
  IspapiClient.assertOk(operation, response);
  const newExpiresAt = ispapiDateField(firstRow(response), 'EXPIRATIONDATE', operation);
  return newExpiresAt === undefined
    ? { alreadyDone: false, pending: response.pending }
    : { alreadyDone: false, pending: response.pending, newExpiresAt };
}

/**
 * RestoreDomain for a restorable deleted domain (ISPAPI has only the redemption kind: restore
 * fee plus a year). A retry after a lost answer must not pay twice: 545 with the domain back in
 * the account, or 552 with the restore already pending, is reported as alreadyDone.
 */
export async function restore(ctx: IspapiContext, request: RestoreRequest): Promise<RenewResult> {
  const { domain } = request;
  // RENEWALMODE is "the renewal mode of the domain after it has been restored" (reference,
  // RestoreDomain); without it the account default (AUTORENEW) applies and the registrar would
  // renew on its own next to this engine. A premium name needs its CLASS: ./reference-rules.
  const response = await sendWithPremiumClass(ctx.client, {
    COMMAND: 'RestoreDomain',
    DOMAIN: domain,
    RENEWALMODE: 'AUTOEXPIRE',
  });
  if (response.code === 545) {
    const status = await ctx.client.send({ COMMAND: 'StatusDomain', DOMAIN: domain });
    IspapiClient.assertNotTemporary('StatusDomain', status);
    if (status.code === 200) {
      const expiry = ispapiDateField(firstRow(status), 'EXPIRATIONDATE', 'StatusDomain');
      return expiry === undefined
        ? { alreadyDone: true, pending: false }
        : { alreadyDone: true, pending: false, newExpiresAt: expiry };
    }
    IspapiClient.assertOk('RestoreDomain', response);
  }
  if (response.code === 552) {
    const restored = await restoredObject(ctx, domain);
    if (restored) return restored;
  }
  return renewalResult('RestoreDomain', response);
}

/**
 * After RestoreDomain 552: was the domain restored already (an earlier call whose answer was
 * lost)? QueryObjectList has no STATUS column (OBJECTCLASS, OBJECTID, CREATEDDATE, UPDATEDDATE,
 * EXPIRATIONDATE, USER ...), so the object classes tell: a DOMAIN object for the name means the
 * restore was accepted; while its DELETEDDOMAIN object is still listed it is pending.
 * undefined: no DOMAIN object, the 552 stands.
 */
export async function restoredObject(ctx: IspapiContext, domain: string): Promise<RenewResult | undefined> {
  const list = await ctx.client.send({ COMMAND: 'QueryObjectList', OBJECTID: domain, WIDE: 1 });
  IspapiClient.assertNotTemporary('QueryObjectList', list);
  if (list.code !== 200) return undefined;
  const rows = (list.properties.OBJECTID ?? []).map((id, i) => ({
    id: id.trim().toLowerCase(),
    cls: (list.properties.OBJECTCLASS?.[i] ?? '').trim().toUpperCase(),
    expires: list.properties.EXPIRATIONDATE?.[i] ?? '',
  }));
  const mine = rows.filter((r) => r.id === domain.toLowerCase());
  const object = mine.find((r) => r.cls === 'DOMAIN');
  if (!object) return undefined;
  const pending = mine.some((r) => r.cls === 'DELETEDDOMAIN');
  const newExpiresAt = ispapiDateToIso(object.expires);
  return newExpiresAt === undefined ? { alreadyDone: true, pending } : { alreadyDone: true, pending, newExpiresAt };
}

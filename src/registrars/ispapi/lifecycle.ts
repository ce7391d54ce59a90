import { needsPayRenewal, type DomainLifecycle } from '../../domain/lifecycle';
import { RegistrarRejectedError } from '../errors';
import { ispapiDateField, ispapiDateToIso } from './convert';

/**
 * A domain's phase and dates from ISPAPI's columns, shared by the adapter (StatusDomain) and the
 * portfolio listing (QueryDomainList rows), which must not import the adapter: it imports them.
 */

export const hasStatus = (statuses: string[], ...words: string[]): boolean =>
  statuses.some((s) => words.includes(s.toUpperCase()));

/**
 * The expiry shown to people, exactly as the reseller module's Domain::getExpiryData computes it
 * (spec 3.2, v5.1.x-v6 since issue #82; all dates UTC):
 *  - FAILUREDATE > PAIDUNTILDATE  =>  PAIDUNTILDATE (the normal case: paid-until is the date by
 *    which the renewal must be done);
 *  - otherwise  =>  FINALIZATIONDATE + (PAIDUNTILDATE - EXPIRATIONDATE): TLDs where HEXONET must
 *    act before the registry expiry (e.g. .eu) show the finalization date, shifted by prepaid time.
 * Fallbacks (Blesta): without FINALIZATIONDATE (new registrations) PAIDUNTILDATE; without
 * PAIDUNTILDATE the registry expiry; without FAILUREDATE the first branch (PAIDUNTILDATE).
 */
export function ispapiDisplayExpiry(d: {
  expiration: string;
  paidUntil?: string;
  finalization?: string;
  failure?: string;
}): string {
  if (d.paidUntil === undefined) return d.expiration;
  const paid = Date.parse(d.paidUntil);
  if (d.failure === undefined || Date.parse(d.failure) > paid) return d.paidUntil;
  if (d.finalization === undefined) return d.paidUntil;
  return new Date(Date.parse(d.finalization) + (paid - Date.parse(d.expiration))).toISOString();
}

/**
 * The phase and dates of a domain that is in the account, from StatusDomain's columns (or the same
 * columns of a QueryDomainList row): the rules of readLifecycle for an answer 200.
 */
export function lifecycleFromDomainRow(
  domain: string,
  statuses: string[],
  row: Record<string, string>,
  now: Date,
  operation = 'StatusDomain',
): DomainLifecycle {
  const renewalMethod: DomainLifecycle['renewalMethod'] = needsPayRenewal(domain) ? 'pay' : 'renew';
  const words = [statuses.join(' ')];
  if (row.RENEWALMODE) words.push(`RENEWALMODE=${row.RENEWALMODE}`);
  if (row.NEXTACTION) words.push(`NEXTACTION=${row.NEXTACTION} ${row.NEXTACTIONDATE ?? ''}`.trim());
  const registrarStatus = words.filter((w) => w !== '').join('; ');

  if (hasStatus(statuses, 'REQUESTEDCREATE', 'PENDINGCREATE')) {
    // Not created yet: the registry dates are legitimately absent or provisional.
    const expiry = ispapiDateToIso(row.EXPIRATIONDATE ?? row.REGISTRATIONEXPIRATIONDATE);
    return { domain, phase: 'pending-create', registryExpiresAt: expiry, renewalMethod, registrarStatus };
  }
  const op = operation;
  const expiration =
    ispapiDateField(row, 'EXPIRATIONDATE', op) ?? ispapiDateField(row, 'REGISTRATIONEXPIRATIONDATE', op);
  if (expiration === undefined) {
    throw new RegistrarRejectedError(`${op}: ${domain} has no EXPIRATIONDATE`, {
      registrar: 'ispapi',
      operation: op,
      description: 'EXPIRATIONDATE missing',
    });
  }
  const paidUntil = ispapiDateField(row, 'PAIDUNTILDATE', op);
  const displayExpiresAt = ispapiDisplayExpiry({
    expiration,
    paidUntil,
    finalization: ispapiDateField(row, 'FINALIZATIONDATE', op),
    failure: ispapiDateField(row, 'FAILUREDATE', op),
  });
  const base = { domain, registryExpiresAt: expiration, displayExpiresAt, renewalMethod, registrarStatus };
  if (hasStatus(statuses, 'REQUESTEDDELETE', 'PENDINGDELETE')) return { ...base, phase: 'pending-delete' };
  const paidThrough = Date.parse(paidUntil ?? expiration);
  return { ...base, phase: now.getTime() > paidThrough ? 'expired-grace' : 'active' };
}

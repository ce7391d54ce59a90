import { RegistrarError, RegistrarRejectedError, RegistrarTemporaryError } from '../errors';
import { NOT_IN_ACCOUNT_CODES } from './codes';
import { OpenproviderDateError, parseOptionalOpenproviderDate } from './dates';
import { joinDomainName, OpenproviderDomainNameError, splitDomainName, type OpenproviderDomain } from './domain-name';
import { domainObjectSchema, listDomainsDataSchema, type WireDomainObject } from './wire';
import { type OpenproviderContext, REGISTRAR } from './adapter-context';

/**
 * The look-ups the Openprovider capability modules share: a domain name split for the API, the
 * domain object by name or id, the "not in this account" answers, and the dates of a domain
 * object. Part of OpenproviderRegistrar (./adapter).
 */

export interface LifecycleDates {
  registryExpiresAt?: string;
  displayExpiresAt?: string;
  softQuarantineUntil?: string;
  hardQuarantineUntil?: string;
}

/** The lifecycle dates as ISO UTC; `required`: registry expiry and renewal_date must be there. */
export function lifecycleDates(d: WireDomainObject, operation: string, required: boolean): LifecycleDates {
  const full = joinDomainName(d.domain);
  try {
    const dates: LifecycleDates = {
      registryExpiresAt:
        parseOptionalOpenproviderDate(d.registry_expiration_date, 'registry_expiration_date') ??
        parseOptionalOpenproviderDate(d.expiration_date, 'expiration_date'),
      displayExpiresAt: parseOptionalOpenproviderDate(d.renewal_date, 'renewal_date'),
      softQuarantineUntil: parseOptionalOpenproviderDate(d.soft_quarantine_expiry_date, 'soft_quarantine_expiry_date'),
      hardQuarantineUntil: parseOptionalOpenproviderDate(d.hard_quarantine_expiry_date, 'hard_quarantine_expiry_date'),
    };
    if (required && !dates.registryExpiresAt) throw new OpenproviderDateError('expiration_date is empty');
    if (required && !dates.displayExpiresAt) throw new OpenproviderDateError('renewal_date is empty');
    return dates;
  } catch (err) {
    if (err instanceof OpenproviderDateError) {
      throw new RegistrarRejectedError(`${operation}: ${full} (${d.status}): ${err.message}`, {
        registrar: REGISTRAR,
        operation,
      });
    }
    throw err;
  }
}

export function definedDates(dates: LifecycleDates): LifecycleDates {
  return Object.fromEntries(Object.entries(dates).filter(([, v]) => v !== undefined)) as LifecycleDates;
}

export function registryExpiry(d: WireDomainObject, operation: string): string | undefined {
  return expiryOf(d, operation);
}

/** Registry expiry (registry_expiration_date, else expiration_date) as ISO UTC; Openprovider's earlier renewal_date is not it. */
export function expiryOf(
  d: { registry_expiration_date?: string | null; expiration_date?: string | null },
  operation: string,
): string | undefined {
  try {
    return (
      parseOptionalOpenproviderDate(d.registry_expiration_date, 'registry_expiration_date') ??
      parseOptionalOpenproviderDate(d.expiration_date, 'expiration_date')
    );
  } catch (err) {
    if (err instanceof OpenproviderDateError) {
      throw new RegistrarRejectedError(`${operation}: ${err.message}`, { registrar: REGISTRAR, operation });
    }
    throw err;
  }
}

export function notInAccount(full: string, operation: string): RegistrarRejectedError {
  return new RegistrarRejectedError(`${operation}: ${full} is not in this Openprovider account`, {
    registrar: REGISTRAR,
    operation,
    code: '320',
    description: 'The domain is not in your account; please transfer it to your account first.',
  });
}

export function rejected(operation: string, message: string, code?: string): RegistrarRejectedError {
  return new RegistrarRejectedError(`${operation}: ${message}`, {
    registrar: REGISTRAR,
    operation,
    ...(code ? { code } : {}),
  });
}

/**
 * GET /domains?full_name=... (exact name, as upmind does). Deleted records are skipped; when
 * several remain (an old failed request next to a new one) the newest id wins.
 */
export async function findDomain(
  ctx: OpenproviderContext,
  split: OpenproviderDomain,
  operation: string,
): Promise<WireDomainObject | undefined> {
  const fullName = joinDomainName(split);
  const result = await ctx.client.call('GET', '/domains', listDomainsDataSchema, {
    operation: `${operation}: GET /domains`,
    query: { full_name: fullName, limit: 100 },
  });
  return (result.data.results ?? [])
    .filter((d) => d.is_deleted !== true && joinDomainName(d.domain) === fullName)
    .sort((a, b) => b.id - a.id)[0];
}

export async function getById(
  ctx: OpenproviderContext,
  id: number,
  operation: string,
  query: Record<string, boolean>,
): Promise<WireDomainObject | undefined> {
  try {
    const result = await ctx.client.call('GET', `/domains/${id}`, domainObjectSchema, {
      operation: `${operation}: GET /domains/{id}`,
      query,
    });
    return result.data;
  } catch (err) {
    if (err instanceof RegistrarError && NOT_IN_ACCOUNT_CODES.has(Number(err.details.code))) return undefined;
    throw err;
  }
}

export async function requireId(
  ctx: OpenproviderContext,
  split: OpenproviderDomain,
  operation: string,
): Promise<number> {
  const found = await findDomain(ctx, split, operation);
  if (!found) {
    throw new RegistrarRejectedError(`${operation}: ${joinDomainName(split)} is not in this Openprovider account`, {
      registrar: REGISTRAR,
      operation,
      code: '320',
      description: 'The domain is not in your account; please transfer it to your account first.',
    });
  }
  return found.id;
}

export function splitName(domain: string, operation: string): OpenproviderDomain {
  try {
    return splitDomainName(domain);
  } catch (err) {
    if (err instanceof OpenproviderDomainNameError) {
      throw new RegistrarRejectedError(`${operation}: ${err.message}`, { registrar: REGISTRAR, operation });
    }
    throw err;
  }
}

export function temporary(operation: string, message: string): RegistrarTemporaryError {
  return new RegistrarTemporaryError(`${operation}: ${message}`, { registrar: REGISTRAR, operation });
}

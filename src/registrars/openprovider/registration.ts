import { splitRegistrationExtras, writeOwnerExtensionData } from './registration-extras';
import { RegistrarError, RegistrarRejectedError } from '../errors';
import type { Availability, Money, RegisterRequest, RegisterResult } from '../registrar';
import { joinDomainName, OpenproviderDomainNameError, splitDomainName, type OpenproviderDomain } from './domain-name';
import { checkDomainsDataSchema, createDataSchema, type WireCheckResult, type WireDomainObject } from './wire';
import {
  type OpenproviderContext,
  PENDING,
  REGISTRAR,
  ROLES,
  formatAmount,
  toWireNameservers,
} from './adapter-context';
import { expiryOf, findDomain, splitName } from './domain-lookup';

/**
 * Openprovider availability (POST /domains/check) and registration (POST /domains, premium
 * prices, TLD additional_data, autorenew off). Part of OpenproviderRegistrar (./adapter).
 */

/** POST /domains/check names per call */
export const CHECK_BATCH = 20;

/** expiresAt only for active domains (a requested registration has no dates yet). */
export function registerResult(
  state: 'active' | 'pending',
  alreadyRegistered: boolean,
  d: { id?: number | null; registry_expiration_date?: string | null; expiration_date?: string | null },
  operation: string,
): RegisterResult {
  const expiresAt = state === 'active' ? expiryOf(d, operation) : undefined;
  return {
    state,
    alreadyRegistered,
    ...(expiresAt ? { expiresAt } : {}),
    ...(d.id != null ? { reference: String(d.id) } : {}),
  };
}

export function isInvalidExtension(err: unknown): err is RegistrarRejectedError {
  return err instanceof RegistrarRejectedError && err.details.code === '307';
}

export function reasonOf(err: RegistrarError): string {
  return err.details.description ?? err.message;
}

/** Openprovider's create price of a premium name, as a decimal string. */
export function premiumPriceOf(row: WireCheckResult): Money | undefined {
  const amount = row.premium?.price?.create;
  const currency = row.premium?.currency;
  if (amount === undefined || amount === null || !currency || amount <= 0) return undefined;
  return { amount: formatAmount(amount), currency: currency.toUpperCase() };
}

export function samePrice(a: Money, b: Money): boolean {
  return a.currency.toUpperCase() === b.currency.toUpperCase() && Number(a.amount) === Number(b.amount);
}

export function toAvailability(domain: string, row: WireCheckResult | undefined): Availability {
  if (!row) return { domain, status: 'unknown', reason: 'POST /domains/check answered without this domain' };
  const reason = row.reason?.trim() || undefined;
  const status = row.status.toLowerCase();
  if (status === 'free') {
    if (row.is_premium === true) {
      const premiumPrice = premiumPriceOf(row);
      return { domain, status: 'premium', ...(premiumPrice ? { premiumPrice } : {}), ...(reason ? { reason } : {}) };
    }
    return { domain, status: 'available', ...(reason ? { reason } : {}) };
  }
  if (status === 'active') return { domain, status: 'taken', ...(reason ? { reason } : {}) };
  if (status === 'reserved') return { domain, status: 'reserved', ...(reason ? { reason } : {}) };
  return { domain, status: 'unknown', reason: `Openprovider status ${row.status}${reason ? `: ${reason}` : ''}` };
}

/** ACT -> active; REQ/SCH/PEN (requested, scheduled, pending information) -> pending; else none. */
export function registrationState(status: string): 'active' | 'pending' | undefined {
  if (status === 'ACT') return 'active';
  if (PENDING.has(status)) return 'pending';
  return undefined;
}

/**
 * POST /domains/check with prices, CHECK_BATCH names per call. free -> available (premium when
 * is_premium, with premium.price.create), active -> taken, reserved -> reserved; a name whose
 * extension Openprovider does not sell (307) -> unsupported. A batch refused with 307 is asked
 * again one name at a time, so one bad extension does not hide the answers for the others.
 * Answers come back in the order asked.
 */
export async function checkAvailability(ctx: OpenproviderContext, domains: string[]): Promise<Availability[]> {
  const operation = 'checkAvailability';
  const out = new Map<string, Availability>();
  const valid: Array<{ asked: string; split: OpenproviderDomain }> = [];
  for (const asked of domains) {
    try {
      valid.push({ asked, split: splitDomainName(asked) });
    } catch (err) {
      if (!(err instanceof OpenproviderDomainNameError)) throw err;
      out.set(asked, { domain: asked, status: 'unsupported', reason: err.message });
    }
  }
  for (let i = 0; i < valid.length; i += CHECK_BATCH) {
    const batch = valid.slice(i, i + CHECK_BATCH);
    let rows: WireCheckResult[];
    try {
      rows = await check(
        ctx,
        batch.map((b) => b.split),
        operation,
      );
    } catch (err) {
      if (!isInvalidExtension(err) || batch.length === 1) {
        if (isInvalidExtension(err)) {
          out.set(batch[0]!.asked, {
            domain: joinDomainName(batch[0]!.split),
            status: 'unsupported',
            reason: reasonOf(err),
          });
          continue;
        }
        throw err;
      }
      for (const one of batch) {
        try {
          const [row] = await check(ctx, [one.split], operation);
          out.set(one.asked, toAvailability(joinDomainName(one.split), row));
        } catch (inner) {
          if (!isInvalidExtension(inner)) throw inner;
          out.set(one.asked, { domain: joinDomainName(one.split), status: 'unsupported', reason: reasonOf(inner) });
        }
      }
      continue;
    }
    for (const b of batch) {
      const full = joinDomainName(b.split);
      out.set(
        b.asked,
        toAvailability(
          full,
          rows.find((r) => r.domain.toLowerCase() === full),
        ),
      );
    }
  }
  return domains.map((d) => out.get(d)!);
}

/**
 * Idempotent: a domain already in this account (an earlier attempt went through) is reported
 * without a second POST. Renewal stays with this engine: autorenew "off". Contacts must be
 * handles (ensureContact first). TLD extras go out as additional_data under their Openprovider
 * names, or onto the owner handle where Openprovider keeps them (./registration-extras.ts). A
 * premium price is accepted (accept_premium_fee) only when request.premiumPrice equals
 * Openprovider's current quote; without it Openprovider refuses a premium name (379).
 */
export async function register(ctx: OpenproviderContext, request: RegisterRequest): Promise<RegisterResult> {
  const operation = 'register';
  const split = splitName(request.domain, operation);
  const full = joinDomainName(split);
  const handles = {} as Record<(typeof ROLES)[number], string>;
  for (const role of ROLES) {
    const input = request.contacts[role];
    if (!input || !('handle' in input) || input.handle.trim() === '') {
      throw new RegistrarRejectedError(
        `${operation}: the ${role} contact must be an Openprovider handle (call ensureContact first)`,
        { registrar: REGISTRAR, operation },
      );
    }
    handles[role] = input.handle.trim();
  }
  const extras = splitRegistrationExtras(request.domain, request.extras, operation);
  const additionalData = extras.additionalData;

  const existing = await findDomain(ctx, split, operation);
  if (existing) return alreadyRegistered(existing, operation);
  // .us nexus, .eu citizenship: Openprovider reads them from the owner handle, so they go there first.
  await writeOwnerExtensionData(ctx.client, handles.owner, extras.extension, extras.customerData, operation);

  const body: Record<string, unknown> = {
    domain: split,
    period: request.periodYears,
    unit: 'y',
    owner_handle: handles.owner,
    admin_handle: handles.admin,
    tech_handle: handles.tech,
    billing_handle: handles.billing,
    autorenew: 'off',
  };
  if (request.nameservers && request.nameservers.length > 0) body.name_servers = toWireNameservers(request.nameservers);
  if (Object.keys(additionalData).length > 0) body.additional_data = additionalData;
  if (request.premiumPrice) {
    const [row] = await check(ctx, [split], operation);
    const quote = row ? premiumPriceOf(row) : undefined;
    if (row?.is_premium === true) {
      if (!quote || !samePrice(quote, request.premiumPrice)) {
        throw new RegistrarRejectedError(
          `${operation}: ${full} is premium at ${quote ? `${quote.amount} ${quote.currency}` : 'an unknown price'}, not the accepted ${request.premiumPrice.amount} ${request.premiumPrice.currency}`,
          { registrar: REGISTRAR, operation, code: '379' },
        );
      }
      body.accept_premium_fee = Number(quote.amount);
    }
  }

  let created;
  try {
    created = await ctx.client.call('POST', '/domains', createDataSchema, {
      operation: `${operation}: POST /domains`,
      body,
    });
  } catch (err) {
    // 326/311 may be our own earlier attempt whose answer was lost: look again before failing.
    if (err instanceof RegistrarRejectedError && (err.details.code === '326' || err.details.code === '311')) {
      const again = await findDomain(ctx, split, operation);
      if (again) return alreadyRegistered(again, operation);
    }
    if (err instanceof RegistrarRejectedError && err.details.code === '379') {
      throw new RegistrarRejectedError(
        `${operation}: ${full} is a premium name; quote it with checkAvailability and register with premiumPrice (${err.message})`,
        err.details,
        { cause: err },
      );
    }
    throw err;
  }
  const state = registrationState(created.data.status);
  if (!state) {
    throw new RegistrarRejectedError(`${operation}: Openprovider answered status ${created.data.status} for ${full}`, {
      registrar: REGISTRAR,
      operation,
    });
  }
  return registerResult(state, false, created.data, operation);
}

export async function check(
  ctx: OpenproviderContext,
  split: OpenproviderDomain[],
  operation: string,
): Promise<WireCheckResult[]> {
  const result = await ctx.client.call('POST', '/domains/check', checkDomainsDataSchema, {
    operation: `${operation}: POST /domains/check`,
    body: { domains: split, with_price: true },
  });
  return result.data.results ?? [];
}

export function alreadyRegistered(d: WireDomainObject, operation: string): RegisterResult {
  const state = registrationState(d.status);
  if (!state) {
    throw new RegistrarRejectedError(
      `${operation}: ${joinDomainName(d.domain)} is already in this account with status ${d.status}`,
      { registrar: REGISTRAR, operation, code: '326', description: 'The domain is already in your account' },
    );
  }
  return registerResult(state, true, d, operation);
}

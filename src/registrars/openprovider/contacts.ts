import { z } from 'zod';
import { sameContact, sameLegalIdentity, type Contact } from '../../domain/contact';
import { RegistrarRejectedError } from '../errors';
import {
  fromCustomer,
  normaliseContact,
  OpenproviderContactError,
  toCustomer,
  toCustomerUpdate,
  type WireCustomerData,
} from './customer';
import { createCustomerDataSchema, customerSchema, listCustomersDataSchema, type WireCustomer } from './wire';
import { type OpenproviderContext, REGISTRAR } from './adapter-context';

/**
 * Openprovider contact handles: ensureContact reuses a customer whose data is the same (or whose
 * name and organisation match, after updating it) before creating one. Part of
 * OpenproviderRegistrar (./adapter).
 */

export const CUSTOMER_PAGE = 100;

/** customers with the same name looked at before giving up and creating a new handle */
export const MAX_CUSTOMER_SEARCH = 1000;

/**
 * Stateless handle reuse (spec 5.3, 5.4; the engine keeps no handle table). Customers with the
 * same first and last name are searched (GET /customers, last_name_pattern + first_name_pattern,
 * all pages); of those with the same legal identity (name and company), one whose data is
 * identical after the mapping (./customer) is reused without a write (GET /customers/{handle}
 * confirms the fields the list leaves out, e.g. fax). Otherwise the oldest same-identity handle
 * is updated (PUT /customers/{handle}) and reused; with none, POST /customers makes a new one.
 * Two concurrent calls for the same new person could both create a handle, so callers that may
 * overlap go through the `contactHandle` workflow (one per contact identity, src/workflows/
 * contact-handle.ts), which makes the call once and hands every caller the same handle.
 */
export async function ensureContact(
  ctx: OpenproviderContext,
  contact: Contact,
): Promise<{ handle: string; reused: boolean }> {
  const operation = 'ensureContact';
  let wanted: WireCustomerData;
  try {
    wanted = toCustomer(contact);
  } catch (err) {
    if (err instanceof OpenproviderContactError) {
      throw new RegistrarRejectedError(`${operation}: ${err.message}`, { registrar: REGISTRAR, operation });
    }
    throw err;
  }
  const normal = normaliseContact(contact);
  const candidates = (await searchCustomers(ctx, wanted, operation))
    .filter((c) => c.is_deleted !== true && sameLegalIdentity(fromCustomer(c), normal))
    .sort((a, b) => (a.id ?? Number.MAX_SAFE_INTEGER) - (b.id ?? Number.MAX_SAFE_INTEGER));
  const withoutFax = (c: Contact): Contact => ({ ...c, fax: undefined });
  for (const candidate of candidates) {
    // The list leaves out fax: compare the rest first, then confirm on the full record.
    if (candidate.fax === undefined && !sameContact(withoutFax(fromCustomer(candidate)), withoutFax(normal))) continue;
    const full = candidate.fax === undefined ? await getCustomer(ctx, candidate.handle, operation) : candidate;
    if (full && sameContact(fromCustomer(full), normal)) return { handle: full.handle, reused: true };
  }
  const target = candidates[0];
  if (target) {
    await ctx.client.call('PUT', `/customers/${encodeURIComponent(target.handle)}`, z.unknown(), {
      operation: `${operation}: PUT /customers/{handle}`,
      body: toCustomerUpdate(wanted),
    });
    return { handle: target.handle, reused: true };
  }
  const created = await ctx.client.call('POST', '/customers', createCustomerDataSchema, {
    operation: `${operation}: POST /customers`,
    body: wanted,
  });
  return { handle: created.data.handle, reused: false };
}

/** Same first and last name, every page (the wildcard-free pattern is an exact match). */
export async function searchCustomers(
  ctx: OpenproviderContext,
  wanted: WireCustomerData,
  operation: string,
): Promise<WireCustomer[]> {
  const found: WireCustomer[] = [];
  for (let offset = 0; offset < MAX_CUSTOMER_SEARCH; offset += CUSTOMER_PAGE) {
    const page = await ctx.client.call('GET', '/customers', listCustomersDataSchema, {
      operation: `${operation}: GET /customers`,
      query: {
        last_name_pattern: wanted.name.last_name,
        first_name_pattern: wanted.name.first_name,
        limit: CUSTOMER_PAGE,
        offset,
      },
    });
    const results = page.data.results ?? [];
    found.push(...results);
    if (results.length < CUSTOMER_PAGE || offset + CUSTOMER_PAGE >= (page.data.total ?? 0)) break;
  }
  return found;
}

export async function getCustomer(
  ctx: OpenproviderContext,
  handle: string,
  operation: string,
): Promise<WireCustomer | undefined> {
  try {
    const result = await ctx.client.call('GET', `/customers/${encodeURIComponent(handle)}`, customerSchema, {
      operation: `${operation}: GET /customers/{handle}`,
    });
    return result.data;
  } catch (err) {
    // A handle that vanished between the search and the read is no candidate.
    if (err instanceof RegistrarRejectedError) return undefined;
    throw err;
  }
}

import { sameContact, type Contact, type ContactRole } from '../../domain/contact';
import type { DomainContact } from '../contacts';
import { RegistrarRejectedError } from '../errors';
import type { ContactInput } from '../registrar';
import { type OpenproviderContext, REGISTRAR } from './adapter-context';
import { getCustomer } from './contacts';
import { fromCustomer, normaliseContact, OpenproviderContactError } from './customer';
import { findDomain, getById, rejected, splitName, temporary } from './domain-lookup';
import { updateDataSchema } from './wire';

/**
 * Openprovider contacts of a domain, one role at a time (src/registrars/contacts.ts): the domain's
 * <role>_handle read with GET /domains/{id}, the customer behind it with GET /customers/{handle},
 * and PUT /domains/{id} with the new handle, read back. Part of OpenproviderRegistrar (./adapter).
 */

const handleField = (role: ContactRole) => `${role}_handle` as const;
const handleOf = (d: Record<string, unknown>, role: ContactRole): string => {
  const value = d[handleField(role)];
  return typeof value === 'string' ? value.trim() : '';
};

export async function domainContact(
  ctx: OpenproviderContext,
  domain: string,
  role: ContactRole,
): Promise<DomainContact | null> {
  const operation = 'domainContact';
  const found = await findDomain(ctx, splitName(domain, operation), operation);
  if (!found) return null;
  const full = await getById(ctx, found.id, operation, {});
  if (!full || full.is_deleted === true) return null;
  const handle = handleOf(full, role);
  if (handle === '') throw rejected(operation, `${domain} has no ${handleField(role)}`);
  const customer = await getCustomer(ctx, handle, operation);
  if (!customer) throw rejected(operation, `the ${role} handle of ${domain} (${handle}) cannot be read`);
  return { handle, contact: fromCustomer(customer) };
}

/** The data a customer made from `wanted` would hold (Openprovider splits streets and phones). */
export function sameCustomerData(held: Contact, wanted: Contact): boolean {
  try {
    return sameContact(held, normaliseContact(wanted));
  } catch (err) {
    if (err instanceof OpenproviderContactError) return false;
    throw err;
  }
}

/** PUT /domains/{id} with <role>_handle; done once GET /domains/{id} shows the handle. */
export async function updateContact(
  ctx: OpenproviderContext,
  domain: string,
  role: ContactRole,
  contact: ContactInput,
): Promise<void> {
  const operation = 'updateContact';
  if (!('handle' in contact) || contact.handle.trim() === '') {
    throw new RegistrarRejectedError(`${operation}: Openprovider takes contacts as handles (make one first)`, {
      registrar: REGISTRAR,
      operation,
    });
  }
  const handle = contact.handle.trim();
  const found = await findDomain(ctx, splitName(domain, operation), operation);
  if (!found) throw rejected(operation, `${domain} is not in this Openprovider account`, '320');
  await ctx.client.call('PUT', `/domains/${found.id}`, updateDataSchema, {
    operation: `${operation}: PUT /domains/{id}`,
    body: { [handleField(role)]: handle },
  });
  const after = await getById(ctx, found.id, operation, {});
  if (!after || handleOf(after, role).toUpperCase() !== handle.toUpperCase()) {
    throw temporary(operation, `${domain} does not show ${handleField(role)} ${handle} yet`);
  }
}

import type { Contact, ContactRole } from '../../domain/contact';
import type { DomainContact } from '../contacts';
import { RegistrarRejectedError } from '../errors';
import type { ContactInput } from '../registrar';
import type { IspapiContext } from './adapter-context';
import { IspapiClient } from './client';
import { contactParam, inlineContact } from './convert';
import { modifyDomainConfirmed } from './reference-rules';
import { firstRow } from './wire';

/**
 * ISPAPI contacts of a domain, one role at a time (src/registrars/contacts.ts). AddContact answers
 * the handle the account already has for identical data (NEW=0; NEW=1 would force a new one, which
 * is never sent), so a handle is reused by the API itself; ModifyDomain <ROLE>CONTACT0 points the
 * domain at it. Part of IspapiRegistrar (./adapter).
 */

const ROLE_KEY: Record<ContactRole, string> = {
  owner: 'OWNERCONTACT',
  admin: 'ADMINCONTACT',
  tech: 'TECHCONTACT',
  billing: 'BILLINGCONTACT',
};

/** inlineContact joins address lines with " , "; read back the same way. */
const STREET_SEPARATOR = ' , ';

/** StatusContact's fields as a Contact (empty optional fields left out). */
export function contactFromStatus(row: Record<string, string>): Contact {
  const text = (key: string) => (row[key] ?? '').trim();
  const optional = (key: string) => (text(key) === '' ? undefined : text(key));
  return {
    firstName: text('FIRSTNAME'),
    lastName: text('LASTNAME'),
    ...(optional('ORGANIZATION') ? { organisation: optional('ORGANIZATION') } : {}),
    street: text('STREET')
      .split(STREET_SEPARATOR)
      .map((s) => s.trim())
      .filter((s) => s !== ''),
    city: text('CITY'),
    ...(optional('STATE') ? { state: optional('STATE') } : {}),
    postalCode: text('ZIP'),
    countryCode: text('COUNTRY').toUpperCase(),
    phone: text('PHONE'),
    ...(optional('FAX') ? { fax: optional('FAX') } : {}),
    email: text('EMAIL'),
  };
}

export async function domainContact(
  ctx: IspapiContext,
  domain: string,
  role: ContactRole,
): Promise<DomainContact | null> {
  const status = await ctx.client.send({ COMMAND: 'StatusDomain', DOMAIN: domain });
  // 545: not found; 531 (not an ACL refusal): not ours any more.
  if (status.code === 545 || (status.code === 531 && !/ACL/i.test(status.description))) return null;
  IspapiClient.assertOk('StatusDomain', status);
  const row = firstRow(status);
  const handle = (row[ROLE_KEY[role]] ?? '').trim();
  if (handle === '') {
    throw new RegistrarRejectedError(`StatusDomain: ${domain} has no ${ROLE_KEY[role]}`, {
      registrar: 'ispapi',
      operation: 'StatusDomain',
    });
  }
  const contact = firstRow(await ctx.client.call({ COMMAND: 'StatusContact', CONTACT: handle }));
  return { handle, contact: contactFromStatus(contact) };
}

/** AddContact without NEW: the API answers its existing handle for identical data (NEW=0). */
export async function contactHandle(
  ctx: IspapiContext,
  contact: Contact,
): Promise<{ handle: string; reused: boolean }> {
  const response = await ctx.client.call({
    COMMAND: 'AddContact',
    // NAME is mandatory on the reference page ("separated by space to fill FIRSTNAME and LASTNAME");
    // FIRSTNAME and LASTNAME are sent too, so a first name with a space stays whole.
    NAME: `${contact.firstName} ${contact.lastName}`,
    ...inlineContact(contact),
  });
  const row = firstRow(response);
  const handle = (row.CONTACT ?? '').trim();
  if (handle === '') {
    throw new RegistrarRejectedError('AddContact: the answer names no CONTACT', {
      registrar: 'ispapi',
      operation: 'AddContact',
    });
  }
  return { handle, reused: row.NEW === '0' };
}

const norm = (v: unknown) =>
  String(v ?? '')
    .trim()
    .replace(/\s+/g, ' ')
    .toLowerCase();

/** The same data as the API's inline fields (case and runs of spaces aside). */
export function sameContactData(held: Contact, wanted: Contact): boolean {
  const a = inlineContact(held);
  const b = inlineContact(wanted);
  return Object.keys({ ...a, ...b }).every((key) => norm(a[key]) === norm(b[key]));
}

export async function updateContact(
  ctx: IspapiContext,
  domain: string,
  role: ContactRole,
  contact: ContactInput,
): Promise<void> {
  const key = ROLE_KEY[role];
  await modifyDomainConfirmed(ctx.client, { DOMAIN: domain, [key]: contactParam(contact) }, async () => {
    const now = firstRow(await ctx.client.call({ COMMAND: 'StatusDomain', DOMAIN: domain }));
    if ('handle' in contact) return (now[key] ?? '').trim() === contact.handle;
    const current = await domainContact(ctx, domain, role);
    return current !== null && sameContactData(current.contact, contact.contact);
  });
}

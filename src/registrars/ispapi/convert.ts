import type { Contact } from '../../domain/contact';
import { RegistrarRejectedError } from '../errors';
import type { ContactInput } from '../registrar';
import type { CommandRecord, CommandValue } from './wire';

/**
 * ISPAPI values to and from ours (dates, inline contacts), for the adapter and its helpers
 * (registrant-change), which must not import the adapter: it imports them.
 */

/** ISPAPI dates are UTC without a marker; the "never" date is all zeros. */
export function ispapiDateToIso(value: string | undefined): string | undefined {
  if (!value || value.startsWith('0000-00-00')) return undefined;
  const match = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})$/.exec(value.trim());
  if (!match) return undefined;
  const date = new Date(`${match[1]}T${match[2]}Z`);
  if (Number.isNaN(date.getTime()) || date.getTime() <= 0) return undefined;
  return date.toISOString();
}

/**
 * A date field read from an answer: absent -> undefined (the caller decides whether that is
 * legitimate); present but empty, zero, epoch or unparseable -> RegistrarRejectedError naming the
 * field, never a value (spec 3.2: CNIC #315 synced epoch expiries and lost renewals).
 */
export function ispapiDateField(row: Record<string, string>, field: string, operation: string): string | undefined {
  const value = row[field];
  if (value === undefined) return undefined;
  const iso = ispapiDateToIso(value);
  if (iso === undefined) {
    throw new RegistrarRejectedError(`${operation}: ${field} is not a usable date (${JSON.stringify(value)})`, {
      registrar: 'ispapi',
      operation,
      description: `${field}=${value}`,
    });
  }
  return iso;
}

/** An ISO 8601 instant as ISPAPI writes dates: 'YYYY-MM-DD HH:MM:SS', UTC. */
export function isoToIspapiDate(iso: string): string | undefined {
  const ms = Date.parse(iso);
  if (!/^\d{4}-\d{2}-\d{2}/.test(iso) || Number.isNaN(ms) || ms <= 0) return undefined;
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

/** A Contact as the API's inline sub-keys (spec 1.2): address lines joined with " , ". */
export function inlineContact(contact: Contact): CommandRecord {
  return {
    FIRSTNAME: contact.firstName,
    LASTNAME: contact.lastName,
    ORGANIZATION: contact.organisation || undefined,
    STREET: contact.street.join(' , '),
    CITY: contact.city,
    STATE: contact.state || undefined,
    ZIP: contact.postalCode,
    COUNTRY: contact.countryCode,
    PHONE: contact.phone,
    FAX: contact.fax || undefined,
    EMAIL: contact.email,
  };
}

/** A contact parameter (OWNERCONTACT and friends): the handle, or the contact inline. */
export function contactParam(input: ContactInput): CommandValue[] {
  return ['handle' in input ? input.handle : inlineContact(input.contact)];
}

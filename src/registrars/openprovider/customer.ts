import type { Contact } from '../../domain/contact';
import type { WireCustomer } from './wire';

/**
 * Contact <-> Openprovider customer (contact handle) mapping (spec 3.13, 5.3, 5.4).
 *
 * Address: Openprovider has one street field plus `number` and `suffix`. The first street line is
 * split the way the WHMCS module's CustomerAddress does it (spec 5.4):
 *   - a line that starts with the number ("12 Main Street", US style) is turned round first
 *     ("Main Street 12");
 *   - a last word that glues number and suffix ("12a", "12-B") is cut into "12" and "a"/"B";
 *   - the street is every word up to the first all-digit word, that word is the number and the rest
 *     is the suffix. No all-digit word: the whole line is the street, number and suffix stay empty.
 * Further street lines (2 and 3) have no field of their own: they are appended to the suffix,
 * joined by ", ". The mapping is not reversible word for word, so contacts are compared after both
 * sides went through it (normaliseContact), never raw.
 *
 * Phone and fax: "+CC.NUMBER" -> country_code "+CC", area_code = the first three digits,
 * subscriber_number = the rest (the module's naive split, spec 5.4). The reverse joins them again,
 * so a round trip gives the same string.
 */

export interface WirePhone {
  country_code: string;
  area_code: string;
  subscriber_number: string;
}

export interface WireCustomerData {
  name: { first_name: string; last_name: string };
  company_name?: string;
  address: {
    street: string;
    number: string;
    suffix: string;
    zipcode: string;
    city: string;
    state?: string;
    country: string;
  };
  phone: WirePhone;
  fax?: WirePhone;
  email: string;
}

export class OpenproviderContactError extends Error {
  override readonly name = 'OpenproviderContactError';
}

/** "Main Street 12a" -> { street: "Main Street", number: "12", suffix: "a" } (WHMCS CustomerAddress rules). */
export function splitStreetLine(line: string): { street: string; number: string; suffix: string } {
  let text = line.trim().replace(/\s+/g, ' ');
  const leading = /^(\d+)\s*,?\s*(\D.*)$/.exec(text);
  if (leading) text = `${leading[2]!.trim()} ${leading[1]!}`;
  const words = text.split(' ').filter((w) => w !== '');
  if (words.length === 0) return { street: '', number: '', suffix: '' };
  const glued = /^(\d+)(\D.*)$/.exec(words[words.length - 1]!);
  if (glued && words.length > 1) {
    words.pop();
    words.push(glued[1]!);
    const rest = glued[2]!.replace(/^[\s-]+|[\s-]+$/g, '');
    if (rest !== '') words.push(rest);
  }
  let i = 1;
  while (i < words.length && !/^\d+$/.test(words[i]!)) i++;
  const street = words.slice(0, i).join(' ');
  if (i >= words.length) return { street, number: '', suffix: '' };
  return { street, number: words[i]!, suffix: words.slice(i + 1).join(' ') };
}

/** "+31.201234567" -> { country_code: "+31", area_code: "201", subscriber_number: "234567" } */
export function splitPhone(phone: string, field = 'phone'): WirePhone {
  const m = /^\+(\d{1,3})\.(\d{4,14})$/.exec(phone.trim());
  if (!m) throw new OpenproviderContactError(`${field} "${phone}" is not +CC.NUMBER`);
  const digits = m[2]!;
  return { country_code: `+${m[1]!}`, area_code: digits.slice(0, 3), subscriber_number: digits.slice(3) };
}

export function joinPhone(p: {
  country_code?: string | null;
  area_code?: string | null;
  subscriber_number?: string | null;
}): string | undefined {
  const subscriber = (p.subscriber_number ?? '').trim();
  const cc = (p.country_code ?? '').trim().replace(/^\+?/, '+');
  if (subscriber === '' || cc === '+') return undefined;
  return `${cc}.${(p.area_code ?? '').trim()}${subscriber}`;
}

/** The POST /customers body for a contact. */
export function toCustomer(contact: Contact): WireCustomerData {
  const [first, ...more] = contact.street.map((line) => line.trim()).filter((line) => line !== '');
  const split = splitStreetLine(first ?? '');
  const suffix = [split.suffix, ...more].filter((part) => part !== '').join(', ');
  const organisation = contact.organisation?.trim();
  const state = contact.state?.trim();
  const data: WireCustomerData = {
    name: { first_name: contact.firstName.trim(), last_name: contact.lastName.trim() },
    address: {
      street: split.street,
      number: split.number,
      suffix,
      zipcode: contact.postalCode.trim(),
      city: contact.city.trim(),
      country: contact.countryCode.trim().toUpperCase(),
    },
    phone: splitPhone(contact.phone),
    email: contact.email.trim(),
  };
  if (organisation) data.company_name = organisation;
  if (state) data.address.state = state;
  if (contact.fax?.trim()) data.fax = splitPhone(contact.fax, 'fax');
  return data;
}

/** A customer as a Contact (street number and suffix joined back into one line). */
export function fromCustomer(c: WireCustomer | WireCustomerData): Contact {
  const address = c.address ?? {};
  const line = [address.street, address.number, address.suffix]
    .map((part) => (part ?? '').trim())
    .filter((part) => part !== '')
    .join(' ');
  const contact: Contact = {
    firstName: (c.name?.first_name ?? '').trim(),
    lastName: (c.name?.last_name ?? '').trim(),
    street: [line],
    city: (address.city ?? '').trim(),
    postalCode: (address.zipcode ?? '').trim(),
    countryCode: (address.country ?? '').trim().toUpperCase(),
    phone: (c.phone && joinPhone(c.phone)) ?? '',
    email: (c.email ?? '').trim(),
  };
  const organisation = (c.company_name ?? '').trim();
  if (organisation) contact.organisation = organisation;
  const state = (address.state ?? '').trim();
  if (state) contact.state = state;
  const fax = c.fax ? joinPhone(c.fax) : undefined;
  if (fax) contact.fax = fax;
  return contact;
}

/** The contact as Openprovider will hold it: what a stored customer is compared with. */
export function normaliseContact(contact: Contact): Contact {
  return fromCustomer(toCustomer(contact));
}

/**
 * The PUT /customers/{handle} body: every field that may change (not name or company, spec 3.13).
 * Absent state and fax are sent empty so that an earlier value is cleared, not kept.
 */
export function toCustomerUpdate(data: WireCustomerData): Record<string, unknown> {
  return {
    address: { ...data.address, state: data.address.state ?? '' },
    phone: data.phone,
    fax: data.fax ?? { country_code: '', area_code: '', subscriber_number: '' },
    email: data.email,
  };
}

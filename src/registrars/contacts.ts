import type { Contact, ContactRole } from '../domain/contact';
import type { ContactInput } from './registrar';

/**
 * A domain's contacts changed one role at a time (issue 15: `updateContact` of the `domain`
 * entity). Both adapters offer it: ISPAPI through AddContact (which answers the handle it already
 * has for identical data) and ModifyDomain <ROLE>CONTACT0, Openprovider through its customer
 * handles and PUT /domains/{id} <role>_handle. Offered where `isContactRegistrar` holds.
 */

/** The contact behind one role of a domain as the registrar holds it now. */
export interface DomainContact {
  handle: string;
  contact: Contact;
}

export interface ContactRegistrar {
  /** The contact of `role` now; null when the domain is not in this account. */
  domainContact(domain: string, role: ContactRole): Promise<DomainContact | null>;
  /**
   * A handle for exactly this data: the registrar's own handle for it when it has one (reused:
   * true), a new one otherwise. Callers that may run side by side for the same person go through
   * the `contactHandle` workflow (one per identity), so two of them never both create one.
   */
  contactHandle(contact: Contact): Promise<{ handle: string; reused: boolean }>;
  /**
   * The domain's `role` becomes this contact (a handle, or ISPAPI's inline data); done once the
   * registrar shows it (a pending answer is read back, else a temporary error).
   */
  updateContact(domain: string, role: ContactRole, contact: ContactInput): Promise<void>;
  /**
   * Whether contact data read from the registrar is what `wanted` becomes there (its own mapping:
   * Openprovider splits streets and phone numbers, ISPAPI joins address lines). Pure.
   */
  sameContactData(held: Contact, wanted: Contact): boolean;
}

export function isContactRegistrar(registrar: unknown): registrar is ContactRegistrar {
  const r = registrar as Partial<ContactRegistrar> | undefined;
  return (
    typeof r?.domainContact === 'function' &&
    typeof r.contactHandle === 'function' &&
    typeof r.updateContact === 'function' &&
    typeof r.sameContactData === 'function'
  );
}

import { CommandFault, type ContactFields } from '../registry';
import { flagParam, indexed, type CommandSpec } from './params';
import { OK } from './helpers';

/**
 * AddContact and ModifyContact as their reference pages (DOMAIN/CONTACT) describe them: AddContact
 * answers the handle identical data already has (NEW=0) unless NEW=1 forces a new one; ModifyContact
 * changes the named fields of a handle in place and answers no properties. The data is kept under
 * the sub-keys inline contacts use (FIRSTNAME, STREET ...), so StatusContact shows it the same way.
 */

/** The fields a handle keeps; the reference's other parameters (VATID, DISCLOSE, X-...) are accepted and not kept. */
const KEPT = ['FIRSTNAME', 'LASTNAME', 'ORGANIZATION', 'CITY', 'STATE', 'ZIP', 'COUNTRY', 'PHONE', 'FAX', 'EMAIL'];
const PHONE = /^\+\d{1,3}\.\d{4,14}$/;

/** The contact fields a command names (STREET and STREET0..N joined as inline data joins lines). */
function contactFields(params: Record<string, string>): ContactFields {
  const fields: ContactFields = {};
  for (const key of KEPT) {
    if (params[key] !== undefined) fields[key] = params[key].trim();
  }
  const lines = [params.STREET, ...indexed(params, 'STREET').map((s) => s.value)].filter(
    (line): line is string => line !== undefined && line.trim() !== '',
  );
  if (lines.length > 0 || params.STREET !== undefined) fields.STREET = lines.map((l) => l.trim()).join(' , ');
  if (fields.COUNTRY !== undefined && fields.COUNTRY !== '' && !/^[A-Za-z]{2}$/.test(fields.COUNTRY)) {
    throw new CommandFault(505, `Invalid attribute value syntax; COUNTRY ${fields.COUNTRY}`);
  }
  if (fields.COUNTRY) fields.COUNTRY = fields.COUNTRY.toUpperCase();
  for (const key of ['PHONE', 'FAX']) {
    const value = fields[key];
    if (value !== undefined && value !== '' && !PHONE.test(value)) {
      throw new CommandFault(
        505,
        `Invalid attribute value syntax; ${key} must be an ITU number such as +49.1234567890`,
      );
    }
  }
  if (fields.EMAIL !== undefined && fields.EMAIL !== '' && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(fields.EMAIL)) {
    throw new CommandFault(505, 'Invalid attribute value syntax; EMAIL');
  }
  if (fields.FIRSTNAME === undefined && fields.LASTNAME === undefined && params.NAME !== undefined) {
    // NAME "separated by space to fill FIRSTNAME and LASTNAME" (AddContact reference)
    const name = params.NAME.trim();
    const space = name.lastIndexOf(' ');
    fields.FIRSTNAME = space > 0 ? name.slice(0, space) : '';
    fields.LASTNAME = space > 0 ? name.slice(space + 1) : name;
  }
  return fields;
}

export const addContact: CommandSpec = {
  name: 'AddContact',
  required: ['STREET', 'CITY', 'ZIP', 'COUNTRY', 'EMAIL'],
  handle: ({ registry, params }) => {
    const fields = contactFields(params);
    if (!fields.LASTNAME && !fields.ORGANIZATION) {
      throw new CommandFault(504, 'Missing required attribute; NAME');
    }
    const { handle, created } = registry.addContact(
      Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== '')),
      flagParam(params, 'NEW') === true,
    );
    return {
      code: 200,
      description: OK,
      properties: { CONTACT: [handle], NEW: [created ? 1 : 0], STATUS: ['ACTIVE'] },
    };
  },
};

export const modifyContact: CommandSpec = {
  name: 'ModifyContact',
  required: ['CONTACT'],
  handle: ({ registry, params }) => {
    const fields = contactFields(params);
    if (!registry.modifyContact(params.CONTACT!.trim(), fields)) throw new CommandFault(545, 'Object not found');
    return { code: 200, description: OK };
  },
};

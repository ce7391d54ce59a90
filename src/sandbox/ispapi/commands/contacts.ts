import { CommandFault, formatApiDate, type ResponseProperties } from '../registry';
import { type CommandSpec } from './params';
import { OK } from './helpers';

/** Contact handles (spec 2.14): StatusContact answers the inline data that created a handle. */

/**
 * Properties the reference lists with Min 1, empty unless the inline data set them (as the page's
 * example answers ORGANIZATION and STATE empty).
 */
const MANDATORY_FIELDS = ['FIRSTNAME', 'LASTNAME', 'ORGANIZATION', 'STREET', 'CITY', 'STATE', 'ZIP', 'COUNTRY'];

/** A contact handle's data (spec 2.14), as the inline data that created it. */
export const statusContact: CommandSpec = {
  name: 'StatusContact',
  required: ['CONTACT'],
  handle: ({ registry, params, account }) => {
    const handle = params.CONTACT!;
    const fields = registry.contact(handle);
    if (!fields) throw new CommandFault(545, 'Object not found');
    const created = formatApiDate(registry.contactCreatedAt(handle) ?? registry.now());
    const props: ResponseProperties = {};
    for (const key of MANDATORY_FIELDS) props[key] = [''];
    for (const [key, value] of Object.entries(fields)) props[key] = [value];
    const name = [fields.FIRSTNAME, fields.LASTNAME].filter(Boolean).join(' ');
    // The rest as the reference page's example: the handle as ID and DESCRIPTION, the account's
    // login as USER, the sandbox as registrar and creator; the handle has never been transferred.
    Object.assign(props, {
      ID: [handle],
      DESCRIPTION: [handle],
      CLASS: ['CONTACT'],
      STATUS: ['ACTIVE'],
      NAME: [name],
      PHONE: [fields.PHONE ?? ''],
      AUTH: [''],
      USER: [account],
      PEERUSER: [''],
      REGISTRAR: ['SYSTEM'],
      CREATEDBY: ['SYSTEM'],
      UPDATEDBY: ['SYSTEM'],
      CREATEDDATE: [created],
      UPDATEDDATE: [formatApiDate(registry.contactUpdatedAt(handle) ?? registry.now())],
      TRANSFERDATE: ['0000-00-00 00:00:00'],
    } satisfies ResponseProperties);
    return { code: 200, description: OK, properties: props };
  },
};

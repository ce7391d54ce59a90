import { CommandFault, type ResponseProperties } from '../registry';
import { type CommandSpec } from './params';
import { OK } from './helpers';

/** Contact handles (spec 2.14): StatusContact answers the inline data that created a handle. */

/** A contact handle's data (spec 2.14), as the inline data that created it. */
export const statusContact: CommandSpec = {
  name: 'StatusContact',
  required: ['CONTACT'],
  handle: ({ registry, params }) => {
    const fields = registry.contact(params.CONTACT!);
    if (!fields) throw new CommandFault(545, 'Object not found');
    const props: ResponseProperties = { CONTACT: [params.CONTACT!] };
    for (const [key, value] of Object.entries(fields)) props[key] = [value];
    return { code: 200, description: OK, properties: props };
  },
};

import ipaddr from 'ipaddr.js';
import { CommandFault, formatApiDate, normalizeNameserver, type ResponseProperties } from '../registry';
import type { HostRecord } from '../registry/hosts';
import { type CommandSpec, flagParam, indexed } from './params';
import { OK } from './helpers';

/**
 * Host objects (DOMAIN/NAMESERVER pages of HEXONET's reference): AddNameserver, ModifyNameserver,
 * DeleteNameserver, StatusNameserver, CheckNameserver over the registry's HostBook.
 */

/** IPADDRESSn (or ADDIPADDRESSn ...) in canonical form; the reference check already refused non-addresses. */
function addresses(params: Record<string, string>, prefix: string): string[] {
  const out: string[] = [];
  for (const { value } of indexed(params, prefix)) {
    if (value === '') continue;
    const ip = ipaddr.parse(value).toString();
    if (!out.includes(ip)) out.push(ip);
  }
  return out;
}

const hostParam = (params: Record<string, string>): string => normalizeNameserver(params.NAMESERVER!, 'NAMESERVER');

export const addNameserver: CommandSpec = {
  name: 'AddNameserver',
  required: ['NAMESERVER'],
  handles: ['NAMESERVER', 'DOMAIN', 'IPADDRESS[]'],
  handle: ({ registry, params, account }) => {
    const host = hostParam(params);
    const ips = addresses(params, 'IPADDRESS');
    if (ips.length === 0) throw new CommandFault(504, 'Missing required attribute; IPADDRESS0');
    const record = registry.hosts.add(host, ips, account);
    if (params.DOMAIN && params.DOMAIN.toLowerCase() !== record.domain) {
      registry.hosts.delete(host, true);
      throw new CommandFault(541, `Invalid attribute value; DOMAIN ${params.DOMAIN} is not the parent of ${host}`);
    }
    return {
      code: 200,
      description: OK,
      properties: { CREATEDDATE: [formatApiDate(record.createdAt)], HOST: [record.host] },
    };
  },
};

export const modifyNameserver: CommandSpec = {
  name: 'ModifyNameserver',
  required: ['NAMESERVER'],
  // NEWNAMESERVER (renaming) is not offered: refused with 549 naming it, like any unhandled parameter.
  handles: ['NAMESERVER', 'IPADDRESS[]', 'ADDIPADDRESS[]', 'DELIPADDRESS[]'],
  handle: ({ registry, params }) => {
    const host = hostParam(params);
    const whole = addresses(params, 'IPADDRESS');
    const add = addresses(params, 'ADDIPADDRESS');
    const remove = addresses(params, 'DELIPADDRESS');
    if (whole.length > 0 && (add.length > 0 || remove.length > 0)) {
      throw new CommandFault(
        507,
        'Invalid command format; IPADDRESS replaces all addresses, do not combine it with ADDIPADDRESS/DELIPADDRESS',
      );
    }
    if (whole.length > 0) registry.hosts.setIps(host, whole);
    else if (add.length > 0 || remove.length > 0) registry.hosts.changeIps(host, add, remove);
    else if (!registry.hosts.get(host)) throw new CommandFault(545, 'Object not found');
    return { code: 200, description: OK };
  },
};

export const deleteNameserver: CommandSpec = {
  name: 'DeleteNameserver',
  required: ['NAMESERVER'],
  handles: ['NAMESERVER', 'FORCE'],
  handle: ({ registry, params }) => {
    registry.hosts.delete(hostParam(params), flagParam(params, 'FORCE') === true);
    return { code: 200, description: OK };
  },
};

function hostProperties(record: HostRecord): ResponseProperties {
  return {
    HOST: [record.host],
    DOMAIN: [record.domain],
    IPADDRESS: record.ips,
    STATUS: ['ACTIVE'],
    CREATEDBY: [record.user],
    CREATEDDATE: [formatApiDate(record.createdAt)],
    UPDATEDBY: [record.user],
    UPDATEDDATE: [formatApiDate(record.updatedAt)],
    USER: [record.user],
    REGISTRAR: ['SYSTEM'],
  };
}

export const statusNameserver: CommandSpec = {
  name: 'StatusNameserver',
  required: ['NAMESERVER'],
  handles: ['NAMESERVER'],
  handle: ({ registry, params }) => {
    const record = registry.hosts.get(hostParam(params));
    if (!record) throw new CommandFault(545, 'Object not found');
    return { code: 200, description: OK, properties: hostProperties(record) };
  },
};

export const checkNameserver: CommandSpec = {
  name: 'CheckNameserver',
  required: ['NAMESERVER'],
  handles: ['NAMESERVER', 'DOMAIN'],
  handle: ({ registry, params }) => {
    const host = hostParam(params);
    if (registry.hosts.get(host)) {
      return { code: 213, description: 'Nameserver is not available', properties: { REASON: ['Nameserver exists'] } };
    }
    return { code: 212, description: 'Nameserver is available' };
  },
};

export const NAMESERVER_COMMANDS: readonly CommandSpec[] = [
  addNameserver,
  modifyNameserver,
  deleteNameserver,
  statusNameserver,
  checkNameserver,
];

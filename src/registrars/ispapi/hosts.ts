import type { HostAvailability, HostObject } from '../hosts';
import type { IspapiContext } from './adapter-context';
import { IspapiClient } from './client';
import { firstRow } from './wire';

/**
 * ISPAPI host objects (DOMAIN/NAMESERVER pages of the command reference): AddNameserver,
 * ModifyNameserver, DeleteNameserver, StatusNameserver, CheckNameserver; the hosts under a domain
 * from StatusDomain's HOST list (HOSTTYPE=OBJECT: names only). Part of IspapiRegistrar (./adapter).
 */

const values = (list: string[] | undefined): string[] => (list ?? []).filter((v) => v !== '');

export async function getHost(ctx: IspapiContext, host: string): Promise<HostObject | null> {
  const response = await ctx.client.send({ COMMAND: 'StatusNameserver', NAMESERVER: host });
  if (response.code === 545) return null;
  IspapiClient.assertOk('StatusNameserver', response);
  const row = firstRow(response);
  const view: HostObject = { host: (row.HOST ?? host).toLowerCase(), ips: values(response.properties.IPADDRESS) };
  if (row.DOMAIN) view.domain = row.DOMAIN.toLowerCase();
  if (row.STATUS) view.statuses = [row.STATUS];
  return view;
}

export async function createHost(ctx: IspapiContext, host: string, ips: string[]): Promise<void> {
  await ctx.client.call({ COMMAND: 'AddNameserver', NAMESERVER: host, IPADDRESS: ips });
}

// IPADDRESS0..n replaces every address (the page's warning): the list given is the whole new set.
export async function setHostIps(ctx: IspapiContext, host: string, ips: string[]): Promise<void> {
  await ctx.client.call({ COMMAND: 'ModifyNameserver', NAMESERVER: host, IPADDRESS: ips });
}

// Never FORCE=1: a host a domain still uses is refused with 532, which the caller reports.
export async function deleteHost(ctx: IspapiContext, host: string): Promise<void> {
  await ctx.client.call({ COMMAND: 'DeleteNameserver', NAMESERVER: host });
}

export async function listHosts(ctx: IspapiContext, domain: string): Promise<HostObject[]> {
  const response = await ctx.client.call({ COMMAND: 'StatusDomain', DOMAIN: domain, HOSTTYPE: 'OBJECT' });
  const hosts: HostObject[] = [];
  for (const name of values(response.properties.HOST)) {
    const host = await getHost(ctx, name.toLowerCase());
    if (host) hosts.push(host);
  }
  return hosts;
}

export async function checkHost(ctx: IspapiContext, host: string): Promise<HostAvailability> {
  const response = await ctx.client.send({ COMMAND: 'CheckNameserver', NAMESERVER: host });
  if (response.code === 212) return { available: true };
  if (response.code === 213) {
    const reason = response.properties.REASON?.[0] || response.description;
    return { available: false, reason };
  }
  IspapiClient.assertOk('CheckNameserver', response);
  return { available: response.code === 200 };
}

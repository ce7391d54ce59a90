import { z } from 'zod';
import { RegistrarRejectedError } from '../errors';
import type { HostAvailability, HostObject } from '../hosts';
import { type OpenproviderContext, REGISTRAR } from './adapter-context';

/**
 * Openprovider host objects (dns.swagger.json: /dns/nameservers, /dns/nameservers/{name}). A
 * name server object carries one IPv4 (`ip`) and one IPv6 (`ip6`) address: more is refused here,
 * before any call. Openprovider has no check route for host names: checkHost answers from the
 * account (a host the account has is not available). Part of OpenproviderRegistrar (./adapter).
 */

const wireHostSchema = z.looseObject({ name: z.string(), ip: z.string().nullish(), ip6: z.string().nullish() });
const listDataSchema = z.looseObject({ results: z.array(wireHostSchema).nullish(), total: z.number().int().nullish() });
const boolDataSchema = z.looseObject({ success: z.boolean().nullish() });

function toHost(wire: z.infer<typeof wireHostSchema>): HostObject {
  return { host: wire.name.toLowerCase(), ips: [wire.ip, wire.ip6].filter((ip): ip is string => !!ip) };
}

/** The wire body for `ips`: at most one IPv4 and one IPv6 (the Nameserver object has one field each). */
export function wireAddresses(host: string, ips: string[], operation: string): { ip?: string; ip6?: string } {
  const v4 = ips.filter((ip) => !ip.includes(':'));
  const v6 = ips.filter((ip) => ip.includes(':'));
  if (v4.length > 1 || v6.length > 1) {
    throw new RegistrarRejectedError(
      `${operation}: Openprovider keeps one IPv4 and one IPv6 address per name server; ${host} was given ${v4.length} and ${v6.length}`,
      { registrar: REGISTRAR, operation },
    );
  }
  return { ...(v4[0] ? { ip: v4[0] } : {}), ...(v6[0] ? { ip6: v6[0] } : {}) };
}

async function list(ctx: OpenproviderContext, query: Record<string, string>): Promise<HostObject[]> {
  const hosts: HostObject[] = [];
  for (let offset = 0; ; offset += 100) {
    const { data } = await ctx.client.call('GET', '/dns/nameservers', listDataSchema, {
      operation: 'GET /dns/nameservers',
      query: { ...query, limit: 100, offset },
    });
    const page = data.results ?? [];
    hosts.push(...page.map(toHost));
    if (page.length < 100 || hosts.length >= (data.total ?? 0)) return hosts;
  }
}

export async function getHost(ctx: OpenproviderContext, host: string): Promise<HostObject | null> {
  // The list filtered by name: an unknown name is an empty list, not an error code to guess at.
  const found = await list(ctx, { name: host });
  return found.find((h) => h.host === host) ?? null;
}

export async function createHost(ctx: OpenproviderContext, host: string, ips: string[]): Promise<void> {
  const operation = 'POST /dns/nameservers';
  await ctx.client.call('POST', '/dns/nameservers', wireHostSchema.partial(), {
    operation,
    body: { name: host, ...wireAddresses(host, ips, operation) },
  });
}

export async function setHostIps(ctx: OpenproviderContext, host: string, ips: string[]): Promise<void> {
  const operation = 'PUT /dns/nameservers/{name}';
  await ctx.client.call('PUT', `/dns/nameservers/${encodeURIComponent(host)}`, boolDataSchema, {
    operation,
    body: { name: host, ...wireAddresses(host, ips, operation) },
  });
}

export async function deleteHost(ctx: OpenproviderContext, host: string): Promise<void> {
  await ctx.client.call('DELETE', `/dns/nameservers/${encodeURIComponent(host)}`, boolDataSchema, {
    operation: 'DELETE /dns/nameservers/{name}',
  });
}

export async function listHosts(ctx: OpenproviderContext, domain: string): Promise<HostObject[]> {
  const found = await list(ctx, { pattern: `*.${domain}` });
  return found.filter((h) => h.host.endsWith(`.${domain}`)).map((h) => ({ ...h, domain }));
}

export async function checkHost(ctx: OpenproviderContext, host: string): Promise<HostAvailability> {
  const existing = await getHost(ctx, host);
  return existing ? { available: false, reason: 'the account already has this name server' } : { available: true };
}

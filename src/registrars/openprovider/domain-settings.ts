import { RegistrarRejectedError } from '../errors';
import type { DomainInfo } from '../registrar';
import { joinDomainName } from './domain-name';
import { updateDataSchema, type WireDomainObject } from './wire';
import { type OpenproviderContext, PENDING, REGISTRAR, toWireNameservers } from './adapter-context';
import { expiryOf, findDomain, getById, requireId, splitName } from './domain-lookup';

/**
 * Openprovider domain settings: the domain read as DomainInfo, and nameservers, transfer lock,
 * WHOIS privacy and the registrar's own auto-renewal. Part of OpenproviderRegistrar (./adapter).
 */

export function toDomainInfo(d: WireDomainObject, operation: string): DomainInfo {
  const nameservers = [...(d.name_servers ?? [])]
    .sort((a, b) => (a.seq_nr ?? 0) - (b.seq_nr ?? 0))
    .map((ns) => ns.name.toLowerCase())
    .filter((name) => name !== '');
  const prohibited = d.is_locked === true || (d.registry_statuses?.client_transfer_prohibited?.value ?? 0) > 0;
  const statuses = [d.status];
  if (prohibited) statuses.push('clientTransferProhibited');
  const expiresAt = expiryOf(d, operation);
  if (d.status === 'ACT' && expiresAt === undefined) {
    throw new RegistrarRejectedError(`${operation}: active domain ${joinDomainName(d.domain)} has no expiry date`, {
      registrar: REGISTRAR,
      operation,
    });
  }
  const state = d.status === 'ACT' ? 'active' : PENDING.has(d.status) ? 'pending' : 'other';
  return {
    domain: joinDomainName(d.domain),
    state,
    statuses,
    nameservers,
    transferLock: d.is_lockable === false ? undefined : d.is_locked === true,
    expiresAt,
    privacy: d.is_private_whois_enabled ?? undefined,
    reference: String(d.id),
  };
}

export async function getDomain(ctx: OpenproviderContext, domain: string): Promise<DomainInfo | null> {
  const operation = 'getDomain';
  const split = splitName(domain, operation);
  const found = await findDomain(ctx, split, operation);
  if (!found) return null;
  const full = await getById(ctx, found.id, operation, { with_registry_statuses: true });
  if (!full || full.is_deleted === true) return null;
  return toDomainInfo(full, operation);
}

/**
 * The domain's name servers become exactly `nameservers`. UpdateDomainRequest's remove_nses
 * ("Use for deletion of existing nameservers") is what deletes the old ones: without it
 * name_servers is merged into them, so a transferred domain would keep its old servers too.
 */
export async function setNameservers(ctx: OpenproviderContext, domain: string, nameservers: string[]): Promise<void> {
  const operation = 'setNameservers';
  const id = await requireId(ctx, splitName(domain, operation), operation);
  await ctx.client.call('PUT', `/domains/${id}`, updateDataSchema, {
    operation: 'PUT /domains/{id}',
    body: { name_servers: toWireNameservers(nameservers), remove_nses: true },
  });
}

export async function setTransferLock(ctx: OpenproviderContext, domain: string, locked: boolean): Promise<void> {
  const operation = 'setTransferLock';
  const id = await requireId(ctx, splitName(domain, operation), operation);
  await ctx.client.call('PUT', `/domains/${id}`, updateDataSchema, {
    operation: 'PUT /domains/{id}',
    body: { is_locked: locked },
  });
}

export async function setRegistrarAutorenew(ctx: OpenproviderContext, domain: string, enabled: boolean): Promise<void> {
  const operation = 'setRegistrarAutorenew';
  const id = await requireId(ctx, splitName(domain, operation), operation);
  await ctx.client.call('PUT', `/domains/${id}`, updateDataSchema, {
    operation: 'PUT /domains/{id}',
    body: { autorenew: enabled ? 'on' : 'off' },
  });
}

export async function setPrivacy(ctx: OpenproviderContext, domain: string, enabled: boolean): Promise<void> {
  const operation = 'setPrivacy';
  const id = await requireId(ctx, splitName(domain, operation), operation);
  await ctx.client.call('PUT', `/domains/${id}`, updateDataSchema, {
    operation: 'PUT /domains/{id}',
    body: { is_private_whois_enabled: enabled },
  });
}

import { sameNameservers } from '../../domain/nameservers';
import type { DomainInfo } from '../registrar';
import { IspapiClient } from './client';
import { hasStatus } from './lifecycle';
import { ispapiDateToIso } from './convert';
import { firstRow } from './wire';
import { modifyDomainConfirmed } from './reference-rules';
import { type IspapiContext } from './adapter-context';

/**
 * ISPAPI domain settings: StatusDomain read as DomainInfo, and nameservers, transfer lock, WHOIS
 * privacy and the registrar's own renewal mode. Part of IspapiRegistrar (./adapter).
 */

export const PRIVACY_KEY = 'X-ACCEPT-WHOISTRUSTEE-TAC';

/** active: STATUS has ACTIVE; pending: created later by the registry; other: anything else. */
export function domainState(statuses: string[]): DomainInfo['state'] {
  if (hasStatus(statuses, 'REQUESTEDCREATE', 'PENDINGCREATE')) return 'pending';
  if (hasStatus(statuses, 'ACTIVE')) return 'active';
  return 'other';
}

export async function getDomain(ctx: IspapiContext, domain: string): Promise<DomainInfo | null> {
  return (await statusDomain(ctx, domain))?.info ?? null;
}

/** StatusDomain read once: the neutral view plus the renewal mode, which only register needs. */
export async function statusDomain(
  ctx: IspapiContext,
  domain: string,
): Promise<{ info: DomainInfo; renewalMode?: string } | null> {
  const response = await ctx.client.send({ COMMAND: 'StatusDomain', DOMAIN: domain });
  // 545: not found; 531: not ours any more. Either way the domain is not in this account.
  if (response.code === 545 || (response.code === 531 && !/ACL/i.test(response.description))) return null;
  IspapiClient.assertOk('StatusDomain', response);
  const row = firstRow(response);
  const lock = row.TRANSFERLOCK;
  const privacy = row[PRIVACY_KEY];
  const statuses = (response.properties.STATUS ?? []).filter((s) => s !== '');
  const info: DomainInfo = {
    domain,
    state: domainState(statuses),
    statuses,
    nameservers: (response.properties.NAMESERVER ?? []).filter((ns) => ns !== ''),
    transferLock: lock === '1' ? true : lock === '0' ? false : undefined,
    expiresAt: ispapiDateToIso(row.EXPIRATIONDATE ?? row.REGISTRATIONEXPIRATIONDATE),
    privacy: privacy === '1' ? true : privacy === '0' ? false : undefined,
  };
  if (row.ROID) info.reference = row.ROID;
  return { info, renewalMode: row.RENEWALMODE?.toUpperCase() };
}

// ModifyDomain may answer PENDING=1 (reference): done only once StatusDomain shows the change.
export async function setPrivacy(ctx: IspapiContext, domain: string, enabled: boolean): Promise<void> {
  await modifyDomainConfirmed(
    ctx.client,
    { DOMAIN: domain, [PRIVACY_KEY]: enabled ? 1 : 0 },
    async () => (await getDomain(ctx, domain))?.privacy === enabled,
  );
}

export async function setNameservers(ctx: IspapiContext, domain: string, nameservers: string[]): Promise<void> {
  await modifyDomainConfirmed(ctx.client, { DOMAIN: domain, NAMESERVER: nameservers }, async () => {
    const info = await getDomain(ctx, domain);
    return info !== null && sameNameservers(info.nameservers, nameservers);
  });
}

export async function setTransferLock(ctx: IspapiContext, domain: string, locked: boolean): Promise<void> {
  await modifyDomainConfirmed(
    ctx.client,
    { DOMAIN: domain, TRANSFERLOCK: locked ? 1 : 0 },
    async () => (await getDomain(ctx, domain))?.transferLock === locked,
  );
}

export async function setRegistrarAutorenew(ctx: IspapiContext, domain: string, enabled: boolean): Promise<void> {
  await ctx.client.call({
    COMMAND: 'SetDomainRenewalMode',
    DOMAIN: domain,
    RENEWALMODE: enabled ? 'AUTORENEW' : 'AUTOEXPIRE',
  });
}

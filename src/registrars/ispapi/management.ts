import { RegistrarRejectedError } from '../errors';
import type { AuthCodeAnswer } from '../auth-code';
import type { DeleteAnswer } from '../deletion';
import type { OutboundAnswer, OutboundTransfer } from '../outbound-transfer';
import type { Suggestion } from '../suggestions';
import { ispapiDateToIso } from './convert';
import { hasStatus } from './lifecycle';
import { modifyDomainConfirmed } from './reference-rules';
import { firstRow } from './wire';
import { type IspapiContext } from './adapter-context';

/**
 * ISPAPI's everyday domain operations outside the long lifecycles: auth codes (StatusDomain AUTH,
 * ModifyDomain GENERATERANDOMAUTH, DENIC_CreateAuthInfo1 for .de), transfer-out answers
 * (TransferDomain ACTION=APPROVE/DENY), .uk push (PushDomain TARGET), deletion (DeleteDomain,
 * SetDomainRenewalMode AUTODELETE) and suggestions (QueryDomainSuggestionList). Auth codes are
 * never logged: the client masks AUTH in commands, and answers are logged by code only.
 * Part of IspapiRegistrar (./adapter).
 */

const rejected = (operation: string, message: string): RegistrarRejectedError =>
  new RegistrarRejectedError(message, { registrar: 'ispapi', operation });

/** DENIC keeps no standing auth code: a transfer needs an AuthInfo1, made on request. */
const isDe = (domain: string): boolean => domain.endsWith('.de');

async function statusRow(
  ctx: IspapiContext,
  domain: string,
): Promise<{ row: Record<string, string>; statuses: string[] }> {
  const response = await ctx.client.call({ COMMAND: 'StatusDomain', DOMAIN: domain });
  return { row: firstRow(response), statuses: (response.properties.STATUS ?? []).filter((s) => s !== '') };
}

async function createAuthInfo1(ctx: IspapiContext, domain: string): Promise<AuthCodeAnswer> {
  const response = await ctx.client.call({ COMMAND: 'DENIC_CreateAuthInfo1', DOMAIN: domain });
  const row = firstRow(response);
  const code = row.AUTH ?? '';
  if (code === '') throw rejected('DENIC_CreateAuthInfo1', `no AuthInfo1 in the answer for ${domain}`);
  const expires = row['X-DE-AUTHINFO1-EXPIRATIONDATE'];
  const expiresAt = expires ? ispapiDateToIso(expires.length === 10 ? `${expires} 00:00:00` : expires) : undefined;
  return { domain, authCode: code, source: 'DENIC AuthInfo1', ...(expiresAt ? { expiresAt } : {}) };
}

export async function getAuthCode(ctx: IspapiContext, domain: string): Promise<AuthCodeAnswer> {
  if (isDe(domain)) return createAuthInfo1(ctx, domain);
  const { row } = await statusRow(ctx, domain);
  const code = row.AUTH ?? '';
  if (code === '') throw rejected('StatusDomain', `the registrar shows no auth code for ${domain}`);
  return { domain, authCode: code, source: 'StatusDomain AUTH' };
}

/**
 * A new random code (ModifyDomain GENERATERANDOMAUTH=1), read back with StatusDomain. A PENDING=1
 * answer counts once StatusDomain shows a code other than the one before.
 */
export async function resetAuthCode(ctx: IspapiContext, domain: string): Promise<AuthCodeAnswer> {
  if (isDe(domain)) return createAuthInfo1(ctx, domain);
  const before = (await statusRow(ctx, domain)).row.AUTH ?? '';
  await modifyDomainConfirmed(ctx.client, { DOMAIN: domain, GENERATERANDOMAUTH: 1 }, async () => {
    return ((await statusRow(ctx, domain)).row.AUTH ?? '') !== before;
  });
  const after = (await statusRow(ctx, domain)).row.AUTH ?? '';
  if (after === '' || after === before) {
    throw rejected('ModifyDomain', `the registrar shows no new auth code for ${domain} after GENERATERANDOMAUTH`);
  }
  return { domain, authCode: after, source: 'ModifyDomain GENERATERANDOMAUTH' };
}

/** STATUS pendingTransfer (EPP's word, as StatusDomain lists registry statuses) = a transfer-out waits. */
export async function outboundTransfer(ctx: IspapiContext, domain: string): Promise<OutboundTransfer> {
  const { statuses } = await statusRow(ctx, domain);
  return { domain, pending: hasStatus(statuses, 'PENDINGTRANSFER'), registrarStatus: statuses.join(',') };
}

export async function answerOutboundTransfer(
  ctx: IspapiContext,
  domain: string,
  answer: OutboundAnswer,
): Promise<void> {
  await ctx.client.call({
    COMMAND: 'TransferDomain',
    DOMAIN: domain,
    ACTION: answer === 'approve' ? 'APPROVE' : 'DENY',
  });
}

/** PushDomain TARGET: for .uk the tag of the registrar taking the domain (detagging). */
export async function pushDomain(ctx: IspapiContext, domain: string, tag: string): Promise<void> {
  await ctx.client.call({ COMMAND: 'PushDomain', DOMAIN: domain, TARGET: tag });
}

/**
 * DeleteDomain. StatusDomain is read first for DELETIONRESTORABLEPERIOD (e.g. `30d`): after the
 * deletion no answer carries the end of the restorable window (QueryObjectList DELETEDDOMAIN has none).
 */
export async function deleteDomain(ctx: IspapiContext, domain: string): Promise<DeleteAnswer> {
  const period = /^(\d{1,4})d$/i.exec((await statusRow(ctx, domain)).row.DELETIONRESTORABLEPERIOD ?? '');
  const response = await ctx.client.call({ COMMAND: 'DeleteDomain', DOMAIN: domain });
  const status = response.properties.STATUS?.[0];
  const restorableUntil = period
    ? new Date(ctx.now().getTime() + Number(period[1]) * 86_400_000).toISOString()
    : undefined;
  return {
    pending: response.pending === true,
    ...(status ? { registrarStatus: status } : {}),
    ...(restorableUntil ? { restorableUntil } : {}),
  };
}

export async function deleteAtExpiry(ctx: IspapiContext, domain: string): Promise<void> {
  await ctx.client.call({ COMMAND: 'SetDomainRenewalMode', DOMAIN: domain, RENEWALMODE: 'AUTODELETE' });
}

export async function deletesAtExpiry(ctx: IspapiContext, domain: string): Promise<boolean> {
  const { row } = await statusRow(ctx, domain);
  return (row.RENEWALMODE ?? '').toUpperCase() === 'AUTODELETE';
}

/** HEXONET's own engine (SOURCE=ISPAPI-SUGGESTIONS); ZONEn narrows to the TLDs asked for. */
export async function suggestNames(
  ctx: IspapiContext,
  keyword: string,
  options: { tlds?: string[]; limit: number },
): Promise<Suggestion[]> {
  const response = await ctx.client.call({
    COMMAND: 'QueryDomainSuggestionList',
    KEYWORD: keyword,
    SOURCE: 'ISPAPI-SUGGESTIONS',
    LIMIT: options.limit,
    ...(options.tlds && options.tlds.length > 0 ? { ZONE: options.tlds } : {}),
  });
  const p = response.properties;
  return (p.DOMAIN ?? []).map((name, i) => {
    const amount = (p.PRICE?.[i] ?? '').trim();
    const currency = (p.CURRENCY?.[i] ?? '').trim();
    return { domain: name.toLowerCase(), ...(amount && currency ? { price: { amount, currency } } : {}) };
  });
}

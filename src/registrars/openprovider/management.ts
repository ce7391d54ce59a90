import { z } from 'zod';
import type { AuthCodeAnswer } from '../auth-code';
import type { DeleteAnswer } from '../deletion';
import type { OutboundAnswer, OutboundTransfer } from '../outbound-transfer';
import type { Suggestion } from '../suggestions';
import { joinDomainName } from './domain-name';
import { findDomain, notInAccount, rejected, requireId, splitName } from './domain-lookup';
import { statusDataSchema, updateDataSchema } from './wire';
import { type OpenproviderContext } from './adapter-context';

/**
 * Openprovider's everyday domain operations outside the long lifecycles, per its OpenAPI file
 * (domain.swagger.json): auth codes (GET /domains/{id}/authcode, POST .../authcode/reset),
 * transfer-out answers and the .uk release (POST /domains/{id}/transfer/approve with `approve`
 * and `registrar_tag`), deletion (DELETE /domains/{id}; at expiry: autorenew off, which the API
 * documents as "the domain will be deleted at expiry") and suggestions (POST /domains/suggest-name).
 * The domain object has no field for a pending transfer-out, so outboundTransfer says "cannot
 * tell" (pending: undefined). Part of OpenproviderRegistrar (./adapter).
 */

const authCodeDataSchema = z.looseObject({ auth_code: z.string().nullish(), type: z.string().nullish() });
const boolDataSchema = z.looseObject({ success: z.boolean().nullish() });
const suggestDataSchema = z.looseObject({
  results: z
    .array(z.looseObject({ name: z.string().nullish(), domain: z.string().nullish(), tld: z.string().nullish() }))
    .nullish(),
});

async function idOf(ctx: OpenproviderContext, domain: string, operation: string) {
  const split = splitName(domain, operation);
  return { split, id: await requireId(ctx, split, operation) };
}

function answerOf(domain: string, code: string | null | undefined, source: string, operation: string): AuthCodeAnswer {
  if (!code) throw rejected(operation, `Openprovider returned no auth code for ${domain}`);
  return { domain, authCode: code, source };
}

export async function getAuthCode(ctx: OpenproviderContext, domain: string): Promise<AuthCodeAnswer> {
  const operation = 'getAuthCode';
  const { id } = await idOf(ctx, domain, operation);
  const result = await ctx.client.call('GET', `/domains/${id}/authcode`, authCodeDataSchema, {
    operation: `${operation}: GET /domains/{id}/authcode`,
  });
  return answerOf(domain, result.data.auth_code, 'GET /domains/{id}/authcode', operation);
}

export async function resetAuthCode(ctx: OpenproviderContext, domain: string): Promise<AuthCodeAnswer> {
  const operation = 'resetAuthCode';
  const { id, split } = await idOf(ctx, domain, operation);
  const result = await ctx.client.call('POST', `/domains/${id}/authcode/reset`, authCodeDataSchema, {
    operation: `${operation}: POST /domains/{id}/authcode/reset`,
    body: { id, domain: split, auth_code_type: 'external' },
  });
  return answerOf(domain, result.data.auth_code, 'POST /domains/{id}/authcode/reset', operation);
}

export async function outboundTransfer(ctx: OpenproviderContext, domain: string): Promise<OutboundTransfer> {
  const operation = 'outboundTransfer';
  const found = await findDomain(ctx, splitName(domain, operation), operation);
  if (!found) throw notInAccount(domain, operation);
  return { domain, pending: undefined, registrarStatus: found.status };
}

async function approveCall(ctx: OpenproviderContext, domain: string, body: Record<string, unknown>, operation: string) {
  const { id, split } = await idOf(ctx, domain, operation);
  const result = await ctx.client.call('POST', `/domains/${id}/transfer/approve`, boolDataSchema, {
    operation: `${operation}: POST /domains/{id}/transfer/approve`,
    body: { id, domain: split, ...body },
  });
  if (result.data.success === false)
    throw rejected(operation, `Openprovider did not accept it for ${joinDomainName(split)}`);
}

/** ApproveTransferRequest.approve: 1 approves, 0 denies the transfer-out. */
export async function answerOutboundTransfer(
  ctx: OpenproviderContext,
  domain: string,
  answer: OutboundAnswer,
): Promise<void> {
  await approveCall(ctx, domain, { approve: answer === 'approve' ? 1 : 0 }, 'answerOutboundTransfer');
}

/** The .uk release: the approve route with `registrar_tag` ("Registrar tag for transfer of .uk domains"). */
export async function pushDomain(ctx: OpenproviderContext, domain: string, tag: string): Promise<void> {
  await approveCall(ctx, domain, { approve: 1, registrar_tag: tag }, 'pushDomain');
}

export async function deleteDomain(ctx: OpenproviderContext, domain: string): Promise<DeleteAnswer> {
  const operation = 'deleteDomain';
  const { id } = await idOf(ctx, domain, operation);
  const result = await ctx.client.call('DELETE', `/domains/${id}`, statusDataSchema, {
    operation: `${operation}: DELETE /domains/{id}`,
  });
  const status = result.data.status ?? undefined;
  return { pending: status !== 'DEL', ...(status ? { registrarStatus: status } : {}) };
}

export async function deleteAtExpiry(ctx: OpenproviderContext, domain: string): Promise<void> {
  const operation = 'deleteAtExpiry';
  const { id } = await idOf(ctx, domain, operation);
  await ctx.client.call('PUT', `/domains/${id}`, updateDataSchema, {
    operation: `${operation}: PUT /domains/{id}`,
    body: { autorenew: 'off' },
  });
}

export async function deletesAtExpiry(ctx: OpenproviderContext, domain: string): Promise<boolean> {
  const operation = 'deletesAtExpiry';
  const found = await findDomain(ctx, splitName(domain, operation), operation);
  if (!found) throw notInAccount(domain, operation);
  return found.autorenew === 'off';
}

export async function suggestNames(
  ctx: OpenproviderContext,
  keyword: string,
  options: { tlds?: string[]; limit: number },
): Promise<Suggestion[]> {
  const result = await ctx.client.call('POST', '/domains/suggest-name', suggestDataSchema, {
    operation: 'suggestNames: POST /domains/suggest-name',
    body: { name: keyword, limit: options.limit, ...(options.tlds?.length ? { tlds: options.tlds } : {}) },
  });
  return (result.data.results ?? [])
    .map((r) => (r.name ?? (r.domain && r.tld ? `${r.domain}.${r.tld}` : '')).toLowerCase())
    .filter((name) => name !== '')
    .map((name) => ({ domain: name }));
}

import { RegistrarRejectedError } from '../errors';
import type { TransferCheck, TransferRequest, TransferRequestResult, TransferStatus } from '../registrar';
import { joinDomainName } from './domain-name';
import { checkDomainsDataSchema, transferDataSchema, type WireDomainObject } from './wire';
import { type OpenproviderContext, PENDING, REGISTRAR, toWireNameservers } from './adapter-context';
import { findDomain, getById, splitName, temporary } from './domain-lookup';
import { splitRegistrationExtras } from './registration-extras';

/**
 * Openprovider inbound transfers: check what can be known, request once (contact handles, auth
 * code), and read the outcome. Part of OpenproviderRegistrar (./adapter).
 */

/** statuses that end a transfer without the domain: failed, rejected, deleted */
export const FAILED = new Set(['FAI', 'REJ', 'DEL']);

/** The newest history entry says why a request failed; else the comments; else a generic text. */
export function failureReason(d: WireDomainObject): string {
  const history = [...(d.history ?? [])].filter((h) => (h.contents ?? h.subject ?? '').trim() !== '');
  history.sort((a, b) => (Date.parse(a.timestamp ?? '') || 0) - (Date.parse(b.timestamp ?? '') || 0));
  const last = history[history.length - 1];
  const text = last?.contents?.trim() || last?.subject?.trim() || d.comments?.trim();
  return text || `transfer ended with Openprovider status ${d.status}`;
}

/**
 * Openprovider has no transfer pre-check that validates the auth code or the lock: the auth code
 * is only judged by the registry when the transfer is requested. So this answers what can be
 * known: the domain must be registered (POST /domains/check says not "free") and not already
 * in this account. An empty auth code is refused locally (spec 6, #229).
 */
export async function checkTransfer(
  ctx: OpenproviderContext,
  domain: string,
  authCode: string,
): Promise<TransferCheck> {
  const operation = 'checkTransfer';
  const split = splitName(domain, operation);
  if (authCode.trim() === '') return { possible: false, authInvalid: true, reason: 'the auth code is empty' };

  const own = await findDomain(ctx, split, operation);
  if (own && own.status === 'ACT') {
    return { possible: false, reason: 'the domain is already in this Openprovider account' };
  }
  if (own && PENDING.has(own.status)) return { possible: true, reason: `a transfer is already ${own.status}` };

  let result;
  try {
    result = await ctx.client.call('POST', '/domains/check', checkDomainsDataSchema, {
      operation: 'POST /domains/check',
      body: { domains: [split], with_price: false },
    });
  } catch (err) {
    // Invalid extension / label (307, 300-306): an answer, not a failure of the check.
    if (err instanceof RegistrarRejectedError)
      return { possible: false, reason: err.details.description ?? err.message };
    throw err;
  }
  const fullName = joinDomainName(split);
  const row = (result.data.results ?? []).find((r) => r.domain.toLowerCase() === fullName) ?? result.data.results?.[0];
  if (!row) throw temporary(operation, 'POST /domains/check answered without a result for the domain');
  if (row.status === 'free') {
    return { possible: false, reason: `the domain is not registered (${row.reason || 'free'}): register it instead` };
  }
  if (row.status === 'active') return { possible: true };
  return { possible: false, reason: `the domain is ${row.status}${row.reason ? `: ${row.reason}` : ''}` };
}

/**
 * Idempotent: looks the domain up first; a transfer already under way (REQ/SCH/PEN) or one
 * that already completed (ACT of type TRANSFER) is reported without a second POST.
 * `periodYears` is not sent: Openprovider transfers take no period (spec 3.3). Ordered with
 * autorenew "off" like registrations.
 */
export async function requestTransfer(
  ctx: OpenproviderContext,
  request: TransferRequest,
): Promise<TransferRequestResult> {
  const operation = 'requestTransfer';
  const split = splitName(request.domain, operation);
  if (request.authCode.trim() === '') {
    throw new RegistrarRejectedError('requestTransfer: the auth code is empty', {
      registrar: REGISTRAR,
      operation,
      code: '317',
      description: 'Empty authorization code!',
    });
  }
  // TLD fields the transfer carries (.ca legal_type: domainTransferAdditionalData); checked before any call.
  const extras = splitRegistrationExtras(request.domain, request.extras ?? {}, operation);
  if (Object.keys(extras.customerData).length > 0) {
    throw new RegistrarRejectedError(
      `requestTransfer: ${Object.keys(extras.customerData).join(', ')} belong on the owner handle; transfers use the configured handles`,
      { registrar: REGISTRAR, operation },
    );
  }
  const handles = ctx.handles;
  if (!handles?.owner) {
    throw new RegistrarRejectedError('requestTransfer: no owner handle configured for Openprovider transfers', {
      registrar: REGISTRAR,
      operation,
    });
  }

  const existing = await findDomain(ctx, split, operation);
  const already = existing && alreadyTransferring(existing);
  if (already) return already;
  if (existing && existing.status === 'ACT') {
    throw new RegistrarRejectedError(`requestTransfer: ${joinDomainName(split)} is already in this account`, {
      registrar: REGISTRAR,
      operation,
      code: '326',
      description: 'Domain is already in your account',
    });
  }

  const body: Record<string, unknown> = {
    domain: split,
    auth_code: request.authCode,
    owner_handle: handles.owner,
    admin_handle: handles.admin ?? handles.owner,
    tech_handle: handles.tech ?? handles.owner,
    billing_handle: handles.billing ?? handles.owner,
    // As for registrations: only this engine renews. 'default' (the spec's default) would follow
    // the reseller-wide setting and let Openprovider renew the domain as well.
    autorenew: 'off',
  };
  // Name servers only when asked for, never substituted (spec 6, #525); no null ip fields (#230).
  if (request.nameservers && request.nameservers.length > 0) body.name_servers = toWireNameservers(request.nameservers);
  if (Object.keys(extras.additionalData).length > 0) body.additional_data = extras.additionalData;
  try {
    const result = await ctx.client.call('POST', '/domains/transfer', transferDataSchema, {
      operation: 'POST /domains/transfer',
      body,
    });
    return { alreadyPending: false, reference: result.data.id != null ? String(result.data.id) : undefined };
  } catch (err) {
    // 514 (already being transferred) / 326 (already in account): maybe our own earlier attempt.
    if (err instanceof RegistrarRejectedError && (err.details.code === '514' || err.details.code === '326')) {
      const again = await findDomain(ctx, split, operation);
      const pending = again && alreadyTransferring(again);
      if (pending) return pending;
    }
    throw err;
  }
}

export async function getTransferStatus(ctx: OpenproviderContext, domain: string): Promise<TransferStatus> {
  const operation = 'getTransferStatus';
  const split = splitName(domain, operation);
  const found = await findDomain(ctx, split, operation);
  if (!found) {
    return { state: 'failed', reason: 'no transfer for this domain in the Openprovider account' };
  }
  const status = found.status;
  if (status === 'ACT') return { state: 'completed', registrarStatus: status };
  if (PENDING.has(status)) return { state: 'pending', registrarStatus: status };
  if (FAILED.has(status)) {
    const full = await getById(ctx, found.id, operation, { with_history: true });
    return { state: 'failed', registrarStatus: status, reason: failureReason(full ?? found) };
  }
  // Undocumented status: still pending; the workflow's own deadline bounds the wait.
  return { state: 'pending', registrarStatus: status };
}

export function alreadyTransferring(d: WireDomainObject): TransferRequestResult | undefined {
  if (PENDING.has(d.status) || (d.status === 'ACT' && d.type === 'TRANSFER')) {
    return { alreadyPending: true, reference: String(d.id) };
  }
  return undefined;
}

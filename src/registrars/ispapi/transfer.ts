import { RegistrarRejectedError } from '../errors';
import type { TransferCheck, TransferRequest, TransferRequestResult, TransferStatus } from '../registrar';
import { IspapiClient } from './client';
import { classifyCode, maskCommandText } from './codes';
import { firstRow, type IspapiResponse } from './wire';
import { type IspapiContext, count } from './adapter-context';
import { getDomain } from './domain-settings';
import { extrasFor } from './registration';

/**
 * ISPAPI inbound transfers: check, request once, and read the outcome the way the reseller
 * module's TransferSync does (spec 3.1). Part of IspapiRegistrar (./adapter).
 */

/**
 * TransferDomain answers meaning "our earlier request stands": 536 "Object already flagged for
 * transfer" (the reference's code for a pending transfer), 553 (the sandbox's older word for it,
 * not in the reference's list) and 540 (already in this account: the earlier request went through).
 */
export const ALREADY_TRANSFERRING = new Set([536, 553, 540]);

export async function checkTransfer(ctx: IspapiContext, domain: string, authCode: string): Promise<TransferCheck> {
  const response = await ctx.client.send({ COMMAND: 'CheckDomainTransfer', DOMAIN: domain, AUTH: authCode });
  if (response.code === 218) return { possible: true };
  if (response.code === 219 || response.code === 540) {
    const row = firstRow(response);
    const authValue = (row.AUTHISVALID ?? '').toUpperCase();
    return {
      possible: false,
      reason: response.description,
      authInvalid: authValue === 'NO' || authValue === '0' || /WRONG AUTH/i.test(response.description),
      locked: row.TRANSFERLOCK === '1' || /clientTransferProhibited/i.test(response.description),
    };
  }
  IspapiClient.assertOk('CheckDomainTransfer', response);
  // A 2xx other than 218 is not an answer we know: do not guess that the transfer is possible.
  return { possible: false, reason: `${response.code} ${response.description}` };
}

export async function requestTransfer(ctx: IspapiContext, request: TransferRequest): Promise<TransferRequestResult> {
  // A retried request may follow one whose answer was lost: never send a second TransferDomain.
  if (await transferPending(ctx, request.domain)) return { alreadyPending: true };
  const command = {
    COMMAND: 'TransferDomain',
    DOMAIN: request.domain,
    AUTH: request.authCode,
    PERIOD: request.periodYears,
    NAMESERVER: request.nameservers,
    // TLD fields the transfer carries (.ca legal type), as TransferDomain's X-... parameters
    ...extrasFor(request.domain, request.extras ?? {}),
  };
  let response = await ctx.client.send(command);
  if (classifyCode(response.code, response.description) === 'rejected' && !ALREADY_TRANSFERRING.has(response.code)) {
    // A domain in another account of this registrar takes ACTION=USERTRANSFER (reference,
    // TransferDomain ACTION; CheckDomainTransfer's mandatory USERTRANSFERREQUIRED says which).
    // The reference names no code for the wrong action, so any refusal is checked against it.
    if (await userTransferRequired(ctx, request.domain, request.authCode)) {
      response = await ctx.client.send({ ...command, ACTION: 'USERTRANSFER', PERIOD: undefined });
      IspapiClient.assertOk('TransferDomain ACTION=USERTRANSFER', response);
      return { alreadyPending: false };
    }
  }
  if (ALREADY_TRANSFERRING.has(response.code)) return { alreadyPending: true };
  IspapiClient.assertOk('TransferDomain', response);
  // 200 is TransferDomain's only success code in the reference; a 219 "Request is not available"
  // (a wrong auth code at request time) is 2xx but nothing was requested.
  if (response.code !== 200) {
    throw new RegistrarRejectedError(`TransferDomain: ${response.code} ${response.description}`, {
      registrar: 'ispapi',
      operation: 'TransferDomain',
      code: String(response.code),
      description: response.description,
    });
  }
  return { alreadyPending: false };
}

/** CheckDomainTransfer USERTRANSFERREQUIRED=1: the domain is in another account of this registrar. */
export async function userTransferRequired(ctx: IspapiContext, domain: string, authCode: string): Promise<boolean> {
  const check = await ctx.client.send({ COMMAND: 'CheckDomainTransfer', DOMAIN: domain, AUTH: authCode });
  IspapiClient.assertNotTemporary('CheckDomainTransfer', check);
  return (firstRow(check).USERTRANSFERREQUIRED ?? '').trim() === '1';
}

export async function transferPending(ctx: IspapiContext, domain: string): Promise<IspapiResponse | undefined> {
  const response = await ctx.client.send({ COMMAND: 'StatusDomainTransfer', DOMAIN: domain });
  if (response.code === 545) return undefined;
  IspapiClient.assertOk('StatusDomainTransfer', response);
  return response;
}

export async function getTransferStatus(ctx: IspapiContext, domain: string): Promise<TransferStatus> {
  const pending = await transferPending(ctx, domain);
  if (pending) return { state: 'pending', registrarStatus: firstRow(pending).TRANSFERSTATUS ?? 'PENDING' };

  const request = await ctx.client.call({
    COMMAND: 'QueryObjectLogList',
    OBJECTCLASS: 'DOMAIN',
    OBJECTID: domain,
    OPERATIONTYPE: 'TRANSFER',
    OPERATIONSTATUS: 'REQUEST',
    ORDERBY: 'LOGDATEDESC',
    USERDEPTH: 'SELF',
    LIMIT: 1,
  });
  if (count(request) === 0) return { state: 'pending', registrarStatus: 'NO-REQUEST-LOGGED' };
  const requestedAt = firstRow(request).LOGDATE;

  if (await getDomain(ctx, domain)) return { state: 'completed', registrarStatus: 'ACTIVE' };

  const failed = await ctx.client.call({
    COMMAND: 'QueryObjectLogList',
    OBJECTCLASS: 'DOMAIN',
    OBJECTID: domain,
    OPERATIONTYPE: 'INBOUND_TRANSFER',
    OPERATIONSTATUS: 'FAILED',
    MINDATE: requestedAt,
    ORDERBY: 'LOGDATEDESC',
    USERDEPTH: 'SELF',
    LIMIT: 1,
  });
  if (count(failed) === 0) return { state: 'pending', registrarStatus: 'UNKNOWN' };
  return { state: 'failed', registrarStatus: 'FAILED', reason: await failureReason(ctx, firstRow(failed).LOGINDEX) };
}

/** The object log holds the registry's answer; keep it readable and free of secrets. */
export async function failureReason(ctx: IspapiContext, logIndex: string | undefined): Promise<string> {
  if (!logIndex) return 'Transfer failed';
  const log = await ctx.client.send({ COMMAND: 'StatusObjectLog', LOGINDEX: logIndex });
  IspapiClient.assertNotTemporary('StatusObjectLog', log);
  if (log.code !== 200) return 'Transfer failed';
  const lines = (log.properties.OPERATIONINFO ?? [])
    .map((line) => maskCommandText(line.trim()))
    .filter((line) => line !== '' && !/^\[(HEADER|COMMAND|RESPONSE)\]$/.test(line) && line !== 'EOF');
  const explained = lines.find((line) => /^(REASON|DESCRIPTION)=/i.test(line) && !/completed successfully/i.test(line));
  const detail = explained ? explained.replace(/^[A-Z]+=/i, '') : lines.join('; ');
  return detail ? `Transfer failed: ${detail}` : 'Transfer failed';
}

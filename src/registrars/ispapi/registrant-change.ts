import {
  materialChanges,
  registrantChangeExtrasFor,
  ZONE_POLICIES,
  type RegistrantIdentity,
  type RegistrarChangePolicy,
  type ZonePolicy,
} from '../../domain/registrant-change';
import { RegistrarRejectedError } from '../errors';
import { ISPAPI_EXTRA_FIELDS } from './tld-extras';
import type { ContactInput } from '../registrar';
import type {
  PendingVerification,
  RegistrantChanger,
  TradeAnswer,
  TradeRequest,
  TradeStatusAnswer,
} from '../registrant-change';
import { contactParam, inlineContact, ispapiDateField } from './convert';
import { IspapiClient } from './client';
import { firstRow, type CommandRecord, type IspapiResponse } from './wire';
import { modifyDomainConfirmed } from './reference-rules';

/** The answers the modules turn into a ModifyDomain instead (spec 2.8). */
const USE_UPDATE = /trade is only allowed for change of registrant|please use UPDATE method/i;
const OPERATION = 'TradeDomain';

/**
 * TLD fields a command's reference page does not list (the API answers 503 to them): the .it
 * consent for publishing is a ModifyDomain / AddDomain / TransferDomain field, not a TradeDomain
 * one; ModifyDomain takes only the section 6 acceptance of the four.
 */
const NOT_ACCEPTED: Record<'TradeDomain' | 'ModifyDomain', ReadonlySet<string>> = {
  TradeDomain: new Set(['X-IT-CONSENTFORPUBLISHING']),
  ModifyDomain: new Set(['X-IT-ACCEPT-LIABILITY-TAC', 'X-IT-ACCEPT-REGISTRATION-TAC', 'X-IT-ACCEPT-EXPLICIT-TAC']),
};

function extrasFor(
  command: 'TradeDomain' | 'ModifyDomain',
  domain: string,
  extras: Record<string, string>,
): CommandRecord {
  const fields = registrantChangeExtrasFor(domain, extras, ISPAPI_EXTRA_FIELDS);
  return Object.fromEntries(Object.entries(fields).filter(([key]) => !NOT_ACCEPTED[command].has(key)));
}

/**
 * Changes of registrant over ISPAPI (spec 2.8, 3.3, 3.4): TradeDomain with the IRTP designated-agent
 * flags or the TLD's trade fields, StatusDomainTrade and the pending-verification list to follow
 * it, ModifyDomain OWNERCONTACT0 for a plain update.
 */
export class IspapiRegistrantChanger implements RegistrantChanger {
  constructor(private readonly client: IspapiClient) {}

  async queryRegistrantChangePolicy(domain: string): Promise<RegistrarChangePolicy> {
    const response = await this.client.call({ COMMAND: 'QueryDomainOptions', DOMAIN0: domain });
    const row = firstRow(response);
    const word = (row.ZONEPOLICYREGISTRANTNAMECHANGEBY ?? '').trim().toUpperCase();
    const zonePolicy = (ZONE_POLICIES as readonly string[]).includes(word) ? (word as ZonePolicy) : undefined;
    const repository = (row.REPOSITORY ?? '').trim() || undefined;
    return {
      ...(zonePolicy ? { zonePolicy, source: `ZONEPOLICYREGISTRANTNAMECHANGEBY=${word}` } : {}),
      ...(repository ? { repository } : {}),
    };
  }

  /** StatusDomain's OWNERCONTACT, read with StatusContact. */
  async currentRegistrant(domain: string): Promise<RegistrantIdentity> {
    const status = await this.client.call({ COMMAND: 'StatusDomain', DOMAIN: domain });
    const handle = (firstRow(status).OWNERCONTACT ?? '').trim();
    if (handle === '') throw this.rejected('StatusDomain', `${domain} has no OWNERCONTACT`);
    const contact = firstRow(await this.client.call({ COMMAND: 'StatusContact', CONTACT: handle }));
    const organisation = (contact.ORGANIZATION ?? '').trim();
    return {
      firstName: (contact.FIRSTNAME ?? '').trim(),
      lastName: (contact.LASTNAME ?? '').trim(),
      ...(organisation ? { organisation } : {}),
      email: (contact.EMAIL ?? '').trim(),
    };
  }

  /**
   * Once: a trade still running is reported as pending, and a registrant that already is the new
   * one (an earlier request whose answer was lost went through) as completed, without a new call.
   */
  async tradeDomain(request: TradeRequest): Promise<TradeAnswer> {
    const { domain } = request;
    const running = await this.tradeStatus(domain);
    if (running.state === 'pending')
      return { state: 'pending', alreadyRequested: true, registrarStatus: running.registrarStatus };
    if ('contact' in request.registrant) {
      const current = await this.currentRegistrant(domain);
      if (materialChanges(current, request.registrant.contact).length === 0 && running.state === 'completed') {
        return {
          state: 'completed',
          alreadyRequested: true,
          registrarStatus: running.registrarStatus,
          transferLockUntil: running.transferLockUntil,
        };
      }
    }
    const command: CommandRecord = {
      DOMAIN: domain,
      OWNERCONTACT: contactParam(request.registrant),
      ...extrasFor(OPERATION, domain, request.extras),
    };
    if (request.confirmation !== 'registry') {
      // Spec 3.3: the reseller is always designated agent for the new registrant; for the old one
      // only in designated-agent mode, otherwise the old registrant confirms by mail.
      command['X-CONFIRM-DA-NEW-REGISTRANT'] = 1;
      if (request.confirmation === 'designated-agent') command['X-CONFIRM-DA-OLD-REGISTRANT'] = 1;
    }
    if (request.optOutTransferLock !== undefined) {
      command['X-REQUEST-OPT-OUT-TRANSFERLOCK'] = request.optOutTransferLock ? 1 : 0;
    }
    const response = await this.client.send({ COMMAND: OPERATION, ...command });
    // 536 "Object already flagged for transfer" (TradeDomain's code in the reference): a trade is
    // running, e.g. one whose StatusDomainTrade was missed; it is followed like ours.
    if (response.code === 536) {
      return { state: 'pending', alreadyRequested: true, registrarStatus: `${response.code} ${response.description}` };
    }
    if ((response.code === 506 || response.code === 219) && USE_UPDATE.test(response.description)) {
      return {
        state: 'use-update',
        alreadyRequested: false,
        registrarStatus: `${response.code} ${response.description}`,
      };
    }
    IspapiClient.assertOk(OPERATION, response);
    if (this.pendingAnswer(response)) {
      return { state: 'pending', alreadyRequested: false, registrarStatus: response.description };
    }
    return {
      state: 'completed',
      alreadyRequested: false,
      registrarStatus: response.description,
      transferLockUntil: await this.tradeLockUntil(domain),
    };
  }

  /** PENDING=1, "trade pending - non-real-time", or the fax form still to come (spec 2.8). */
  private pendingAnswer(response: IspapiResponse): boolean {
    return response.pending || /trade pending|fax confirmation required|pending/i.test(response.description);
  }

  /**
   * StatusDomainTrade: SUCCESSFUL -> completed, FAILED -> denied / expired / failed by the log's
   * last word, 545 -> none, anything else pending.
   */
  async tradeStatus(domain: string): Promise<TradeStatusAnswer> {
    const response = await this.client.send({ COMMAND: 'StatusDomainTrade', DOMAIN: domain });
    if (response.code === 545) return { state: 'none', registrarStatus: 'NO-TRADE' };
    IspapiClient.assertOk('StatusDomainTrade', response);
    const status = (firstRow(response).TRANSFERSTATUS ?? '').trim().toUpperCase();
    if (status === 'SUCCESSFUL') {
      return { state: 'completed', registrarStatus: status, transferLockUntil: await this.tradeLockUntil(domain) };
    }
    if (status === 'FAILED') {
      const last = (response.properties.TRANSFERLOG ?? []).filter((l) => l.trim() !== '').at(-1) ?? '';
      const word = /\[([A-Z_]+)\]/.exec(last)?.[1] ?? 'FAILED';
      const reason = last.replace(/^.*?\[[A-Z_]+\]\s*/, '').trim() || 'the trade failed';
      const state = word === 'DENIED' ? 'denied' : word === 'EXPIRED' ? 'expired' : 'failed';
      return { state, registrarStatus: `FAILED (${word})`, reason };
    }
    return { state: 'pending', registrarStatus: status || 'UNKNOWN' };
  }

  private async tradeLockUntil(domain: string): Promise<string | undefined> {
    const status = await this.client.call({ COMMAND: 'StatusDomain', DOMAIN: domain });
    return ispapiDateField(firstRow(status), 'TRADE-TRANSFERLOCK-EXPIRATIONDATE', 'StatusDomain');
  }

  async pendingVerification(domain: string): Promise<PendingVerification | undefined> {
    const response = await this.client.call({
      COMMAND: 'QueryDomainPendingRegistrantVerificationList',
      DOMAIN: domain,
    });
    const index = (response.properties.DOMAIN ?? []).findIndex((d) => d.toLowerCase() === domain.toLowerCase());
    if (index < 0) return undefined;
    const column = (name: string) => response.properties[`X-REGISTRANT-VERIFICATION-${name}`]?.[index] ?? '';
    const dueAt = ispapiDateField(
      { DUEDATE: column('DUEDATE') },
      'DUEDATE',
      'QueryDomainPendingRegistrantVerificationList',
    );
    return { status: column('STATUS') || 'PENDING', ...(dueAt ? { dueAt } : {}) };
  }

  async resendConfirmation(domain: string): Promise<void> {
    await this.client.call({ COMMAND: 'ResendDomainTransferConfirmationEmails', DOMAIN: domain });
  }

  async cancelTrade(domain: string): Promise<void> {
    const response = await this.client.send({ COMMAND: OPERATION, DOMAIN: domain, ACTION: 'cancel' });
    if (response.code === 545) return;
    IspapiClient.assertOk(OPERATION, response);
  }

  /** ModifyDomain may answer PENDING=1 (reference): done only once StatusDomain shows the new owner. */
  async updateOwner(request: {
    domain: string;
    registrant: ContactInput;
    extras: Record<string, string>;
  }): Promise<void> {
    const { domain, registrant } = request;
    await modifyDomainConfirmed(
      this.client,
      { DOMAIN: domain, OWNERCONTACT: contactParam(registrant), ...extrasFor('ModifyDomain', domain, request.extras) },
      () => this.ownerIs(domain, registrant),
    );
  }

  /** The domain's owner is this handle, or a contact whose data is the inline data sent. */
  private async ownerIs(domain: string, registrant: ContactInput): Promise<boolean> {
    const handle = (
      firstRow(await this.client.call({ COMMAND: 'StatusDomain', DOMAIN: domain })).OWNERCONTACT ?? ''
    ).trim();
    if ('handle' in registrant) return handle === registrant.handle;
    if (handle === '') return false;
    const stored = firstRow(await this.client.call({ COMMAND: 'StatusContact', CONTACT: handle }));
    const norm = (v: unknown) =>
      String(v ?? '')
        .trim()
        .replace(/\s+/g, ' ')
        .toLowerCase();
    return Object.entries(inlineContact(registrant.contact)).every(
      ([key, value]) => value === undefined || norm(stored[key]) === norm(value),
    );
  }

  private rejected(operation: string, message: string): RegistrarRejectedError {
    return new RegistrarRejectedError(`${operation}: ${message}`, { registrar: 'ispapi', operation });
  }
}

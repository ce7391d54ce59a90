import type { ContactRole } from '../../domain/contact';
import type { ApplicationAnswer, ApplicationRegistrar, ApplicationRequest } from '../application';
import type { BackorderApplication, BackorderRegistrar, BackorderStatus } from '../backorder';
import { needsPayRenewal, type DomainLifecycle } from '../../domain/lifecycle';
import { extraFieldName, tldPolicy } from '../../domain/tld-policy';
import { ISPAPI_EXTRA_FIELDS } from './tld-extras';
import { sameNameservers } from '../../domain/nameservers';
import { RegistrarRejectedError, RegistrarUnsupportedError } from '../errors';
import type {
  Availability,
  ContactInput,
  DomainInfo,
  RegisterRequest,
  RegisterResult,
  Registrar,
  RegistrarCapabilities,
  RenewRequest,
  RenewResult,
  RestoreRequest,
  TransferCheck,
  TransferRequest,
  TransferRequestResult,
  TransferStatus,
} from '../registrar';
import { IspapiClient } from './client';
import { hasStatus, lifecycleFromDomainRow } from './lifecycle';
import { contactParam, ispapiDateField, ispapiDateToIso, isoToIspapiDate } from './convert';
import { IspapiRegistrantChanger } from './registrant-change';
import type { PortfolioPage, PortfolioRegistrar } from '../portfolio';
import { listIspapiPortfolio } from './portfolio';
import { classifyCode, maskCommandText } from './codes';
import { firstRow, type CommandRecord, type IspapiResponse } from './wire';
import {
  holdAutoExpire,
  modifyDomainConfirmed,
  premiumChannelColumn,
  premiumSubclass,
  sendWithPremiumClass,
} from './reference-rules';

export { inlineContact, ispapiDateField, ispapiDateToIso, isoToIspapiDate } from './convert';
export { ispapiDisplayExpiry, lifecycleFromDomainRow } from './lifecycle';

const count = (response: IspapiResponse): number => Number(response.properties.COUNT?.[0] ?? '0');

/**
 * The double-renewal guard parameter. HEXONET's reference (RenewDomain, PayDomainRenewal) defines
 * EXPIRATION as the expiry *year* (INT) and EXPIRATIONDATE as "the current expiration date" (TEXT),
 * answering 555 "Object already renewed" when it no longer matches: the date the caller read goes
 * in EXPIRATIONDATE, written as the API writes dates ('YYYY-MM-DD HH:MM:SS', UTC).
 */
const RENEWAL_GUARD = 'EXPIRATIONDATE';

/**
 * TransferDomain answers meaning "our earlier request stands": 536 "Object already flagged for
 * transfer" (the reference's code for a pending transfer), 553 (the sandbox's older word for it,
 * not in the reference's list) and 540 (already in this account: the earlier request went through).
 */
const ALREADY_TRANSFERRING = new Set([536, 553, 540]);

/** CheckDomains takes many names; the modules send 25 at a time. */
const CHECK_CHUNK = 25;
const PRIVACY_KEY = 'X-ACCEPT-WHOISTRUSTEE-TAC';

/** One CheckDomains row (spec 2.1) as the modules read it. */
export function availabilityFromCheck(
  domain: string,
  row: { check?: string; reason?: string; cls?: string; channel?: string; price?: string; currency?: string },
): Availability {
  const check = (row.check ?? '').trim();
  const code = check.slice(0, 3);
  const text = check.slice(3).trim();
  const reasonText = (row.reason ?? '').trim();
  const reason = reasonText || text || undefined;
  const cls = (row.cls ?? '').trim();
  const base = reason === undefined ? { domain } : { domain, reason };
  if (code === '210') return { ...base, status: 'available' };
  if (code === '211') {
    if (/block/i.test(reasonText)) return { ...base, status: 'taken' };
    if (/^Collision Domain name available \{/i.test(text)) return { ...base, status: 'reserved' };
    if ((row.channel ?? '').trim() !== '' || /^PREMIUM/i.test(cls)) {
      const amount = (row.price ?? '').trim();
      const currency = (row.currency ?? '').trim();
      return amount && currency
        ? { ...base, status: 'premium', premiumPrice: { amount, currency } }
        : { ...base, status: 'premium' };
    }
    if (cls !== '' && /reserved/i.test(reasonText)) return { ...base, status: 'reserved' };
    return { ...base, status: 'taken' };
  }
  if (code === '549') return { ...base, status: 'unsupported' };
  return { ...base, status: 'unknown' };
}

/** active: STATUS has ACTIVE; pending: created later by the registry; other: anything else. */
function domainState(statuses: string[]): DomainInfo['state'] {
  if (hasStatus(statuses, 'REQUESTEDCREATE', 'PENDINGCREATE')) return 'pending';
  if (hasStatus(statuses, 'ACTIVE')) return 'active';
  return 'other';
}

const BACKORDER_STATUSES: readonly BackorderStatus[] = [
  'REQUESTED',
  'ACTIVE',
  'PROCESSING',
  'SUCCESSFUL',
  'FAILED',
  'AUCTION-PENDING',
  'AUCTION-WON',
  'AUCTION-LOST',
];
/** Application states after which nothing happens any more (spec 2.10). */
const FINAL_APPLICATION_STATUSES = new Set(['SUCCESSFUL', 'FAILED', 'AUCTION-WON', 'AUCTION-LOST', 'CANCELLED']);
/** How far the registry's clock may be behind the worker's when a decided backorder is matched to its run. */
const APPLICATION_CLOCK_SKEW_MS = 60_000;

/** An application STATUS as the backorder addon reads it; words it does not know mean "still pending". */
export function backorderStatusOf(status: string | undefined): BackorderStatus {
  const word = (status ?? '').trim().toUpperCase();
  return (BACKORDER_STATUSES as readonly string[]).includes(word) ? (word as BackorderStatus) : 'PROCESSING';
}

/** The owner's identity as it matters for "is this our customer's application": e-mail and name. */
function ownerIdentity(fields: { email?: string; first?: string; last?: string; org?: string }): string {
  const norm = (v: string | undefined) => (v ?? '').trim().replace(/\s+/g, ' ');
  return JSON.stringify([norm(fields.email).toLowerCase(), norm(fields.first), norm(fields.last), norm(fields.org)]);
}

const CONTACT_KEYS: Record<ContactRole, string> = {
  owner: 'OWNERCONTACT',
  admin: 'ADMINCONTACT',
  tech: 'TECHCONTACT',
  billing: 'BILLINGCONTACT',
};

/**
 * The Registrar interface over ISPAPI. The transfer outcome is read the way the reseller module's
 * TransferSync does (spec 3.1): a pending transfer object, else the object log and the domain.
 */
export class IspapiRegistrar implements Registrar, BackorderRegistrar, ApplicationRegistrar, PortfolioRegistrar {
  readonly name = 'ispapi' as const;
  readonly capabilities: RegistrarCapabilities = {
    transfer: true,
    transferLock: true,
    register: true,
    // ISPAPI takes contacts inline and keeps its own handles: nothing to create beforehand.
    contactHandles: false,
    privacy: true,
  };

  /** `now`: the clock "expired" is judged by (tests share the sandbox clock); default the system clock */
  constructor(
    private readonly client: IspapiClient,
    private readonly options: { now?: () => Date; autoExpireWaitsMs?: readonly number[] } = {},
  ) {}

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  /**
   * The domain's phase, read the way the module's Sync does (spec 3.2):
   *  - StatusDomain 200: pending-create / pending-delete by STATUS; expired-grace when PAIDUNTILDATE
   *    (else EXPIRATIONDATE) has passed while the domain is still in the account; else active.
   *  - StatusDomain 531 (not an ACL refusal): transferred-away.
   *  - StatusDomain 545: last object-log entry OUTBOUND_TRANSFER/SUCCESSFUL => transferred-away;
   *    else QueryObjectList DELETEDDOMAIN: 545 => transferred-away, COUNT>0 => hard-quarantine
   *    (a restorable deleted domain costs the restore fee), COUNT=0 => deleted.
   */
  async readLifecycle(domain: string): Promise<DomainLifecycle> {
    const renewalMethod: DomainLifecycle['renewalMethod'] = needsPayRenewal(domain) ? 'pay' : 'renew';
    const response = await this.client.send({ COMMAND: 'StatusDomain', DOMAIN: domain });
    if (response.code === 531 && !/ACL/i.test(response.description)) {
      return { domain, phase: 'transferred-away', renewalMethod, registrarStatus: response.description };
    }
    if (response.code === 545) return this.vanished(domain, renewalMethod);
    IspapiClient.assertOk('StatusDomain', response);
    const statuses = (response.properties.STATUS ?? []).filter((s) => s !== '');
    return lifecycleFromDomainRow(domain, statuses, firstRow(response), this.now());
  }

  /** StatusDomain 545: transferred out, or deleted (restorable or not). */
  private async vanished(domain: string, renewalMethod: 'renew' | 'pay'): Promise<DomainLifecycle> {
    const log = await this.client.call({
      COMMAND: 'QueryObjectLogList',
      OBJECTCLASS: 'DOMAIN',
      OBJECTID: domain,
      ORDERBY: 'LOGDATEDESC',
      USERDEPTH: 'SELF',
      LIMIT: 1,
    });
    const last = firstRow(log);
    if (
      count(log) > 0 &&
      last.OPERATIONTYPE?.toUpperCase() === 'OUTBOUND_TRANSFER' &&
      last.OPERATIONSTATUS?.toUpperCase() === 'SUCCESSFUL'
    ) {
      return { domain, phase: 'transferred-away', renewalMethod, registrarStatus: 'OUTBOUND_TRANSFER SUCCESSFUL' };
    }
    // WIDE is mandatory in the reference (504 without it).
    const deleted = await this.client.send({
      COMMAND: 'QueryObjectList',
      OBJECTCLASS: 'DELETEDDOMAIN',
      OBJECTID: domain,
      WIDE: 1,
    });
    // The module reads 545 here as "transferred away" (spec 3.2).
    if (deleted.code === 545) {
      return { domain, phase: 'transferred-away', renewalMethod, registrarStatus: deleted.description };
    }
    IspapiClient.assertOk('QueryObjectList', deleted);
    if (count(deleted) === 0) return { domain, phase: 'deleted', renewalMethod, registrarStatus: 'not restorable' };
    const row = firstRow(deleted);
    const expiry = ispapiDateField(row, 'EXPIRATIONDATE', 'QueryObjectList');
    // The restorable period's end is not in the answer (DELETIONRESTORABLEPERIOD was only in
    // StatusDomain before the deletion), so hardQuarantineUntil stays unknown here.
    return {
      domain,
      phase: 'hard-quarantine',
      registryExpiresAt: expiry,
      displayExpiresAt: expiry,
      renewalMethod,
      registrarStatus: 'DELETEDDOMAIN',
    };
  }

  /**
   * One renewal, guarded: EXPIRATIONDATE=<the expiry the caller saw> makes a repeated call answer 555
   * "Object already renewed" instead of renewing twice (spec 2.11), which is reported as
   * alreadyDone. RenewDomain 510 (no explicit renewal for the TLD) is retried as PayDomainRenewal
   * with the same guard, as the modules do (spec 3.6); method 'pay' goes there directly.
   */
  async renew(request: RenewRequest): Promise<RenewResult> {
    const { domain, periodYears } = request;
    if (!Number.isInteger(periodYears) || periodYears < 1 || periodYears > 10) {
      throw new RegistrarRejectedError(`renew: periodYears must be 1-10, got ${periodYears}`, {
        registrar: 'ispapi',
        operation: 'RenewDomain',
      });
    }
    const guard = isoToIspapiDate(request.currentExpiresAt);
    if (guard === undefined) {
      throw new RegistrarRejectedError(`renew: currentExpiresAt is not a usable date (${request.currentExpiresAt})`, {
        registrar: 'ispapi',
        operation: 'RenewDomain',
      });
    }
    // A premium name needs its CLASS (reference, RenewDomain / PayDomainRenewal): ./reference-rules.
    const premium = () => premiumSubclass(this.client, domain);
    if (request.method === 'renew') {
      const response = await sendWithPremiumClass(
        this.client,
        { COMMAND: 'RenewDomain', DOMAIN: domain, PERIOD: periodYears, [RENEWAL_GUARD]: guard },
        premium,
      );
      if (response.code !== 510) return this.renewalResult('RenewDomain', response);
    }
    const paid = await sendWithPremiumClass(
      this.client,
      { COMMAND: 'PayDomainRenewal', DOMAIN: domain, PERIOD: periodYears, [RENEWAL_GUARD]: guard },
      premium,
    );
    return this.renewalResult('PayDomainRenewal', paid);
  }

  private renewalResult(operation: string, response: IspapiResponse): RenewResult {
    // 555: the guard found the term already extended: an earlier call (whose answer may have been
    // lost) went through. Nothing was charged now.
    if (response.code === 555) return { alreadyDone: true, pending: false };
    IspapiClient.assertOk(operation, response);
    const newExpiresAt = ispapiDateField(firstRow(response), 'EXPIRATIONDATE', operation);
    return newExpiresAt === undefined
      ? { alreadyDone: false, pending: response.pending }
      : { alreadyDone: false, pending: response.pending, newExpiresAt };
  }

  /**
   * RestoreDomain for a restorable deleted domain (ISPAPI has only the redemption kind: restore
   * fee plus a year). A retry after a lost answer must not pay twice: 545 with the domain back in
   * the account, or 552 with the restore already pending, is reported as alreadyDone.
   */
  async restore(request: RestoreRequest): Promise<RenewResult> {
    const { domain } = request;
    // RENEWALMODE is "the renewal mode of the domain after it has been restored" (reference,
    // RestoreDomain); without it the account default (AUTORENEW) applies and the registrar would
    // renew on its own next to this engine. A premium name needs its CLASS: ./reference-rules.
    const response = await sendWithPremiumClass(this.client, {
      COMMAND: 'RestoreDomain',
      DOMAIN: domain,
      RENEWALMODE: 'AUTOEXPIRE',
    });
    if (response.code === 545) {
      const status = await this.client.send({ COMMAND: 'StatusDomain', DOMAIN: domain });
      IspapiClient.assertNotTemporary('StatusDomain', status);
      if (status.code === 200) {
        const expiry = ispapiDateField(firstRow(status), 'EXPIRATIONDATE', 'StatusDomain');
        return expiry === undefined
          ? { alreadyDone: true, pending: false }
          : { alreadyDone: true, pending: false, newExpiresAt: expiry };
      }
      IspapiClient.assertOk('RestoreDomain', response);
    }
    if (response.code === 552) {
      const restored = await this.restoredObject(domain);
      if (restored) return restored;
    }
    return this.renewalResult('RestoreDomain', response);
  }

  /**
   * After RestoreDomain 552: was the domain restored already (an earlier call whose answer was
   * lost)? QueryObjectList has no STATUS column (OBJECTCLASS, OBJECTID, CREATEDDATE, UPDATEDDATE,
   * EXPIRATIONDATE, USER ...), so the object classes tell: a DOMAIN object for the name means the
   * restore was accepted; while its DELETEDDOMAIN object is still listed it is pending.
   * undefined: no DOMAIN object, the 552 stands.
   */
  private async restoredObject(domain: string): Promise<RenewResult | undefined> {
    const list = await this.client.send({ COMMAND: 'QueryObjectList', OBJECTID: domain, WIDE: 1 });
    IspapiClient.assertNotTemporary('QueryObjectList', list);
    if (list.code !== 200) return undefined;
    const rows = (list.properties.OBJECTID ?? []).map((id, i) => ({
      id: id.trim().toLowerCase(),
      cls: (list.properties.OBJECTCLASS?.[i] ?? '').trim().toUpperCase(),
      expires: list.properties.EXPIRATIONDATE?.[i] ?? '',
    }));
    const mine = rows.filter((r) => r.id === domain.toLowerCase());
    const object = mine.find((r) => r.cls === 'DOMAIN');
    if (!object) return undefined;
    const pending = mine.some((r) => r.cls === 'DELETEDDOMAIN');
    const newExpiresAt = ispapiDateToIso(object.expires);
    return newExpiresAt === undefined ? { alreadyDone: true, pending } : { alreadyDone: true, pending, newExpiresAt };
  }

  async checkTransfer(domain: string, authCode: string): Promise<TransferCheck> {
    const response = await this.client.send({ COMMAND: 'CheckDomainTransfer', DOMAIN: domain, AUTH: authCode });
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

  async requestTransfer(request: TransferRequest): Promise<TransferRequestResult> {
    // A retried request may follow one whose answer was lost: never send a second TransferDomain.
    if (await this.transferPending(request.domain)) return { alreadyPending: true };
    const command = {
      COMMAND: 'TransferDomain',
      DOMAIN: request.domain,
      AUTH: request.authCode,
      PERIOD: request.periodYears,
      NAMESERVER: request.nameservers,
    };
    let response = await this.client.send(command);
    if (classifyCode(response.code, response.description) === 'rejected' && !ALREADY_TRANSFERRING.has(response.code)) {
      // A domain in another account of this registrar takes ACTION=USERTRANSFER (reference,
      // TransferDomain ACTION; CheckDomainTransfer's mandatory USERTRANSFERREQUIRED says which).
      // The reference names no code for the wrong action, so any refusal is checked against it.
      if (await this.userTransferRequired(request.domain, request.authCode)) {
        response = await this.client.send({ ...command, ACTION: 'USERTRANSFER', PERIOD: undefined });
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
  private async userTransferRequired(domain: string, authCode: string): Promise<boolean> {
    const check = await this.client.send({ COMMAND: 'CheckDomainTransfer', DOMAIN: domain, AUTH: authCode });
    IspapiClient.assertNotTemporary('CheckDomainTransfer', check);
    return (firstRow(check).USERTRANSFERREQUIRED ?? '').trim() === '1';
  }

  private async transferPending(domain: string): Promise<IspapiResponse | undefined> {
    const response = await this.client.send({ COMMAND: 'StatusDomainTransfer', DOMAIN: domain });
    if (response.code === 545) return undefined;
    IspapiClient.assertOk('StatusDomainTransfer', response);
    return response;
  }

  async getTransferStatus(domain: string): Promise<TransferStatus> {
    const pending = await this.transferPending(domain);
    if (pending) return { state: 'pending', registrarStatus: firstRow(pending).TRANSFERSTATUS ?? 'PENDING' };

    const request = await this.client.call({
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

    if (await this.getDomain(domain)) return { state: 'completed', registrarStatus: 'ACTIVE' };

    const failed = await this.client.call({
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
    return { state: 'failed', registrarStatus: 'FAILED', reason: await this.failureReason(firstRow(failed).LOGINDEX) };
  }

  /** The object log holds the registry's answer; keep it readable and free of secrets. */
  private async failureReason(logIndex: string | undefined): Promise<string> {
    if (!logIndex) return 'Transfer failed';
    const log = await this.client.send({ COMMAND: 'StatusObjectLog', LOGINDEX: logIndex });
    IspapiClient.assertNotTemporary('StatusObjectLog', log);
    if (log.code !== 200) return 'Transfer failed';
    const lines = (log.properties.OPERATIONINFO ?? [])
      .map((line) => maskCommandText(line.trim()))
      .filter((line) => line !== '' && !/^\[(HEADER|COMMAND|RESPONSE)\]$/.test(line) && line !== 'EOF');
    const explained = lines.find(
      (line) => /^(REASON|DESCRIPTION)=/i.test(line) && !/completed successfully/i.test(line),
    );
    const detail = explained ? explained.replace(/^[A-Z]+=/i, '') : lines.join('; ');
    return detail ? `Transfer failed: ${detail}` : 'Transfer failed';
  }

  async getDomain(domain: string): Promise<DomainInfo | null> {
    return (await this.statusDomain(domain))?.info ?? null;
  }

  /** StatusDomain read once: the neutral view plus the renewal mode, which only register needs. */
  private async statusDomain(domain: string): Promise<{ info: DomainInfo; renewalMode?: string } | null> {
    const response = await this.client.send({ COMMAND: 'StatusDomain', DOMAIN: domain });
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

  async checkAvailability(domains: string[]): Promise<Availability[]> {
    const out: Availability[] = [];
    for (let start = 0; start < domains.length; start += CHECK_CHUNK) {
      const chunk = domains.slice(start, start + CHECK_CHUNK);
      const response = await this.client.call({ COMMAND: 'CheckDomains', DOMAIN: chunk, PREMIUMCHANNELS: '*' });
      const column = (name: string, i: number): string | undefined => response.properties[name]?.[i];
      const channels = premiumChannelColumn(response);
      chunk.forEach((domain, i) => {
        out.push(
          availabilityFromCheck(domain, {
            check: column('DOMAINCHECK', i),
            reason: column('REASON', i),
            cls: column('CLASS', i),
            channel: channels?.[i],
            price: column('PRICE', i),
            currency: column('CURRENCY', i),
          }),
        );
      });
    }
    return out;
  }

  ensureContact(): Promise<{ handle: string; reused: boolean }> {
    return Promise.reject(new RegistrarUnsupportedError('ispapi', 'contact handles'));
  }

  async register(request: RegisterRequest): Promise<RegisterResult> {
    const { domain } = request;
    // A retried activity may follow an attempt whose answer was lost: never order twice.
    const existing = await this.statusDomain(domain);
    if (existing) {
      const result = this.alreadyRegistered(existing.info);
      await this.ensureAutoExpire(domain, existing.renewalMode);
      return result;
    }

    const command: CommandRecord = {
      DOMAIN: domain,
      PERIOD: request.periodYears,
      NAMESERVER: request.nameservers && request.nameservers.length > 0 ? request.nameservers : undefined,
      OWNERCONTACT: contactParam(request.contacts.owner),
      ADMINCONTACT: contactParam(request.contacts.admin),
      TECHCONTACT: contactParam(request.contacts.tech),
      BILLINGCONTACT: contactParam(request.contacts.billing),
      ...this.extrasFor(domain, request.extras),
    };

    const premiumClass = request.premiumPrice ? await this.premiumClass(domain) : undefined;
    if (request.premiumPrice && premiumClass) {
      // Spec 2.2: the premium variant, at the accepted price (the registry refuses another one).
      // It takes no RENEWALMODE (not in the reference's AddDomainApplication) / lock / privacy, so
      // the domain starts with the account default (AUTORENEW): the mode is set right after and
      // read back until it holds (./reference-rules holdAutoExpire); errors are not swallowed.
      const response = await this.client.call({
        COMMAND: 'AddDomainApplication',
        CLASS: premiumClass,
        ...command,
        PRICE: request.premiumPrice.amount,
        CURRENCY: request.premiumPrice.currency,
      });
      // (a cast, not an annotation: the closure assigns it, which TypeScript's narrowing does not see)
      let created = null as { info: DomainInfo; renewalMode?: string } | null;
      const held = await holdAutoExpire(
        async () => (created = await this.statusDomain(domain)),
        () => this.ensureAutoExpire(domain, created?.renewalMode),
        this.options.autoExpireWaitsMs,
      );
      // 'not-visible': the registry creates the domain later; it stays pending here, and the
      // workflow registers again once it is active, which sets the mode (docs/register.md).
      return {
        state: created?.info.state === 'active' ? 'active' : 'pending',
        alreadyRegistered: false,
        expiresAt: created?.info.expiresAt,
        reference: created?.info.reference ?? firstRow(response).APPLICATION,
        ...(held === 'not-visible' ? { settingsPending: true as const } : {}),
      };
    }

    // RENEWALMODE=AUTOEXPIRE always: this engine renews; an account default of AUTORENEW would
    // renew a second time (spec 4, "double renewal").
    const response = await this.client.call({ COMMAND: 'AddDomain', ...command, RENEWALMODE: 'AUTOEXPIRE' });
    const statuses = response.properties.STATUS ?? [];
    const pending = response.pending || hasStatus(statuses, 'REQUESTEDCREATE', 'PENDINGCREATE');
    const active = !pending && hasStatus(statuses, 'ACTIVE');
    const row = firstRow(response);
    const created = await this.createdDomain(domain);
    return {
      state: active ? 'active' : 'pending',
      alreadyRegistered: false,
      expiresAt: ispapiDateToIso(row.REGISTRATIONEXPIRATIONDATE ?? row.EXPIRATIONDATE) ?? created?.info.expiresAt,
      reference: created?.info.reference,
    };
  }

  // ModifyDomain may answer PENDING=1 (reference): done only once StatusDomain shows the change.
  async setPrivacy(domain: string, enabled: boolean): Promise<void> {
    await modifyDomainConfirmed(
      this.client,
      { DOMAIN: domain, [PRIVACY_KEY]: enabled ? 1 : 0 },
      async () => (await this.getDomain(domain))?.privacy === enabled,
    );
  }

  private alreadyRegistered(existing: DomainInfo): RegisterResult {
    if (existing.state === 'other') {
      throw new RegistrarRejectedError(
        `${existing.domain} is in this account with status ${existing.statuses.join(', ') || 'unknown'}`,
        { registrar: 'ispapi', operation: 'AddDomain', description: existing.statuses.join(', ') },
      );
    }
    return {
      state: existing.state,
      alreadyRegistered: true,
      expiresAt: existing.expiresAt,
      reference: existing.reference,
    };
  }

  /**
   * The domain as StatusDomain shows it right after the order, with the renewal mode made
   * AUTOEXPIRE. The order stands whatever happens here, so failures only leave fields unknown; a
   * retried register fixes the renewal mode on its alreadyRegistered path.
   */
  private async createdDomain(domain: string): Promise<{ info: DomainInfo } | null> {
    try {
      const created = await this.statusDomain(domain);
      if (created) await this.ensureAutoExpire(domain, created.renewalMode);
      return created;
    } catch {
      return null;
    }
  }

  private async ensureAutoExpire(domain: string, renewalMode: string | undefined): Promise<void> {
    if (renewalMode === undefined || renewalMode === 'AUTOEXPIRE') return;
    await this.client.call({ COMMAND: 'SetDomainRenewalMode', DOMAIN: domain, RENEWALMODE: 'AUTOEXPIRE' });
  }

  /** Neutral extras (tld-policy keys) as the API's X-... parameters; unknown keys are refused. */
  private extrasFor(domain: string, extras: Record<string, string>): CommandRecord {
    const known = tldPolicy(domain).extras;
    const out: CommandRecord = {};
    for (const [key, value] of Object.entries(extras)) {
      const extra = known.find((e) => e.key === key);
      const field = extra ? extraFieldName(ISPAPI_EXTRA_FIELDS, domain, key) : undefined;
      if (!field) {
        throw new RegistrarRejectedError(`extras.${key} is not used for ${domain}`, {
          registrar: 'ispapi',
          operation: 'AddDomain',
        });
      }
      out[field] = value;
    }
    return out;
  }

  /**
   * The CLASS to buy a premium name with, from CheckDomains (spec 2.2): its CLASS, else
   * AFTERMARKET_PURCHASE_<channel>. undefined when the name is not premium (any more); the
   * registry itself refuses a price that differs from the accepted one.
   */
  private async premiumClass(domain: string): Promise<string | undefined> {
    const response = await this.client.call({ COMMAND: 'CheckDomains', DOMAIN: [domain], PREMIUMCHANNELS: '*' });
    const row = firstRow(response);
    const premiumChannel = premiumChannelColumn(response)?.[0];
    const availability = availabilityFromCheck(domain, {
      check: row.DOMAINCHECK,
      reason: row.REASON,
      cls: row.CLASS,
      channel: premiumChannel,
      price: row.PRICE,
      currency: row.CURRENCY,
    });
    if (availability.status !== 'premium') return undefined;
    const cls = (row.CLASS ?? '').trim();
    if (cls !== '') return cls;
    const channel = (premiumChannel ?? '').trim();
    return channel ? `AFTERMARKET_PURCHASE_${channel}` : undefined;
  }

  async setNameservers(domain: string, nameservers: string[]): Promise<void> {
    await modifyDomainConfirmed(this.client, { DOMAIN: domain, NAMESERVER: nameservers }, async () => {
      const info = await this.getDomain(domain);
      return info !== null && sameNameservers(info.nameservers, nameservers);
    });
  }

  async setTransferLock(domain: string, locked: boolean): Promise<void> {
    await modifyDomainConfirmed(
      this.client,
      { DOMAIN: domain, TRANSFERLOCK: locked ? 1 : 0 },
      async () => (await this.getDomain(domain))?.transferLock === locked,
    );
  }

  // ---- the portfolio (src/registrars/portfolio.ts) -----------------------------------------------

  listPortfolio(request: { cursor?: string; limit: number }): Promise<PortfolioPage> {
    return listIspapiPortfolio(this.client, request, this.now());
  }

  async setRegistrarAutorenew(domain: string, enabled: boolean): Promise<void> {
    await this.client.call({
      COMMAND: 'SetDomainRenewalMode',
      DOMAIN: domain,
      RENEWALMODE: enabled ? 'AUTORENEW' : 'AUTOEXPIRE',
    });
  }

  // ---- drop list and backorders (spec 2.10, 2.14, 3.8) --------------------------------------

  /**
   * FINALIZATIONDATE from QueryDomainPendingDeleteList (the drop date-time, UTC); undefined when not
   * listed. The list has no DOMAIN filter (503): KEYWORD0 with KEYWORDMATCH=BEGIN and ZONE0 narrow
   * it to names starting with the label in the zone, ordered by NAME; the exact name is picked out.
   */
  async dropDate(domain: string): Promise<string | undefined> {
    const dot = domain.indexOf('.');
    const response = await this.client.call({
      COMMAND: 'QueryDomainPendingDeleteList',
      KEYWORD0: domain.slice(0, dot),
      KEYWORDMATCH: 'BEGIN',
      ZONE0: domain.slice(dot + 1),
      ORDERBY: 'NAME',
      LIMIT: 1000,
    });
    const domains = response.properties.DOMAIN ?? [];
    const index = domains.findIndex((d) => d.toLowerCase() === domain.toLowerCase());
    if (index < 0) return undefined;
    const row = { FINALIZATIONDATE: response.properties.FINALIZATIONDATE?.[index] ?? '' };
    return ispapiDateField(row, 'FINALIZATIONDATE', 'QueryDomainPendingDeleteList');
  }

  /**
   * Places the backorder once. The API places a new application on every call (the addon sends
   * NEW=1), and one reseller account holds the backorders of all of its customers, so an earlier
   * application is looked for first: an open BACKORDER application for the domain whose owner
   * contact is this customer's (same e-mail, first and last name and organisation, read with
   * StatusContact; a handle input is compared as a handle). Two customers backordering the same
   * name therefore each get their own application. No invented parameters: the real API answers
   * 503 to unknown ones.
   */
  async placeBackorder(request: {
    domain: string;
    contacts: Record<ContactRole, ContactInput>;
    placedSince?: string;
  }): Promise<BackorderApplication> {
    const { domain, contacts, placedSince } = request;
    const mine = await this.findApplication(domain, 'BACKORDER', contacts.owner, placedSince);
    if (mine) return { reference: mine.reference, status: backorderStatusOf(mine.status) };
    const response = await this.client.call({
      COMMAND: 'AddDomainApplication',
      CLASS: 'BACKORDER',
      NEW: 1,
      DOMAIN: domain,
      // Min 1 in the reference: the registration period of the caught domain.
      PERIOD: 1,
      ...this.applicationContacts(contacts),
    });
    return { reference: this.applicationId('AddDomainApplication', response), status: 'REQUESTED' };
  }

  /** StatusDomainApplication; 545 (the application is gone, e.g. deleted by an admin) is CANCELLED. */
  async backorderStatus(reference: string): Promise<BackorderApplication> {
    const response = await this.client.send({ COMMAND: 'StatusDomainApplication', APPLICATION: reference });
    if (response.code === 545) return { reference, status: 'CANCELLED' };
    IspapiClient.assertOk('StatusDomainApplication', response);
    const row = firstRow(response);
    const auctionUrl = (row['AUCTION-URL'] ?? '').trim();
    return { reference, status: backorderStatusOf(row.STATUS), ...(auctionUrl ? { auctionUrl } : {}) };
  }

  /** Changes of registrant (TradeDomain and friends, ./registrant-change). */
  registrantChanger(): IspapiRegistrantChanger {
    return new IspapiRegistrantChanger(this.client);
  }

  // ---- .swiss applications (spec 3.5) -------------------------------------------------------

  /**
   * AddDomainApplication CLASS=GOLIVE with the UID (X-SWISS-UID), the intended use, inline contacts
   * and nameservers; no TRANSFERLOCK / privacy / INTERNALDNS (the registry refuses them). Once: an
   * application for the domain that has not failed is returned instead (one .swiss application
   * per name and account).
   */
  async submitApplication(request: ApplicationRequest): Promise<ApplicationAnswer> {
    const { domain } = request;
    const existing = await this.findApplication(domain, 'GOLIVE');
    if (existing) return this.applicationAnswer(existing.reference, existing.status);
    const response = await this.client.call({
      COMMAND: 'AddDomainApplication',
      CLASS: 'GOLIVE',
      DOMAIN: domain,
      PERIOD: 1,
      NAMESERVER: request.nameservers && request.nameservers.length > 0 ? request.nameservers : undefined,
      ...this.applicationContacts(request.contacts),
      'X-SWISS-UID': request.enterpriseId,
      'X-CORE-INTENDED-USE': request.intendedUse,
    });
    return this.applicationAnswer(
      this.applicationId('AddDomainApplication', response),
      firstRow(response).STATUS ?? 'REQUESTED',
    );
  }

  /**
   * SUCCESSFUL -> approved, FAILED -> refused, anything else pending. 545 (the module's v6 Sync,
   * spec 3.5): a successful application is cleaned up once it became a domain, so StatusDomain
   * decides: 200 -> approved (registrarStatus CLEANED-UP); 545 as well -> refused with
   * registrarStatus VANISHED (deleted without a domain, e.g. by an admin: a person must look).
   */
  async applicationStatus(domain: string, reference: string): Promise<ApplicationAnswer> {
    const response = await this.client.send({ COMMAND: 'StatusDomainApplication', APPLICATION: reference });
    if (response.code === 545) {
      const status = await this.client.send({ COMMAND: 'StatusDomain', DOMAIN: domain });
      if (status.code === 200) return { reference, status: 'approved', registrarStatus: 'CLEANED-UP' };
      if (status.code === 545) return { reference, status: 'refused', registrarStatus: 'VANISHED' };
      IspapiClient.assertOk('StatusDomain', status);
    }
    IspapiClient.assertOk('StatusDomainApplication', response);
    const row = firstRow(response);
    if (row.DOMAIN && row.DOMAIN.toLowerCase() !== domain.toLowerCase()) {
      throw new RegistrarRejectedError(`application ${reference} is for ${row.DOMAIN}, not ${domain}`, {
        registrar: 'ispapi',
        operation: 'StatusDomainApplication',
      });
    }
    return this.applicationAnswer(reference, row.STATUS ?? '');
  }

  private applicationAnswer(reference: string, registrarStatus: string): ApplicationAnswer {
    const word = registrarStatus.trim().toUpperCase();
    const status = word === 'SUCCESSFUL' ? 'approved' : word === 'FAILED' ? 'refused' : 'pending';
    return { reference, status, registrarStatus: word || 'UNKNOWN' };
  }

  private applicationContacts(contacts: Record<ContactRole, ContactInput>): CommandRecord {
    const out: CommandRecord = {};
    for (const role of Object.keys(CONTACT_KEYS) as ContactRole[])
      out[CONTACT_KEYS[role]] = contactParam(contacts[role]);
    return out;
  }

  private applicationId(operation: string, response: IspapiResponse): string {
    const id = (firstRow(response).APPLICATION ?? '').trim();
    if (id === '') {
      throw new RegistrarRejectedError(`${operation}: no APPLICATION id in the answer`, {
        registrar: 'ispapi',
        operation,
      });
    }
    return id;
  }

  /**
   * The newest application of this class for the domain that is still open (BACKORDER; with
   * `placedSince` also a decided one created since then) or has not failed (GOLIVE: a successful one
   * is the answer too), and, with `owner`, whose owner contact is that person.
   */
  private async findApplication(
    domain: string,
    kind: 'BACKORDER' | 'GOLIVE',
    owner?: ContactInput,
    placedSince?: string,
  ): Promise<{ reference: string; status: string } | undefined> {
    // CLASS is a PATTERN (reference, QueryDomainApplicationList) and applications are stored as
    // <TLD>_BACKORDER / <TLD>_GOLIVE (its example: COM_BACKORDER): an exact BACKORDER finds none,
    // and the duplicate check would then place a second backorder.
    const list = await this.client.call({
      COMMAND: 'QueryDomainApplicationList',
      DOMAIN: domain,
      CLASS: `*${kind}`,
      WIDE: 1,
    });
    const column = (name: string, i: number): string => (list.properties[name]?.[i] ?? '').trim();
    const rows = (list.properties.APPLICATION ?? [])
      .map((reference, i) => ({
        reference: reference.trim(),
        status: column('STATUS', i).toUpperCase(),
        cls: column('CLASS', i).toUpperCase(),
        domain: column('DOMAIN', i).toLowerCase(),
        owner: column('OWNERCONTACT', i),
        created: column('CREATEDDATE', i),
      }))
      .filter((r) => r.reference !== '' && r.domain === domain.toLowerCase() && r.cls.endsWith(kind))
      .filter((r) =>
        kind === 'BACKORDER'
          ? !FINAL_APPLICATION_STATUSES.has(r.status) || placedSince !== undefined
          : r.status !== 'FAILED',
      )
      .reverse();
    if (!owner) return rows[0];
    // A decided backorder is this one's only if placed since it started; an earlier backorder's is older.
    const since = placedSince === undefined ? undefined : Date.parse(placedSince) - APPLICATION_CLOCK_SKEW_MS;
    const wanted =
      'handle' in owner
        ? undefined
        : ownerIdentity({
            email: owner.contact.email,
            first: owner.contact.firstName,
            last: owner.contact.lastName,
            org: owner.contact.organisation,
          });
    for (const row of rows) {
      // StatusDomainApplication fills in what the list left out, asked at most once per row;
      // null: the registrar does not know the application.
      let details: Record<string, string> | null | undefined;
      const statusRow = async (): Promise<Record<string, string> | null> => {
        if (details === undefined) {
          const status = await this.client.send({ COMMAND: 'StatusDomainApplication', APPLICATION: row.reference });
          // Skipping a row on a temporary answer could miss our own application and place a second one.
          IspapiClient.assertNotTemporary('StatusDomainApplication', status);
          details = status.code === 200 ? firstRow(status) : null;
        }
        return details;
      };
      if (since !== undefined && FINAL_APPLICATION_STATUSES.has(row.status)) {
        const created = ispapiDateToIso(row.created || ((await statusRow())?.CREATEDDATE ?? ''));
        if (created === undefined || Date.parse(created) < since) continue;
      }
      let handle = row.owner;
      if (handle === '') {
        const found = await statusRow();
        if (!found) continue;
        handle = found.OWNERCONTACT ?? '';
      }
      if ('handle' in owner) {
        if (handle === owner.handle) return row;
        continue;
      }
      if (handle === '') continue;
      const contact = await this.client.send({ COMMAND: 'StatusContact', CONTACT: handle });
      IspapiClient.assertNotTemporary('StatusContact', contact);
      if (contact.code !== 200) continue;
      const c = firstRow(contact);
      if (ownerIdentity({ email: c.EMAIL, first: c.FIRSTNAME, last: c.LASTNAME, org: c.ORGANIZATION }) === wanted) {
        return row;
      }
    }
    return undefined;
  }
}

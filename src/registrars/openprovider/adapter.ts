import { z } from 'zod';
import { sameContact, sameLegalIdentity, type Contact } from '../../domain/contact';
import type { DomainLifecycle } from '../../domain/lifecycle';
import { extraFieldName, tldPolicy } from '../../domain/tld-policy';
import { OPENPROVIDER_EXTRA_FIELDS } from './tld-extras';
import { RegistrarError, RegistrarRejectedError, RegistrarTemporaryError } from '../errors';
import type {
  Availability,
  DomainInfo,
  Money,
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
import { OpenproviderClient, type OpenproviderClientOptions } from './client';
import type { PortfolioPage, PortfolioRegistrar } from '../portfolio';
import { listOpenproviderPortfolio } from './portfolio';
import { NOT_IN_ACCOUNT_CODES } from './codes';
import {
  fromCustomer,
  normaliseContact,
  OpenproviderContactError,
  toCustomer,
  toCustomerUpdate,
  type WireCustomerData,
} from './customer';
import { OpenproviderDateError, parseOptionalOpenproviderDate } from './dates';
import { OpenproviderRegistrantChanger } from './registrant-change';
import { joinDomainName, OpenproviderDomainNameError, splitDomainName, type OpenproviderDomain } from './domain-name';
import {
  checkDomainsDataSchema,
  createCustomerDataSchema,
  createDataSchema,
  customerSchema,
  domainObjectSchema,
  listCustomersDataSchema,
  listDomainsDataSchema,
  statusDataSchema,
  tldSchema,
  transferDataSchema,
  updateDataSchema,
  type WireCheckResult,
  type WireCustomer,
  type WireDomainObject,
} from './wire';

/** Contact handles (XX123456-CC) used for transfers; admin/tech/billing default to the owner. */
export interface OpenproviderHandles {
  owner: string;
  admin?: string;
  tech?: string;
  billing?: string;
}

export type OpenproviderRegistrarOptions = ({ client: OpenproviderClient } | OpenproviderClientOptions) & {
  /** needed by requestTransfer: Openprovider transfers carry contact handles */
  handles?: OpenproviderHandles;
  /** clock for lifecycle decisions (renewal date and quarantine ends passed?); default Date.now */
  now?: () => number;
};

const REGISTRAR = 'openprovider';
/** statuses of a transfer still under way: requested, scheduled, pending more information */
const PENDING = new Set(['REQ', 'SCH', 'PEN']);
/** POST /domains/check names per call */
const CHECK_BATCH = 20;
const CUSTOMER_PAGE = 100;
/** customers with the same name looked at before giving up and creating a new handle */
const MAX_CUSTOMER_SEARCH = 1000;
const ROLES = ['owner', 'admin', 'tech', 'billing'] as const;
/** statuses that end a transfer without the domain: failed, rejected, deleted */
const FAILED = new Set(['FAI', 'REJ', 'DEL']);

export class OpenproviderRegistrar implements Registrar, PortfolioRegistrar {
  readonly name = 'openprovider' as const;
  readonly capabilities: RegistrarCapabilities = {
    transfer: true,
    transferLock: true,
    register: true,
    contactHandles: true,
    privacy: true,
  };
  readonly client: OpenproviderClient;
  private readonly handles: OpenproviderHandles | undefined;
  private readonly now: () => number;

  constructor(options: OpenproviderRegistrarOptions) {
    this.client = 'client' in options ? options.client : new OpenproviderClient(options);
    this.handles = options.handles;
    this.now = options.now ?? Date.now;
  }

  /**
   * Openprovider has no transfer pre-check that validates the auth code or the lock: the auth code
   * is only judged by the registry when the transfer is requested. So this answers what can be
   * known: the domain must be registered (POST /domains/check says not "free") and not already
   * in this account. An empty auth code is refused locally (spec 6, #229).
   */
  async checkTransfer(domain: string, authCode: string): Promise<TransferCheck> {
    const operation = 'checkTransfer';
    const split = this.split(domain, operation);
    if (authCode.trim() === '') return { possible: false, authInvalid: true, reason: 'the auth code is empty' };

    const own = await this.findDomain(split, operation);
    if (own && own.status === 'ACT') {
      return { possible: false, reason: 'the domain is already in this Openprovider account' };
    }
    if (own && PENDING.has(own.status)) return { possible: true, reason: `a transfer is already ${own.status}` };

    let result;
    try {
      result = await this.client.call('POST', '/domains/check', checkDomainsDataSchema, {
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
    const row =
      (result.data.results ?? []).find((r) => r.domain.toLowerCase() === fullName) ?? result.data.results?.[0];
    if (!row) throw this.temporary(operation, 'POST /domains/check answered without a result for the domain');
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
  async requestTransfer(request: TransferRequest): Promise<TransferRequestResult> {
    const operation = 'requestTransfer';
    const split = this.split(request.domain, operation);
    if (request.authCode.trim() === '') {
      throw new RegistrarRejectedError('requestTransfer: the auth code is empty', {
        registrar: REGISTRAR,
        operation,
        code: '317',
        description: 'Empty authorization code!',
      });
    }
    const handles = this.handles;
    if (!handles?.owner) {
      throw new RegistrarRejectedError('requestTransfer: no owner handle configured for Openprovider transfers', {
        registrar: REGISTRAR,
        operation,
      });
    }

    const existing = await this.findDomain(split, operation);
    const already = existing && this.alreadyTransferring(existing);
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
    if (request.nameservers && request.nameservers.length > 0)
      body.name_servers = toWireNameservers(request.nameservers);
    try {
      const result = await this.client.call('POST', '/domains/transfer', transferDataSchema, {
        operation: 'POST /domains/transfer',
        body,
      });
      return { alreadyPending: false, reference: result.data.id != null ? String(result.data.id) : undefined };
    } catch (err) {
      // 514 (already being transferred) / 326 (already in account): maybe our own earlier attempt.
      if (err instanceof RegistrarRejectedError && (err.details.code === '514' || err.details.code === '326')) {
        const again = await this.findDomain(split, operation);
        const pending = again && this.alreadyTransferring(again);
        if (pending) return pending;
      }
      throw err;
    }
  }

  async getTransferStatus(domain: string): Promise<TransferStatus> {
    const operation = 'getTransferStatus';
    const split = this.split(domain, operation);
    const found = await this.findDomain(split, operation);
    if (!found) {
      return { state: 'failed', reason: 'no transfer for this domain in the Openprovider account' };
    }
    const status = found.status;
    if (status === 'ACT') return { state: 'completed', registrarStatus: status };
    if (PENDING.has(status)) return { state: 'pending', registrarStatus: status };
    if (FAILED.has(status)) {
      const full = await this.getById(found.id, operation, { with_history: true });
      return { state: 'failed', registrarStatus: status, reason: failureReason(full ?? found) };
    }
    // Undocumented status: still pending; the workflow's own deadline bounds the wait.
    return { state: 'pending', registrarStatus: status };
  }

  async getDomain(domain: string): Promise<DomainInfo | null> {
    const operation = 'getDomain';
    const split = this.split(domain, operation);
    const found = await this.findDomain(split, operation);
    if (!found) return null;
    const full = await this.getById(found.id, operation, { with_registry_statuses: true });
    if (!full || full.is_deleted === true) return null;
    return toDomainInfo(full, operation);
  }

  /**
   * The domain's name servers become exactly `nameservers`. UpdateDomainRequest's remove_nses
   * ("Use for deletion of existing nameservers") is what deletes the old ones: without it
   * name_servers is merged into them, so a transferred domain would keep its old servers too.
   */
  async setNameservers(domain: string, nameservers: string[]): Promise<void> {
    const operation = 'setNameservers';
    const id = await this.requireId(this.split(domain, operation), operation);
    await this.client.call('PUT', `/domains/${id}`, updateDataSchema, {
      operation: 'PUT /domains/{id}',
      body: { name_servers: toWireNameservers(nameservers), remove_nses: true },
    });
  }

  async setTransferLock(domain: string, locked: boolean): Promise<void> {
    const operation = 'setTransferLock';
    const id = await this.requireId(this.split(domain, operation), operation);
    await this.client.call('PUT', `/domains/${id}`, updateDataSchema, {
      operation: 'PUT /domains/{id}',
      body: { is_locked: locked },
    });
  }

  /**
   * POST /domains/check with prices, CHECK_BATCH names per call. free -> available (premium when
   * is_premium, with premium.price.create), active -> taken, reserved -> reserved; a name whose
   * extension Openprovider does not sell (307) -> unsupported. A batch refused with 307 is asked
   * again one name at a time, so one bad extension does not hide the answers for the others.
   * Answers come back in the order asked.
   */
  async checkAvailability(domains: string[]): Promise<Availability[]> {
    const operation = 'checkAvailability';
    const out = new Map<string, Availability>();
    const valid: Array<{ asked: string; split: OpenproviderDomain }> = [];
    for (const asked of domains) {
      try {
        valid.push({ asked, split: splitDomainName(asked) });
      } catch (err) {
        if (!(err instanceof OpenproviderDomainNameError)) throw err;
        out.set(asked, { domain: asked, status: 'unsupported', reason: err.message });
      }
    }
    for (let i = 0; i < valid.length; i += CHECK_BATCH) {
      const batch = valid.slice(i, i + CHECK_BATCH);
      let rows: WireCheckResult[];
      try {
        rows = await this.check(
          batch.map((b) => b.split),
          operation,
        );
      } catch (err) {
        if (!isInvalidExtension(err) || batch.length === 1) {
          if (isInvalidExtension(err)) {
            out.set(batch[0]!.asked, {
              domain: joinDomainName(batch[0]!.split),
              status: 'unsupported',
              reason: reasonOf(err),
            });
            continue;
          }
          throw err;
        }
        for (const one of batch) {
          try {
            const [row] = await this.check([one.split], operation);
            out.set(one.asked, toAvailability(joinDomainName(one.split), row));
          } catch (inner) {
            if (!isInvalidExtension(inner)) throw inner;
            out.set(one.asked, { domain: joinDomainName(one.split), status: 'unsupported', reason: reasonOf(inner) });
          }
        }
        continue;
      }
      for (const b of batch) {
        const full = joinDomainName(b.split);
        out.set(
          b.asked,
          toAvailability(
            full,
            rows.find((r) => r.domain.toLowerCase() === full),
          ),
        );
      }
    }
    return domains.map((d) => out.get(d)!);
  }

  /**
   * Stateless handle reuse (spec 5.3, 5.4; the engine keeps no handle table). Customers with the
   * same first and last name are searched (GET /customers, last_name_pattern + first_name_pattern,
   * all pages); of those with the same legal identity (name and company), one whose data is
   * identical after the mapping (./customer) is reused without a write (GET /customers/{handle}
   * confirms the fields the list leaves out, e.g. fax). Otherwise the oldest same-identity handle
   * is updated (PUT /customers/{handle}) and reused; with none, POST /customers makes a new one.
   * Not safe against two concurrent calls for the same new person (both may create a handle).
   */
  async ensureContact(contact: Contact): Promise<{ handle: string; reused: boolean }> {
    const operation = 'ensureContact';
    let wanted: WireCustomerData;
    try {
      wanted = toCustomer(contact);
    } catch (err) {
      if (err instanceof OpenproviderContactError) {
        throw new RegistrarRejectedError(`${operation}: ${err.message}`, { registrar: REGISTRAR, operation });
      }
      throw err;
    }
    const normal = normaliseContact(contact);
    const candidates = (await this.searchCustomers(wanted, operation))
      .filter((c) => c.is_deleted !== true && sameLegalIdentity(fromCustomer(c), normal))
      .sort((a, b) => (a.id ?? Number.MAX_SAFE_INTEGER) - (b.id ?? Number.MAX_SAFE_INTEGER));
    const withoutFax = (c: Contact): Contact => ({ ...c, fax: undefined });
    for (const candidate of candidates) {
      // The list leaves out fax: compare the rest first, then confirm on the full record.
      if (candidate.fax === undefined && !sameContact(withoutFax(fromCustomer(candidate)), withoutFax(normal)))
        continue;
      const full = candidate.fax === undefined ? await this.getCustomer(candidate.handle, operation) : candidate;
      if (full && sameContact(fromCustomer(full), normal)) return { handle: full.handle, reused: true };
    }
    const target = candidates[0];
    if (target) {
      await this.client.call('PUT', `/customers/${encodeURIComponent(target.handle)}`, z.unknown(), {
        operation: `${operation}: PUT /customers/{handle}`,
        body: toCustomerUpdate(wanted),
      });
      return { handle: target.handle, reused: true };
    }
    const created = await this.client.call('POST', '/customers', createCustomerDataSchema, {
      operation: `${operation}: POST /customers`,
      body: wanted,
    });
    return { handle: created.data.handle, reused: false };
  }

  /**
   * Idempotent: a domain already in this account (an earlier attempt went through) is reported
   * without a second POST. Renewal stays with this engine: autorenew "off". Contacts must be
   * handles (ensureContact first). TLD extras go out as additional_data under their Openprovider
   * names. A premium price is accepted (accept_premium_fee) only when request.premiumPrice equals
   * Openprovider's current quote; without it Openprovider refuses a premium name (379).
   */
  async register(request: RegisterRequest): Promise<RegisterResult> {
    const operation = 'register';
    const split = this.split(request.domain, operation);
    const full = joinDomainName(split);
    const handles = {} as Record<(typeof ROLES)[number], string>;
    for (const role of ROLES) {
      const input = request.contacts[role];
      if (!input || !('handle' in input) || input.handle.trim() === '') {
        throw new RegistrarRejectedError(
          `${operation}: the ${role} contact must be an Openprovider handle (call ensureContact first)`,
          { registrar: REGISTRAR, operation },
        );
      }
      handles[role] = input.handle.trim();
    }
    const additionalData = toAdditionalData(request.domain, request.extras, operation);

    const existing = await this.findDomain(split, operation);
    if (existing) return this.alreadyRegistered(existing, operation);

    const body: Record<string, unknown> = {
      domain: split,
      period: request.periodYears,
      unit: 'y',
      owner_handle: handles.owner,
      admin_handle: handles.admin,
      tech_handle: handles.tech,
      billing_handle: handles.billing,
      autorenew: 'off',
    };
    if (request.nameservers && request.nameservers.length > 0)
      body.name_servers = toWireNameservers(request.nameservers);
    if (Object.keys(additionalData).length > 0) body.additional_data = additionalData;
    if (request.premiumPrice) {
      const [row] = await this.check([split], operation);
      const quote = row ? premiumPriceOf(row) : undefined;
      if (row?.is_premium === true) {
        if (!quote || !samePrice(quote, request.premiumPrice)) {
          throw new RegistrarRejectedError(
            `${operation}: ${full} is premium at ${quote ? `${quote.amount} ${quote.currency}` : 'an unknown price'}, not the accepted ${request.premiumPrice.amount} ${request.premiumPrice.currency}`,
            { registrar: REGISTRAR, operation, code: '379' },
          );
        }
        body.accept_premium_fee = Number(quote.amount);
      }
    }

    let created;
    try {
      created = await this.client.call('POST', '/domains', createDataSchema, {
        operation: `${operation}: POST /domains`,
        body,
      });
    } catch (err) {
      // 326/311 may be our own earlier attempt whose answer was lost: look again before failing.
      if (err instanceof RegistrarRejectedError && (err.details.code === '326' || err.details.code === '311')) {
        const again = await this.findDomain(split, operation);
        if (again) return this.alreadyRegistered(again, operation);
      }
      if (err instanceof RegistrarRejectedError && err.details.code === '379') {
        throw new RegistrarRejectedError(
          `${operation}: ${full} is a premium name; quote it with checkAvailability and register with premiumPrice (${err.message})`,
          err.details,
          { cause: err },
        );
      }
      throw err;
    }
    const state = registrationState(created.data.status);
    if (!state) {
      throw new RegistrarRejectedError(
        `${operation}: Openprovider answered status ${created.data.status} for ${full}`,
        {
          registrar: REGISTRAR,
          operation,
        },
      );
    }
    return registerResult(state, false, created.data, operation);
  }

  // ---- the portfolio (src/registrars/portfolio.ts) ----

  listPortfolio(request: { cursor?: string; limit: number }): Promise<PortfolioPage> {
    return listOpenproviderPortfolio(this.client, (d, operation) => this.lifecycleOf(d, operation), request);
  }

  async setRegistrarAutorenew(domain: string, enabled: boolean): Promise<void> {
    const operation = 'setRegistrarAutorenew';
    const id = await this.requireId(this.split(domain, operation), operation);
    await this.client.call('PUT', `/domains/${id}`, updateDataSchema, {
      operation: 'PUT /domains/{id}',
      body: { autorenew: enabled ? 'on' : 'off' },
    });
  }

  async setPrivacy(domain: string, enabled: boolean): Promise<void> {
    const operation = 'setPrivacy';
    const id = await this.requireId(this.split(domain, operation), operation);
    await this.client.call('PUT', `/domains/${id}`, updateDataSchema, {
      operation: 'PUT /domains/{id}',
      body: { is_private_whois_enabled: enabled },
    });
  }

  /**
   * Where the domain is, from a fresh search (spec 3.4, 3.6, 5.5; dates in Europe/Amsterdam):
   * - ACT: 'active'; 'expired-grace' once renewal_date has passed (Openprovider has not acted yet).
   * - REQ / PEN / SCH (and RRQ, a restore under way): 'pending-create': wait, do not pay.
   * - DEL: soft_quarantine_expiry_date in the future -> 'soft-quarantine'; else
   *   hard_quarantine_expiry_date in the future -> 'hard-quarantine' (restoreFee = the TLD's
   *   restore_price from GET /tlds/{ext}, undefined when it cannot be read); else 'deleted'.
   * - FAI / REJ (the order failed; there is no domain): 'deleted'.
   * - not found by the plain search, found with is_deleted=true: 'deleted' (purged).
   * - not found at all: 'transferred-away'. Openprovider keeps a deleted domain's record
   *   (is_deleted=true) but has none for a domain that moved to another registrar (spec 5.7(a),
   *   #32, #389): a name this engine had in the account and of which no record is left went away.
   * registryExpiresAt = registry_expiration_date (else expiration_date); displayExpiresAt =
   * renewal_date. An ACT domain without them, or any date that is garbage or at/before the epoch,
   * is an error (RegistrarRejectedError), never a guess.
   */
  async readLifecycle(domain: string): Promise<DomainLifecycle> {
    const operation = 'readLifecycle';
    const split = this.split(domain, operation);
    const full = joinDomainName(split);
    const found = await this.findDomain(split, operation);
    if (found) return this.classify(found, operation);
    const purged = await this.findDeletedDomain(split, operation);
    if (purged) {
      return {
        domain: full,
        phase: 'deleted',
        renewalMethod: 'renew',
        registrarStatus: `${purged.status} (is_deleted)`,
        ...definedDates(lifecycleDates(purged, operation, false)),
      };
    }
    return {
      domain: full,
      phase: 'transferred-away',
      renewalMethod: 'renew',
      registrarStatus: 'no longer in the Openprovider account (no record, not even deleted)',
    };
  }

  /**
   * Openprovider's renew has no guard (spec 3.8): the domain is read first, and a registry expiry
   * already later than `currentExpiresAt` means the term was extended (our earlier attempt whose
   * answer was lost, or Openprovider's own autorenew): { alreadyDone: true }, nothing is paid.
   * An expiry earlier than the caller's is refused (stale or foreign data: read again). DEL
   * domains are not renewed (327: restore them); 325 "already renewed" counts as done.
   * Not safe against two concurrent renewals of the same domain (both may read the old date):
   * callers serialise per domain. `method` is ignored: Openprovider renews every TLD the same way.
   */
  async renew(request: RenewRequest): Promise<RenewResult> {
    const operation = 'renew';
    const split = this.split(request.domain, operation);
    const full = joinDomainName(split);
    if (!Number.isInteger(request.periodYears) || request.periodYears < 1 || request.periodYears > 10) {
      throw this.rejected(operation, `periodYears must be 1-10, not ${request.periodYears}`, '316');
    }
    const seen = Date.parse(request.currentExpiresAt);
    if (Number.isNaN(seen)) {
      throw this.rejected(operation, `currentExpiresAt "${request.currentExpiresAt}" is not a date`);
    }
    const current = await this.findDomain(split, operation);
    if (!current) throw this.notInAccount(full, operation);
    if (current.status === 'DEL') {
      throw new RegistrarRejectedError(
        `${operation}: ${full} is deleted (DEL, in quarantine): restore it instead of renewing`,
        { registrar: REGISTRAR, operation, code: '327', description: NOT_ACTIVE_TEXT },
      );
    }
    if (current.status !== 'ACT') {
      throw this.rejected(operation, `${full} has status ${current.status}: nothing to renew yet`, '366');
    }
    const expiry = registryExpiry(current, operation);
    if (!expiry) throw this.rejected(operation, `active domain ${full} has no expiry date`);
    const at = Date.parse(expiry);
    if (at > seen) return { alreadyDone: true, newExpiresAt: expiry, pending: false };
    if (at < seen) {
      throw this.rejected(
        operation,
        `${full} expires ${expiry} at Openprovider, before the ${request.currentExpiresAt} the caller saw: read the lifecycle again`,
      );
    }
    let status: string | null | undefined;
    try {
      const result = await this.client.call('POST', `/domains/${current.id}/renew`, statusDataSchema, {
        operation: `${operation}: POST /domains/{id}/renew`,
        body: { id: current.id, period: request.periodYears },
      });
      status = result.data.status;
    } catch (err) {
      if (err instanceof RegistrarRejectedError && err.details.code === '325') {
        return { alreadyDone: true, pending: false, ...(await this.expiryAfter(split, operation)) };
      }
      throw err;
    }
    return { alreadyDone: false, pending: isPendingAnswer(status), ...(await this.expiryAfter(split, operation)) };
  }

  /**
   * Restores a DEL domain (POST /domains/{id}/restore; spec 3.9, 5.5). Read first: ACT with an
   * expiry in the future (our earlier restore whose answer was lost) -> { alreadyDone: true };
   * RRQ -> { alreadyDone: true, pending: true }. A domain that moved from soft into hard
   * quarantine since the caller looked is refused when asked for 'soft-quarantine' (the restore
   * fee was not agreed); asked for 'hard-quarantine', a soft one is restored (cheaper). Purged
   * (is_deleted) -> 376; not in the account -> 320.
   */
  async restore(request: RestoreRequest): Promise<RenewResult> {
    const operation = 'restore';
    const split = this.split(request.domain, operation);
    const full = joinDomainName(split);
    const current = await this.findDomain(split, operation);
    if (!current) {
      if (await this.findDeletedDomain(split, operation)) {
        throw this.rejected(operation, `${full} is purged (is_deleted): it can no longer be restored`, '376');
      }
      throw this.notInAccount(full, operation);
    }
    if (current.status === 'RRQ') return { alreadyDone: true, pending: true };
    if (current.status === 'ACT') {
      const expiry = registryExpiry(current, operation);
      if (expiry && Date.parse(expiry) > this.now()) return { alreadyDone: true, newExpiresAt: expiry, pending: false };
      throw this.rejected(operation, `${full} is ACT but expired (${expiry ?? 'no date'}): renew it instead`, '376');
    }
    if (current.status !== 'DEL') {
      throw this.rejected(operation, `${full} has status ${current.status}: nothing to restore`, '376');
    }
    const phase = this.quarantinePhase(current, operation);
    if (phase === 'gone') {
      throw this.rejected(operation, `${full} is past its quarantine: it can no longer be restored`, '376');
    }
    if (phase === 'hard-quarantine' && request.phase === 'soft-quarantine') {
      throw this.rejected(
        operation,
        `${full} is in hard quarantine now, not soft: the restore fee applies; read the lifecycle again`,
      );
    }
    const result = await this.client.call('POST', `/domains/${current.id}/restore`, statusDataSchema, {
      operation: `${operation}: POST /domains/{id}/restore`,
      body: { id: current.id, domain: split },
    });
    return {
      alreadyDone: false,
      pending: isPendingAnswer(result.data.status),
      ...(await this.expiryAfter(split, operation)),
    };
  }

  /** Owner changes: handle swap by update, or a trade (./registrant-change). */
  registrantChanger(): OpenproviderRegistrantChanger {
    return new OpenproviderRegistrantChanger(this.client);
  }

  async close(): Promise<void> {
    await this.client.close();
  }

  private async classify(d: WireDomainObject, operation: string): Promise<DomainLifecycle> {
    const lifecycle = this.lifecycleOf(d, operation);
    if (lifecycle.phase !== 'hard-quarantine') return lifecycle;
    const restoreFee = await this.restoreFee(d.domain.extension, operation);
    return restoreFee ? { ...lifecycle, restoreFee } : lifecycle;
  }

  /** The phase by status and dates, without the restore fee (a list of many domains asks nothing more). */
  lifecycleOf(d: WireDomainObject, operation: string): DomainLifecycle {
    const full = joinDomainName(d.domain);
    const dates = lifecycleDates(d, operation, d.status === 'ACT');
    const base = { domain: full, renewalMethod: 'renew' as const, registrarStatus: d.status, ...definedDates(dates) };
    const now = this.now();
    switch (d.status) {
      case 'ACT':
        return { ...base, phase: Date.parse(dates.displayExpiresAt!) <= now ? 'expired-grace' : 'active' };
      case 'REQ':
      case 'PEN':
      case 'SCH':
      case 'RRQ':
        return { ...base, phase: 'pending-create' };
      case 'FAI':
      case 'REJ':
        return { ...base, phase: 'deleted' };
      case 'DEL': {
        const phase = this.quarantinePhase(d, operation);
        return { ...base, phase: phase === 'gone' ? 'deleted' : phase };
      }
      default:
        throw this.rejected(operation, `${full} has the undocumented status ${d.status}`);
    }
  }

  /** DEL: which quarantine the dates say we are in now (spec 5.5: soft first, then hard). */
  private quarantinePhase(d: WireDomainObject, operation: string): 'soft-quarantine' | 'hard-quarantine' | 'gone' {
    const dates = lifecycleDates(d, operation, false);
    const now = this.now();
    if (dates.softQuarantineUntil && Date.parse(dates.softQuarantineUntil) > now) return 'soft-quarantine';
    if (dates.hardQuarantineUntil && Date.parse(dates.hardQuarantineUntil) > now) return 'hard-quarantine';
    return 'gone';
  }

  /** The TLD's restore_price (reseller price, else product price); undefined when it cannot be read. */
  private async restoreFee(extension: string, operation: string): Promise<Money | undefined> {
    try {
      const result = await this.client.call('GET', `/tlds/${encodeURIComponent(extension)}`, tldSchema, {
        operation: `${operation}: GET /tlds/{name}`,
        query: { with_price: true },
      });
      const price = result.data.prices?.restore_price;
      const quote = price?.reseller ?? price?.product;
      if (!quote || quote.price == null || quote.price < 0 || !quote.currency) return undefined;
      return { amount: formatAmount(quote.price), currency: quote.currency.toUpperCase() };
    } catch (err) {
      if (err instanceof RegistrarError) return undefined;
      throw err;
    }
  }

  /** After a successful money call: the new registry expiry, when a re-read gives it (never throws). */
  private async expiryAfter(split: OpenproviderDomain, operation: string): Promise<{ newExpiresAt?: string }> {
    try {
      const after = await this.findDomain(split, operation);
      const expiry = after && after.status === 'ACT' ? registryExpiry(after, operation) : undefined;
      return expiry ? { newExpiresAt: expiry } : {};
    } catch (err) {
      if (err instanceof RegistrarError) return {};
      throw err;
    }
  }

  /** GET /domains?full_name=...&is_deleted=true: a purged record of the name, newest first. */
  private async findDeletedDomain(split: OpenproviderDomain, operation: string): Promise<WireDomainObject | undefined> {
    const fullName = joinDomainName(split);
    const result = await this.client.call('GET', '/domains', listDomainsDataSchema, {
      operation: `${operation}: GET /domains (is_deleted)`,
      query: { full_name: fullName, is_deleted: true, limit: 100 },
    });
    return (result.data.results ?? [])
      .filter((d) => joinDomainName(d.domain) === fullName)
      .sort((a, b) => b.id - a.id)[0];
  }

  private notInAccount(full: string, operation: string): RegistrarRejectedError {
    return new RegistrarRejectedError(`${operation}: ${full} is not in this Openprovider account`, {
      registrar: REGISTRAR,
      operation,
      code: '320',
      description: 'The domain is not in your account; please transfer it to your account first.',
    });
  }

  private rejected(operation: string, message: string, code?: string): RegistrarRejectedError {
    return new RegistrarRejectedError(`${operation}: ${message}`, {
      registrar: REGISTRAR,
      operation,
      ...(code ? { code } : {}),
    });
  }

  /**
   * GET /domains?full_name=... (exact name, as upmind does). Deleted records are skipped; when
   * several remain (an old failed request next to a new one) the newest id wins.
   */
  private async findDomain(split: OpenproviderDomain, operation: string): Promise<WireDomainObject | undefined> {
    const fullName = joinDomainName(split);
    const result = await this.client.call('GET', '/domains', listDomainsDataSchema, {
      operation: `${operation}: GET /domains`,
      query: { full_name: fullName, limit: 100 },
    });
    return (result.data.results ?? [])
      .filter((d) => d.is_deleted !== true && joinDomainName(d.domain) === fullName)
      .sort((a, b) => b.id - a.id)[0];
  }

  private async getById(
    id: number,
    operation: string,
    query: Record<string, boolean>,
  ): Promise<WireDomainObject | undefined> {
    try {
      const result = await this.client.call('GET', `/domains/${id}`, domainObjectSchema, {
        operation: `${operation}: GET /domains/{id}`,
        query,
      });
      return result.data;
    } catch (err) {
      if (err instanceof RegistrarError && NOT_IN_ACCOUNT_CODES.has(Number(err.details.code))) return undefined;
      throw err;
    }
  }

  private async requireId(split: OpenproviderDomain, operation: string): Promise<number> {
    const found = await this.findDomain(split, operation);
    if (!found) {
      throw new RegistrarRejectedError(`${operation}: ${joinDomainName(split)} is not in this Openprovider account`, {
        registrar: REGISTRAR,
        operation,
        code: '320',
        description: 'The domain is not in your account; please transfer it to your account first.',
      });
    }
    return found.id;
  }

  private async check(split: OpenproviderDomain[], operation: string): Promise<WireCheckResult[]> {
    const result = await this.client.call('POST', '/domains/check', checkDomainsDataSchema, {
      operation: `${operation}: POST /domains/check`,
      body: { domains: split, with_price: true },
    });
    return result.data.results ?? [];
  }

  private alreadyRegistered(d: WireDomainObject, operation: string): RegisterResult {
    const state = registrationState(d.status);
    if (!state) {
      throw new RegistrarRejectedError(
        `${operation}: ${joinDomainName(d.domain)} is already in this account with status ${d.status}`,
        { registrar: REGISTRAR, operation, code: '326', description: 'The domain is already in your account' },
      );
    }
    return registerResult(state, true, d, operation);
  }

  /** Same first and last name, every page (the wildcard-free pattern is an exact match). */
  private async searchCustomers(wanted: WireCustomerData, operation: string): Promise<WireCustomer[]> {
    const found: WireCustomer[] = [];
    for (let offset = 0; offset < MAX_CUSTOMER_SEARCH; offset += CUSTOMER_PAGE) {
      const page = await this.client.call('GET', '/customers', listCustomersDataSchema, {
        operation: `${operation}: GET /customers`,
        query: {
          last_name_pattern: wanted.name.last_name,
          first_name_pattern: wanted.name.first_name,
          limit: CUSTOMER_PAGE,
          offset,
        },
      });
      const results = page.data.results ?? [];
      found.push(...results);
      if (results.length < CUSTOMER_PAGE || offset + CUSTOMER_PAGE >= (page.data.total ?? 0)) break;
    }
    return found;
  }

  private async getCustomer(handle: string, operation: string): Promise<WireCustomer | undefined> {
    try {
      const result = await this.client.call('GET', `/customers/${encodeURIComponent(handle)}`, customerSchema, {
        operation: `${operation}: GET /customers/{handle}`,
      });
      return result.data;
    } catch (err) {
      // A handle that vanished between the search and the read is no candidate.
      if (err instanceof RegistrarRejectedError) return undefined;
      throw err;
    }
  }

  private alreadyTransferring(d: WireDomainObject): TransferRequestResult | undefined {
    if (PENDING.has(d.status) || (d.status === 'ACT' && d.type === 'TRANSFER')) {
      return { alreadyPending: true, reference: String(d.id) };
    }
    return undefined;
  }

  private split(domain: string, operation: string): OpenproviderDomain {
    try {
      return splitDomainName(domain);
    } catch (err) {
      if (err instanceof OpenproviderDomainNameError) {
        throw new RegistrarRejectedError(`${operation}: ${err.message}`, { registrar: REGISTRAR, operation });
      }
      throw err;
    }
  }

  private temporary(operation: string, message: string): RegistrarTemporaryError {
    return new RegistrarTemporaryError(`${operation}: ${message}`, { registrar: REGISTRAR, operation });
  }
}

export function toWireNameservers(nameservers: string[]): Array<{ name: string; seq_nr: number }> {
  return nameservers.map((name, index) => ({ name: name.toLowerCase().replace(/\.$/, ''), seq_nr: index }));
}

function toDomainInfo(d: WireDomainObject, operation: string): DomainInfo {
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

/** The newest history entry says why a request failed; else the comments; else a generic text. */
function failureReason(d: WireDomainObject): string {
  const history = [...(d.history ?? [])].filter((h) => (h.contents ?? h.subject ?? '').trim() !== '');
  history.sort((a, b) => (Date.parse(a.timestamp ?? '') || 0) - (Date.parse(b.timestamp ?? '') || 0));
  const last = history[history.length - 1];
  const text = last?.contents?.trim() || last?.subject?.trim() || d.comments?.trim();
  return text || `transfer ended with Openprovider status ${d.status}`;
}

/** expiresAt only for active domains (a requested registration has no dates yet). */
function registerResult(
  state: 'active' | 'pending',
  alreadyRegistered: boolean,
  d: { id?: number | null; registry_expiration_date?: string | null; expiration_date?: string | null },
  operation: string,
): RegisterResult {
  const expiresAt = state === 'active' ? expiryOf(d, operation) : undefined;
  return {
    state,
    alreadyRegistered,
    ...(expiresAt ? { expiresAt } : {}),
    ...(d.id != null ? { reference: String(d.id) } : {}),
  };
}

function isInvalidExtension(err: unknown): err is RegistrarRejectedError {
  return err instanceof RegistrarRejectedError && err.details.code === '307';
}

function reasonOf(err: RegistrarError): string {
  return err.details.description ?? err.message;
}

/** Openprovider's create price of a premium name, as a decimal string. */
function premiumPriceOf(row: WireCheckResult): Money | undefined {
  const amount = row.premium?.price?.create;
  const currency = row.premium?.currency;
  if (amount === undefined || amount === null || !currency || amount <= 0) return undefined;
  return { amount: formatAmount(amount), currency: currency.toUpperCase() };
}

function formatAmount(n: number): string {
  const fixed = n.toFixed(2);
  return Number(fixed) === n ? fixed : String(n);
}

function samePrice(a: Money, b: Money): boolean {
  return a.currency.toUpperCase() === b.currency.toUpperCase() && Number(a.amount) === Number(b.amount);
}

function toAvailability(domain: string, row: WireCheckResult | undefined): Availability {
  if (!row) return { domain, status: 'unknown', reason: 'POST /domains/check answered without this domain' };
  const reason = row.reason?.trim() || undefined;
  const status = row.status.toLowerCase();
  if (status === 'free') {
    if (row.is_premium === true) {
      const premiumPrice = premiumPriceOf(row);
      return { domain, status: 'premium', ...(premiumPrice ? { premiumPrice } : {}), ...(reason ? { reason } : {}) };
    }
    return { domain, status: 'available', ...(reason ? { reason } : {}) };
  }
  if (status === 'active') return { domain, status: 'taken', ...(reason ? { reason } : {}) };
  if (status === 'reserved') return { domain, status: 'reserved', ...(reason ? { reason } : {}) };
  return { domain, status: 'unknown', reason: `Openprovider status ${row.status}${reason ? `: ${reason}` : ''}` };
}

/** Neutral extras -> additional_data by the TLD policy's Openprovider names; unknown keys are refused. */
function toAdditionalData(domain: string, extras: Record<string, string>, operation: string): Record<string, string> {
  const policy = tldPolicy(domain);
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(extras)) {
    const extra = policy.extras.find((e) => e.key === key);
    const field = extra ? extraFieldName(OPENPROVIDER_EXTRA_FIELDS, domain, key) : undefined;
    if (!field) {
      throw new RegistrarRejectedError(`${operation}: extras.${key} is not used by Openprovider for ${domain}`, {
        registrar: REGISTRAR,
        operation,
      });
    }
    if (value !== '') out[field] = value;
  }
  return out;
}

/** ACT -> active; REQ/SCH/PEN (requested, scheduled, pending information) -> pending; else none. */
function registrationState(status: string): 'active' | 'pending' | undefined {
  if (status === 'ACT') return 'active';
  if (PENDING.has(status)) return 'pending';
  return undefined;
}

const NOT_ACTIVE_TEXT = 'This domain already exists in Openprovider but NOT active';

/** A renew/restore answer other than ACT (e.g. RRQ, REQ): the registry has not finished. */
function isPendingAnswer(status: string | null | undefined): boolean {
  return status != null && status !== '' && status !== 'ACT';
}

interface LifecycleDates {
  registryExpiresAt?: string;
  displayExpiresAt?: string;
  softQuarantineUntil?: string;
  hardQuarantineUntil?: string;
}

/** The lifecycle dates as ISO UTC; `required`: registry expiry and renewal_date must be there. */
function lifecycleDates(d: WireDomainObject, operation: string, required: boolean): LifecycleDates {
  const full = joinDomainName(d.domain);
  try {
    const dates: LifecycleDates = {
      registryExpiresAt:
        parseOptionalOpenproviderDate(d.registry_expiration_date, 'registry_expiration_date') ??
        parseOptionalOpenproviderDate(d.expiration_date, 'expiration_date'),
      displayExpiresAt: parseOptionalOpenproviderDate(d.renewal_date, 'renewal_date'),
      softQuarantineUntil: parseOptionalOpenproviderDate(d.soft_quarantine_expiry_date, 'soft_quarantine_expiry_date'),
      hardQuarantineUntil: parseOptionalOpenproviderDate(d.hard_quarantine_expiry_date, 'hard_quarantine_expiry_date'),
    };
    if (required && !dates.registryExpiresAt) throw new OpenproviderDateError('expiration_date is empty');
    if (required && !dates.displayExpiresAt) throw new OpenproviderDateError('renewal_date is empty');
    return dates;
  } catch (err) {
    if (err instanceof OpenproviderDateError) {
      throw new RegistrarRejectedError(`${operation}: ${full} (${d.status}): ${err.message}`, {
        registrar: REGISTRAR,
        operation,
      });
    }
    throw err;
  }
}

function definedDates(dates: LifecycleDates): LifecycleDates {
  return Object.fromEntries(Object.entries(dates).filter(([, v]) => v !== undefined)) as LifecycleDates;
}

function registryExpiry(d: WireDomainObject, operation: string): string | undefined {
  return expiryOf(d, operation);
}

/** Registry expiry (registry_expiration_date, else expiration_date) as ISO UTC; Openprovider's earlier renewal_date is not it. */
function expiryOf(
  d: { registry_expiration_date?: string | null; expiration_date?: string | null },
  operation: string,
): string | undefined {
  try {
    return (
      parseOptionalOpenproviderDate(d.registry_expiration_date, 'registry_expiration_date') ??
      parseOptionalOpenproviderDate(d.expiration_date, 'expiration_date')
    );
  } catch (err) {
    if (err instanceof OpenproviderDateError) {
      throw new RegistrarRejectedError(`${operation}: ${err.message}`, { registrar: REGISTRAR, operation });
    }
    throw err;
  }
}

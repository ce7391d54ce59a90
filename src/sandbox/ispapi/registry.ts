import { randomBytes } from 'node:crypto';
import { isFreeName } from '../shared/world';
import { parseDomainName } from '../../domain/domain-name';

/**
 * The sandbox's in-memory registry: our account's portfolio, domains held at other registrars,
 * pending transfers and the object log. No HTTP and no wire format here; rules that the API
 * answers with an error code throw a CommandFault, which the command layer formats.
 */

export type TransferPolicy = { mode: 'manual' } | { mode: 'approve' | 'reject'; afterMs: number; reason?: string };

/**
 * How the registry answers a registration: at once (ACTIVE), or accepted now and created later
 * (PENDING=1, STATUS REQUESTEDCREATE) once afterMs passed on the sandbox clock.
 */
export type RegistrationPolicy = { mode: 'active' } | { mode: 'pending'; afterMs: number };

export type RenewalMode = 'AUTORENEW' | 'AUTOEXPIRE' | 'AUTODELETE';
export const RENEWAL_MODES: readonly RenewalMode[] = ['AUTORENEW', 'AUTOEXPIRE', 'AUTODELETE'];
/** What AddDomain gets without RENEWALMODE: the account default, AUTORENEW as on a fresh account. */
export const ACCOUNT_DEFAULT_RENEWAL_MODE: RenewalMode = 'AUTORENEW';

export interface PremiumPrice {
  amount: string;
  currency: string;
}

/** A premium name as CheckDomains PREMIUMCHANNELS=* shows it. */
export interface PremiumOffer extends PremiumPrice {
  channel: string;
  class: string;
}

export const DEFAULT_PREMIUM_PRICE: PremiumPrice = { amount: '120.00', currency: 'USD' };
export const DEFAULT_PREMIUM_CHANNEL = 'NAMEMEDIA';
export const DEFAULT_UNSUPPORTED_TLDS: readonly string[] = ['invalidtld'];

/** Inline contact data as AddDomain sends it (FIRSTNAME, LASTNAME, ... upper-case sub-keys). */
export type ContactFields = Record<string, string>;

export type ResponseProperties = Record<string, Array<string | number>>;

/** An API answer other than success, raised from deep inside a rule. */
export class CommandFault extends Error {
  override readonly name = 'CommandFault';
  constructor(
    readonly code: number,
    readonly description: string,
    readonly properties?: ResponseProperties,
  ) {
    super(`${code} ${description}`);
  }
}

/** Thrown by the control surface (approve without a pending transfer, bad seed data ...). */
export class SandboxStateError extends Error {
  override readonly name = 'SandboxStateError';
}

export const CONTACT_ROLES = ['OWNERCONTACT', 'ADMINCONTACT', 'TECHCONTACT', 'BILLINGCONTACT'] as const;
export type ContactRole = (typeof CONTACT_ROLES)[number];

export interface OwnedDomain {
  domain: string;
  nameservers: string[];
  transferLock: boolean;
  authCode: string;
  createdAt: Date;
  updatedAt: Date;
  expiresAt: Date;
  transferredAt?: Date;
  renewalMode: RenewalMode;
  contacts: Record<ContactRole, string>;
  user: string;
  /** REQUESTEDCREATE: ordered, not yet created at the registry (becomes ACTIVE at activatesAt) */
  lifecycle: 'ACTIVE' | 'REQUESTEDCREATE';
  activatesAt?: Date;
  /** X-ACCEPT-WHOISTRUSTEE-TAC */
  privacy: boolean;
  /** TLD fields (X-CA-LEGALTYPE ...) as sent */
  extras: Record<string, string>;
  roid: string;
  /** premium class when registered as a premium name */
  premiumClass?: string;
}

export interface ExternalDomain {
  domain: string;
  /** null: never seeded, so any non-empty code is accepted (people can try transfers freely) */
  authCode: string | null;
  nameservers: string[];
  transferLock: boolean;
  registrar: string;
  createdAt: Date;
  expiresAt: Date;
}

export interface PendingTransfer {
  domain: string;
  requestedAt: Date;
  updatedAt: Date;
  requestedNameservers: string[];
  periodMonths: number;
  user: string;
  log: string[];
  contacts: Partial<Record<ContactRole, string>>;
}

export interface ObjectLogEntry {
  index: number;
  date: Date;
  type: string;
  status: string;
  objectId: string;
  objectClass: 'DOMAIN';
  user: string;
  info: string[];
}

export const DEFAULT_EXTERNAL_REGISTRAR = 'OTHER-REGISTRAR';
export const DEFAULT_EXTERNAL_NAMESERVERS = ['ns1.old-registrar.example', 'ns2.old-registrar.example'];
const DEFAULT_REJECT_REASON = 'transfer rejected by the losing registrar';
/** Real log indexes are large numbers; starting high keeps clients from assuming small ones. */
const LOG_INDEX_BASE = 627_992_982;
const DAY_MS = 86_400_000;

/** Renewal-system periods in days (spec 2.13); registries differ, so this is per TLD. */
interface TldPeriods {
  accounting: number;
  finalization: number;
  failure: number;
}
const DEFAULT_PERIODS: TldPeriods = { accounting: -5, finalization: 1, failure: 44 };
const TLD_PERIODS: Record<string, TldPeriods> = {
  de: { accounting: -7, finalization: 0, failure: 1 },
  at: { accounting: -7, finalization: 0, failure: 1 },
  swiss: { accounting: -5, finalization: 1, failure: 44 },
};

export function tldOf(domain: string): string {
  return domain.slice(domain.indexOf('.') + 1);
}

export function periodsFor(domain: string): TldPeriods {
  return TLD_PERIODS[tldOf(domain)] ?? DEFAULT_PERIODS;
}

export interface DateModel {
  expiration: Date;
  paidUntil: Date;
  accounting: Date;
  finalization: Date;
  failure: Date;
  periods: TldPeriods;
}

/** Paid-until equals the registry expiry: the sandbox has no paid-ahead renewals. */
export function dateModel(d: OwnedDomain): DateModel {
  const periods = periodsFor(d.domain);
  return {
    expiration: d.expiresAt,
    paidUntil: d.expiresAt,
    accounting: addDays(d.expiresAt, periods.accounting),
    finalization: addDays(d.expiresAt, periods.finalization),
    failure: addDays(d.expiresAt, periods.failure),
    periods,
  };
}

export function formatApiDate(d: Date): string {
  return d.toISOString().slice(0, 19).replace('T', ' ');
}

export function addDays(d: Date, days: number): Date {
  return new Date(d.getTime() + days * DAY_MS);
}

export function addMonths(d: Date, months: number): Date {
  const out = new Date(d.getTime());
  out.setUTCMonth(out.getUTCMonth() + months);
  return out;
}

/** Canonical ASCII form, or a 505 naming the parameter. */
export function normalizeDomain(value: string, key = 'DOMAIN'): string {
  const parsed = parseDomainName(value);
  if (!parsed.ok) throw new CommandFault(505, `Invalid attribute value syntax; ${key} (${value}): ${parsed.rule}`);
  return parsed.value.ascii;
}

export function normalizeNameserver(value: string, key = 'NAMESERVER'): string {
  const parsed = parseDomainName(value);
  if (!parsed.ok) throw new CommandFault(505, `Invalid attribute value syntax; ${key} (${value})`);
  return parsed.value.ascii;
}

function newAuthCode(): string {
  return randomBytes(9).toString('base64url');
}

function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').trim();
}

export interface TransferEligibility {
  available: boolean;
  description: string;
  authIsValid: 'YES' | 'NO' | 'UNKNOWN';
  locked: boolean;
  external?: ExternalDomain;
}

export class IspapiRegistry {
  private owned = new Map<string, OwnedDomain>();
  private external = new Map<string, ExternalDomain>();
  private removed = new Set<string>();
  private transfers = new Map<string, PendingTransfer>();
  private log: ObjectLogEntry[] = [];
  private nextLogIndex = LOG_INDEX_BASE;
  private nextHandle = 1;
  private nextRoid = 1;
  private nextApplication = 10_700;
  private contacts = new Map<string, ContactFields>();
  /** canonical inline data -> handle, so identical inline contacts share one handle */
  private contactIndex = new Map<string, string>();
  /** explicit premium names; null = explicitly not premium */
  private premium = new Map<string, PremiumPrice | null>();
  policy: TransferPolicy;
  registrationPolicy: RegistrationPolicy;
  readonly unsupportedTlds: ReadonlySet<string>;

  constructor(
    readonly now: () => Date,
    private readonly initialPolicy: TransferPolicy,
    /** owner of seeded domains and author of registry-side log entries */
    readonly defaultUser: string,
    private readonly initialRegistrationPolicy: RegistrationPolicy = { mode: 'active' },
    unsupportedTlds: readonly string[] = DEFAULT_UNSUPPORTED_TLDS,
  ) {
    this.policy = initialPolicy;
    this.registrationPolicy = initialRegistrationPolicy;
    this.unsupportedTlds = new Set(unsupportedTlds.map((t) => t.toLowerCase().replace(/^\./, '')));
  }

  reset(): void {
    this.owned.clear();
    this.external.clear();
    this.removed.clear();
    this.transfers.clear();
    this.log = [];
    this.nextLogIndex = LOG_INDEX_BASE;
    this.nextHandle = 1;
    this.nextRoid = 1;
    this.nextApplication = 10_700;
    this.contacts.clear();
    this.contactIndex.clear();
    this.premium.clear();
    this.policy = this.initialPolicy;
    this.registrationPolicy = this.initialRegistrationPolicy;
  }

  /**
   * Applies the transfer policy to transfers whose time has come. Called before every request, so
   * a controllable clock is all a test needs: no timers.
   */
  settle(): void {
    const now = this.now().getTime();
    for (const d of this.owned.values()) {
      if (d.lifecycle === 'REQUESTEDCREATE' && d.activatesAt && d.activatesAt.getTime() <= now) {
        this.activate(d, d.activatesAt);
      }
    }
    const policy = this.policy;
    if (policy.mode === 'manual') return;
    const due = [...this.transfers.values()]
      .filter((t) => t.requestedAt.getTime() + policy.afterMs <= now)
      .sort((a, b) => a.requestedAt.getTime() - b.requestedAt.getTime());
    for (const transfer of due) {
      const at = new Date(transfer.requestedAt.getTime() + policy.afterMs);
      if (policy.mode === 'approve') this.completeTransfer(transfer.domain, at);
      else this.failTransfer(transfer.domain, policy.reason ?? DEFAULT_REJECT_REASON, at);
    }
  }

  // ---- reads -------------------------------------------------------------------------------

  ownedDomain(domain: string): OwnedDomain | undefined {
    return this.owned.get(domain);
  }

  pendingTransfer(domain: string): PendingTransfer | undefined {
    return this.transfers.get(domain);
  }

  listPendingTransfers(): PendingTransfer[] {
    return [...this.transfers.values()];
  }

  /** Registered anywhere: ours, pending to us, seeded elsewhere, or implicitly elsewhere. */
  isRegistered(domain: string): boolean {
    return this.owned.has(domain) || this.transfers.has(domain) || this.externalFor(domain, false) !== undefined;
  }

  /**
   * The losing registrar's view of a domain that is not ours. Unseeded names are treated as held
   * by another registrar; `materialize` keeps that record so its dates stay stable across calls.
   */
  externalFor(domain: string, materialize = true): ExternalDomain | undefined {
    if (this.owned.has(domain)) return undefined;
    const seeded = this.external.get(domain);
    if (seeded) return seeded;
    if (this.removed.has(domain) || isFreeName(domain) || this.implicitlyFree(domain)) return undefined;
    const now = this.now();
    const implicit: ExternalDomain = {
      domain,
      authCode: null,
      nameservers: [...DEFAULT_EXTERNAL_NAMESERVERS],
      transferLock: false,
      registrar: DEFAULT_EXTERNAL_REGISTRAR,
      createdAt: addMonths(now, -30),
      expiresAt: addDays(now, 180),
    };
    if (materialize) this.external.set(domain, implicit);
    return implicit;
  }

  logEntry(index: number): ObjectLogEntry | undefined {
    return this.log.find((e) => e.index === index);
  }

  objectLog(): readonly ObjectLogEntry[] {
    return this.log;
  }

  // ---- seeding (control surface) -------------------------------------------------------------

  seedExternal(d: {
    domain: string;
    authCode: string;
    nameservers: string[];
    transferLock?: boolean;
    registrar?: string;
  }): void {
    const domain = normalizeDomain(d.domain);
    this.owned.delete(domain);
    this.transfers.delete(domain);
    this.removed.delete(domain);
    const now = this.now();
    this.external.set(domain, {
      domain,
      authCode: d.authCode,
      nameservers: d.nameservers.map((ns) => normalizeNameserver(ns)),
      transferLock: d.transferLock ?? false,
      registrar: d.registrar ?? DEFAULT_EXTERNAL_REGISTRAR,
      createdAt: addMonths(now, -30),
      expiresAt: addDays(now, 180),
    });
  }

  seedOwned(d: {
    domain: string;
    nameservers: string[];
    expiresAt?: Date;
    transferLock?: boolean;
    authCode?: string;
  }): OwnedDomain {
    const domain = normalizeDomain(d.domain);
    this.external.delete(domain);
    this.transfers.delete(domain);
    this.removed.delete(domain);
    const now = this.now();
    const handle = this.newContactHandle();
    const record: OwnedDomain = {
      domain,
      nameservers: d.nameservers.map((ns) => normalizeNameserver(ns)),
      transferLock: d.transferLock ?? false,
      authCode: d.authCode ?? newAuthCode(),
      createdAt: addMonths(now, -12),
      updatedAt: now,
      expiresAt: d.expiresAt ?? addMonths(now, 12),
      renewalMode: 'AUTOEXPIRE',
      contacts: { OWNERCONTACT: handle, ADMINCONTACT: handle, TECHCONTACT: handle, BILLINGCONTACT: handle },
      user: this.defaultUser,
      lifecycle: 'ACTIVE',
      privacy: false,
      extras: {},
      roid: this.newRoid(domain),
    };
    this.owned.set(domain, record);
    return record;
  }

  remove(domainInput: string): void {
    const domain = normalizeDomain(domainInput);
    this.owned.delete(domain);
    this.external.delete(domain);
    this.transfers.delete(domain);
    this.removed.add(domain);
  }

  newContactHandle(): string {
    return `P-SBX${String(this.nextHandle++).padStart(5, '0')}`;
  }

  /** The handle for inline contact data: the same data gets the same handle, as the API does. */
  contactHandleFor(fields: ContactFields): string {
    const key = JSON.stringify(
      Object.entries(fields)
        .filter(([, v]) => v !== '')
        .map(([k, v]) => [k, k === 'EMAIL' ? v.toLowerCase() : v])
        .sort(([a], [b]) => (a! < b! ? -1 : a! > b! ? 1 : 0)),
    );
    const known = this.contactIndex.get(key);
    if (known) return known;
    const handle = this.newContactHandle();
    this.contacts.set(handle, { ...fields });
    this.contactIndex.set(key, handle);
    return handle;
  }

  contact(handle: string): ContactFields | undefined {
    const fields = this.contacts.get(handle);
    return fields ? { ...fields } : undefined;
  }

  newApplicationId(): string {
    return String(this.nextApplication++);
  }

  private newRoid(domain: string): string {
    return `${String(this.nextRoid++).padStart(10, '0')}_DOMAIN_${tldOf(domain).toUpperCase().replace(/\./g, '-')}-SBX`;
  }

  /** Names the availability rules single out (or that were priced) are not implicitly held elsewhere. */
  private implicitlyFree(domain: string): boolean {
    return (
      this.isUnsupportedTld(domain) ||
      this.isReserved(domain) ||
      domain.startsWith('premium-') ||
      this.premium.has(domain)
    );
  }

  // ---- availability rules --------------------------------------------------------------------

  isUnsupportedTld(domain: string): boolean {
    return (
      this.unsupportedTlds.has(tldOf(domain)) || this.unsupportedTlds.has(domain.slice(domain.lastIndexOf('.') + 1))
    );
  }

  /** Registry-reserved names: the first label starts with "reserved-". */
  isReserved(domain: string): boolean {
    return domain.startsWith('reserved-');
  }

  /** price null: not premium (also for a name that would be premium by the default rule) */
  setPremium(domain: string, price: PremiumPrice | null): void {
    this.premium.set(normalizeDomain(domain), price === null ? null : { ...price });
  }

  /** Premium offer for a name that is not registered: explicit ones, or first label "premium-". */
  premiumOffer(domain: string): PremiumOffer | undefined {
    const explicit = this.premium.get(domain);
    const price =
      explicit === undefined ? (domain.startsWith('premium-') ? DEFAULT_PREMIUM_PRICE : undefined) : explicit;
    if (!price) return undefined;
    return {
      ...price,
      channel: DEFAULT_PREMIUM_CHANNEL,
      class: `PREMIUM_${tldOf(domain).toUpperCase().replace(/\./g, '-')}_${DEFAULT_PREMIUM_CHANNEL}`,
    };
  }

  // ---- operations ----------------------------------------------------------------------------

  register(d: {
    domain: string;
    periodMonths: number;
    nameservers: string[];
    transferLock: boolean;
    contacts: Record<ContactRole, string>;
    user: string;
    authCode?: string;
    renewalMode?: RenewalMode;
    privacy?: boolean;
    extras?: Record<string, string>;
    premiumClass?: string;
  }): OwnedDomain {
    if (this.isRegistered(d.domain)) throw new CommandFault(554, 'Object already registered');
    const now = this.now();
    const policy = this.registrationPolicy;
    const record: OwnedDomain = {
      domain: d.domain,
      nameservers: d.nameservers,
      transferLock: d.transferLock,
      authCode: d.authCode ?? newAuthCode(),
      createdAt: now,
      updatedAt: now,
      expiresAt: addMonths(now, d.periodMonths),
      renewalMode: d.renewalMode ?? ACCOUNT_DEFAULT_RENEWAL_MODE,
      contacts: d.contacts,
      user: d.user,
      lifecycle: policy.mode === 'pending' ? 'REQUESTEDCREATE' : 'ACTIVE',
      activatesAt: policy.mode === 'pending' ? new Date(now.getTime() + policy.afterMs) : undefined,
      privacy: d.privacy ?? false,
      extras: { ...(d.extras ?? {}) },
      roid: this.newRoid(d.domain),
      premiumClass: d.premiumClass,
    };
    this.owned.set(d.domain, record);
    this.removed.delete(d.domain);
    this.external.delete(d.domain);
    if (record.lifecycle === 'ACTIVE') {
      this.appendLog(d.domain, 'CREATE', 'SUCCESSFUL', d.user, now, [`domain ${d.domain} created`]);
    } else {
      this.appendLog(d.domain, 'CREATE', 'REQUEST', d.user, now, [`domain ${d.domain} requested at registry`]);
    }
    return record;
  }

  /** A REQUESTEDCREATE registration becomes ACTIVE; its term starts at creation. */
  activateRegistration(domain: string, at: Date = this.now()): OwnedDomain {
    const record = this.owned.get(domain);
    if (!record || record.lifecycle !== 'REQUESTEDCREATE') {
      throw new SandboxStateError(`no pending registration for ${domain}`);
    }
    this.activate(record, at);
    return record;
  }

  private activate(record: OwnedDomain, at: Date): void {
    const termMs = record.expiresAt.getTime() - record.createdAt.getTime();
    record.lifecycle = 'ACTIVE';
    record.activatesAt = undefined;
    record.createdAt = at;
    record.updatedAt = at;
    record.expiresAt = new Date(at.getTime() + termMs);
    this.appendLog(record.domain, 'CREATE', 'SUCCESSFUL', record.user, at, [`domain ${record.domain} created`]);
  }

  /**
   * The losing side's verdict on a transfer. 540 (ours already) is an error on both commands; the
   * rest is a 218/219 answer for CheckDomainTransfer and a refusal for TransferDomain.
   */
  transferEligibility(domain: string, auth: string | undefined): TransferEligibility {
    if (this.owned.has(domain)) {
      throw new CommandFault(540, 'Attribute value is not unique; DOMAIN is already assigned to your account');
    }
    if (this.transfers.has(domain)) {
      return {
        available: false,
        description: 'Request is not available; DOMAIN TRANSFER IS PROHIBITED BY STATUS (requested)',
        authIsValid: 'UNKNOWN',
        locked: false,
      };
    }
    const external = this.externalFor(domain);
    if (!external) {
      return {
        available: false,
        description: 'Request is not available; DOMAIN IS NOT REGISTERED',
        authIsValid: 'UNKNOWN',
        locked: false,
      };
    }
    const authIsValid: TransferEligibility['authIsValid'] =
      auth === undefined || auth === ''
        ? 'UNKNOWN'
        : (external.authCode === null ? auth.length > 0 : auth === external.authCode)
          ? 'YES'
          : 'NO';
    const locked = external.transferLock;
    const reasons = [locked ? 'STATUS (clientTransferProhibited)' : '', authIsValid === 'NO' ? 'WRONG AUTH' : '']
      .filter(Boolean)
      .join('/');
    if (reasons !== '') {
      return {
        available: false,
        description: `Request is not available; DOMAIN TRANSFER IS PROHIBITED BY ${reasons}`,
        authIsValid,
        locked,
        external,
      };
    }
    return { available: true, description: 'Request is available', authIsValid, locked, external };
  }

  requestTransfer(t: {
    domain: string;
    requestedNameservers: string[];
    periodMonths: number;
    user: string;
    contacts: Partial<Record<ContactRole, string>>;
    /** the logged command and response, as StatusObjectLog shows them */
    info: string[];
  }): PendingTransfer {
    const now = this.now();
    const stamp = formatApiDate(now);
    const transfer: PendingTransfer = {
      domain: t.domain,
      requestedAt: now,
      updatedAt: now,
      requestedNameservers: t.requestedNameservers,
      periodMonths: t.periodMonths,
      user: t.user,
      contacts: t.contacts,
      log: [
        `${stamp} [INITIATED] domain transfer initiated`,
        `${stamp} [REQUESTED] domain transfer requested at registry`,
      ],
    };
    this.transfers.set(t.domain, transfer);
    this.appendLog(t.domain, 'TRANSFER', 'REQUEST', t.user, now, t.info);
    return transfer;
  }

  cancelTransfer(domain: string, user: string, info: string[]): void {
    const transfer = this.transfers.get(domain);
    if (!transfer) throw new CommandFault(545, 'Object not found; no pending transfer for this domain');
    const now = this.now();
    this.transfers.delete(domain);
    this.appendLog(domain, 'TRANSFER', 'CANCEL', user, now, info);
    // Outcome detection reads INBOUND_TRANSFER entries only, so a cancel must end there too.
    this.appendLog(domain, 'INBOUND_TRANSFER', 'FAILED', this.defaultUser, now, [
      'INBOUND_TRANSFER FAILED',
      'REASON=transfer cancelled by the gaining registrar',
    ]);
  }

  /** The losing registrar let go: the domain joins our account with the nameservers it had there. */
  completeTransfer(domain: string, at: Date = this.now()): OwnedDomain {
    const transfer = this.transfers.get(domain);
    if (!transfer) throw new SandboxStateError(`no pending transfer for ${domain}`);
    const external = this.externalFor(domain);
    const handle = this.newContactHandle().replace(/^P-/, 'AUTO-');
    const record: OwnedDomain = {
      domain,
      nameservers: [...(external?.nameservers ?? DEFAULT_EXTERNAL_NAMESERVERS)],
      transferLock: false,
      authCode: newAuthCode(),
      createdAt: external?.createdAt ?? addMonths(at, -30),
      updatedAt: at,
      expiresAt: addMonths(external?.expiresAt ?? addDays(at, 180), transfer.periodMonths),
      transferredAt: at,
      renewalMode: 'AUTOEXPIRE',
      contacts: {
        OWNERCONTACT: transfer.contacts.OWNERCONTACT ?? handle,
        ADMINCONTACT: transfer.contacts.ADMINCONTACT ?? handle,
        TECHCONTACT: transfer.contacts.TECHCONTACT ?? handle,
        BILLINGCONTACT: transfer.contacts.BILLINGCONTACT ?? handle,
      },
      user: transfer.user,
      lifecycle: 'ACTIVE',
      privacy: false,
      extras: {},
      roid: this.newRoid(domain),
    };
    this.transfers.delete(domain);
    this.external.delete(domain);
    this.owned.set(domain, record);
    this.appendLog(domain, 'INBOUND_TRANSFER', 'SUCCESSFUL', this.defaultUser, at, [
      'INBOUND_TRANSFER SUCCESSFUL',
      `OLD-REGISTRAR=${external?.registrar ?? DEFAULT_EXTERNAL_REGISTRAR}`,
      `EXPIRATIONDATE=${formatApiDate(record.expiresAt)}`,
    ]);
    return record;
  }

  failTransfer(domain: string, reason: string = DEFAULT_REJECT_REASON, at: Date = this.now()): void {
    if (!this.transfers.has(domain)) throw new SandboxStateError(`no pending transfer for ${domain}`);
    this.transfers.delete(domain);
    this.appendLog(domain, 'INBOUND_TRANSFER', 'FAILED', this.defaultUser, at, [
      'INBOUND_TRANSFER FAILED',
      `REASON=${oneLine(reason) || DEFAULT_REJECT_REASON}`,
    ]);
  }

  modify(
    domain: string,
    change: { nameservers?: string[]; transferLock?: boolean; authCode?: string; privacy?: boolean },
  ): OwnedDomain {
    const record = this.owned.get(domain);
    if (!record) throw new CommandFault(545, 'Object not found');
    if (record.lifecycle !== 'ACTIVE') {
      throw new CommandFault(552, `Object status does not allow for operation; STATUS ${record.lifecycle}`);
    }
    if (change.nameservers) record.nameservers = change.nameservers;
    if (change.privacy !== undefined) record.privacy = change.privacy;
    if (change.transferLock !== undefined) record.transferLock = change.transferLock;
    if (change.authCode !== undefined) record.authCode = change.authCode;
    record.updatedAt = this.now();
    return record;
  }

  generateAuthCode(): string {
    return newAuthCode();
  }

  private appendLog(domain: string, type: string, status: string, user: string, date: Date, info: string[]): void {
    this.log.push({
      index: this.nextLogIndex++,
      date,
      type,
      status,
      objectId: domain,
      objectClass: 'DOMAIN',
      user,
      info,
    });
  }
}

export function statusesOf(d: OwnedDomain): string[] {
  return d.transferLock ? [d.lifecycle, 'clientTransferProhibited'] : [d.lifecycle];
}

import { addAmsterdamDays, formatOpenproviderDate } from '../../registrars/openprovider/dates';
import { joinDomainName, splitDomainName, type OpenproviderDomain } from '../../registrars/openprovider/domain-name';

/**
 * The in-memory state behind the Openprovider sandbox: the reseller's domains and customers,
 * domains "registered elsewhere" that can be transferred in, and pending transfers with their
 * scripted outcome. Pure state and rules; HTTP lives in ./server. Errors are ApiError with the
 * real API's codes (shared/specs/openprovider.md 2.3, 7).
 */

export type TransferPolicy = { mode: 'manual' } | { mode: 'approve' | 'reject'; afterMs: number; reason?: string };

/** How POST /domains answers: realtime ACT, or REQ that turns ACT after `afterMs` on the sandbox clock. */
export type RegistrationPolicy = { mode: 'active' } | { mode: 'pending'; afterMs: number };

/** A premium name's create price (per year), as POST /domains/check quotes it. */
export interface PremiumPrice {
  price: number;
  currency: string;
}

/** Names that are premium: default, first label starts with "premium-" at 120.00 USD. */
export type PremiumRule = (fullName: string) => PremiumPrice | undefined;

export const DEFAULT_PREMIUM_RULE: PremiumRule = (fullName) =>
  fullName.toLowerCase().startsWith('premium-') ? { price: 120, currency: 'USD' } : undefined;

/** Extensions this sandbox reseller cannot sell (POST /domains/check and POST /domains answer 307). */
export const DEFAULT_UNSUPPORTED_EXTENSIONS: readonly string[] = [
  'gov',
  'mil',
  'int',
  'edu',
  'test',
  'example',
  'invalid',
  'localhost',
  'local',
];

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly code: number,
    readonly desc: string,
    readonly data = '',
    readonly httpStatus = 500,
  ) {
    super(`${code} ${desc}`);
  }
}

export const ERR = {
  authFailed: () => new ApiError(196, 'Authentication/Authorization Failed'),
  notInAccount: () => new ApiError(320, 'The domain is not in your account; please transfer it to your account first.'),
  notFree: () => new ApiError(311, 'The domain name you want to register is not free'),
  transferFree: () => new ApiError(313, 'The domain name you want to transfer is free'),
  emptyAuthCode: () => new ApiError(317, 'Empty authorization code!'),
  wrongAuthCode: () => new ApiError(318, 'Incorrect authorization code'),
  alreadyInAccount: () => new ApiError(326, 'The domain is already in your account'),
  wrongAutorenew: () => new ApiError(347, 'Wrong autorenew value'),
  prohibited: () => new ApiError(366, 'This action is prohibitted for current domain status.'),
  unknownDomainError: (data: string) => new ApiError(399, 'An unknown domain error has occurred', data),
  alreadyTransferring: () => new ApiError(514, 'The domain is already being transferred'),
  invalidExtension: (data = '') => new ApiError(307, 'Invalid domain extension', data),
  premium: (p: PremiumPrice) =>
    new ApiError(
      379,
      'This is a premium domain: resend the request with accept_premium_fee',
      `create price ${p.price.toFixed(2)} ${p.currency}`,
    ),
  // Not in the spec's code table (no code is documented for these): sandbox choices.
  reserved: () => new ApiError(311, 'The domain name you want to register is not free', 'reserved by the registry'),
  additionalDataMissing: (field: string, ext: string) =>
    new ApiError(399, 'An unknown domain error has occurred', `additional_data.${field} is required for .${ext}`),
  // Not in the spec's code table: sandbox choices for handle errors, in the 1xx customer range.
  handleNotFound: (handle: string) => new ApiError(101, 'Customer handle not found', handle),
  badRequest: (data: string) => new ApiError(399, 'An unknown domain error has occurred', data),
  // Lifecycle and money (spec 2.3, 7).
  notActive: () => new ApiError(327, 'This domain already exists in Openprovider but NOT active'),
  restoreNotAllowed: (data = '') => new ApiError(376, 'Restore operation not allowed for this domain', data),
  creditNotEnough: (data = '') => new ApiError(310, 'Credit not enough', data),
  ownerChangeNeedsTrade: (ext: string) =>
    new ApiError(366, 'This action is prohibitted for current domain status.', `.${ext} owner changes need a trade`),
  tradeNotAvailable: (ext: string) =>
    new ApiError(
      399,
      'An unknown domain error has occurred',
      `trade is not available for .${ext}: update the owner handle`,
    ),
} as const;

/**
 * Per-extension rules (GET /tlds/{name}: soft_quarantine_period, quarantine_period, prices).
 * Days are calendar days in Europe/Amsterdam; prices per year in `currency`.
 */
export interface TldConfig {
  /** soft quarantine after an expiry (restorable at the normal renewal price); 0 = none */
  softQuarantineDays: number;
  /** hard quarantine (redemption; restore fee) after the soft quarantine or an explicit delete */
  quarantineDays: number;
  /** renewal_date is this many days before expiration_date (spec 3.6: usually 2) */
  renewalOffsetDays: number;
  currency: string;
  prices: { create: number; renew: number; transfer: number; restore: number; softRestore: number };
  /** how the owner changes: a handle swap by PUT /domains/{id} (modify_owner_allowed), or POST /domains/trade */
  ownerChange: 'update' | 'trade';
}

/** Registries that change owners by a trade (spec 3.12; the ISPAPI sandbox's TRADE zones). */
const TRADE_EXTENSIONS = new Set(['it', 'ch', 'li', 'se', 'sg']);

/** gTLDs: 30 days soft + 30 days hard quarantine; two-letter (country) extensions: no soft quarantine. */
export function defaultTldConfig(extension: string): TldConfig {
  const last = extension.toLowerCase().split('.').at(-1) ?? '';
  return {
    softQuarantineDays: /^[a-z]{2}$/.test(last) ? 0 : 30,
    quarantineDays: 30,
    renewalOffsetDays: 2,
    currency: 'EUR',
    prices: { create: 10, renew: 10, transfer: 10, restore: 50, softRestore: 10 },
    ownerChange: TRADE_EXTENSIONS.has(last) ? 'trade' : 'update',
  };
}

export type ChargeKind = 'renew' | 'restore' | 'soft-restore' | 'autorenew' | 'register' | 'transfer';

/** One movement of the reseller's money. */
export interface Charge {
  seq: number;
  /** ISO 8601 UTC (for autorenewals: the renewal date it happened at) */
  at: string;
  domain: string;
  /** the API route that caused it ('POST /v1beta/domains/{id}/renew'), or 'clock' for autorenewals */
  route: string;
  /** decimal string, e.g. "10.00" */
  amount: string;
  currency: string;
  kind: ChargeKind;
}

/** name servers Openprovider parks quarantined domains on (spec 3.9) */
export const PARKING_NAMESERVERS: readonly string[] = ['ina1.registrar.eu', 'ina2.registrar.eu', 'ina3.registrar.eu'];
export const DEFAULT_BALANCE = '100000.00';
export const ACCOUNT_CURRENCY = 'EUR';
export const CLOCK_ROUTE = 'clock';
export const RENEW_ROUTE = 'POST /v1beta/domains/{id}/renew';
export const RESTORE_ROUTE = 'POST /v1beta/domains/{id}/restore';

export interface HistoryEntry {
  at: Date;
  subject: string;
  contents: string;
  type: 'I' | 'E';
}

export interface SandboxDomain {
  id: number;
  name: string;
  extension: string;
  status: 'ACT' | 'REQ' | 'SCH' | 'FAI' | 'DEL';
  /** registration period in years (NEW domains) */
  period: number;
  additionalData: Record<string, unknown>;
  /** premium fee accepted at registration */
  acceptedPremiumFee?: number;
  /** a pending registration (REQ) turns ACT at this time, if set */
  registration?: { activateAt?: Date };
  type: 'NEW' | 'TRANSFER';
  nameservers: string[];
  isLocked: boolean;
  autorenew: 'on' | 'off' | 'default';
  isPrivateWhoisEnabled: boolean;
  ownerHandle: string;
  adminHandle: string;
  techHandle: string;
  billingHandle: string;
  authCode: string;
  orderDate: Date;
  activeDate?: Date;
  /** expiration_date (Openprovider's copy of the registry expiry) */
  expiresAt?: Date;
  /** registry_expiration_date when it differs from expiresAt (seeded); moves with it */
  registryExpiresAt?: Date;
  /** renewal_date when seeded explicitly; else expiresAt - the TLD's renewal offset; moves with it */
  renewalDate?: Date;
  /** DEL: end of the soft quarantine (undefined: none, e.g. explicit delete or ccTLD) */
  softQuarantineUntil?: Date;
  /** DEL: end of the hard quarantine; afterwards the record is purged (isDeleted) */
  hardQuarantineUntil?: Date;
  deletedAt?: Date;
  /** name servers before parking, put back by a restore */
  parkedNameservers?: string[];
  lastChanged: Date;
  /** purged (or replaced by a newer record): only found by searches with is_deleted=true */
  isDeleted: boolean;
  history: HistoryEntry[];
  transfer?: {
    requestedAt: Date;
    /** name servers asked for in the transfer request: applied on completion (spec 6, #525) */
    requestedNameservers?: string[];
    decideAt?: Date;
    decision?: 'approve' | 'reject';
    reason?: string;
  };
  failureReason?: string;
}

export interface ExternalDomain {
  domain: string;
  authCode: string;
  nameservers: string[];
  transferLock: boolean;
  expiresAt: Date;
}

export interface Customer {
  handle: string;
  id: number;
  data: Record<string, unknown>;
  createdAt: Date;
}

const RENEWAL_OFFSET_MS = 2 * 86_400_000;
const MAX_TERM_YEARS = 10;
/** the "unset" date the real API writes for deleted_at and friends */
export const ZERO_DATE = '0000-00-00 00:00:00';

export function addYears(date: Date, years: number): Date {
  const d = new Date(date.getTime());
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return d;
}

export class OpenproviderRegistry {
  private domains = new Map<number, SandboxDomain>();
  private external = new Map<string, ExternalDomain>();
  private customers = new Map<string, Customer>();
  private nextDomainId = 40_000_001;
  private nextCustomerNumber = 100_001;
  policy: TransferPolicy = { mode: 'manual' };
  registrationPolicy: RegistrationPolicy = { mode: 'active' };
  premiumRule: PremiumRule = DEFAULT_PREMIUM_RULE;
  unsupportedExtensions: ReadonlySet<string> = new Set(DEFAULT_UNSUPPORTED_EXTENSIONS);
  /** reseller setting is_auto_renew_enabled: what autorenew "default" means */
  resellerAutorenew = false;
  private tlds = new Map<string, TldConfig>();
  private chargeList: Charge[] = [];
  private chargeSeq = 0;
  private balanceCents = toCents(DEFAULT_BALANCE);

  constructor(readonly now: () => Date) {}

  reset(): void {
    this.domains.clear();
    this.external.clear();
    this.customers.clear();
    this.tlds.clear();
    this.chargeList = [];
    this.chargeSeq = 0;
    this.balanceCents = toCents(DEFAULT_BALANCE);
    this.resellerAutorenew = false;
    this.nextDomainId = 40_000_001;
    this.nextCustomerNumber = 100_001;
    this.policy = { mode: 'manual' };
    this.registrationPolicy = { mode: 'active' };
  }

  // ---- transfers settle lazily against the clock, so a fake `now` drives them too ----

  settle(): void {
    const now = this.now().getTime();
    for (const d of [...this.domains.values()].sort((a, b) => a.id - b.id)) {
      const activateAt = d.registration?.activateAt;
      if (d.status === 'REQ' && d.type === 'NEW' && activateAt && activateAt.getTime() <= now) {
        this.completeRegistration(d, activateAt);
      }
      const t = d.transfer;
      if (d.status === 'REQ' && t?.decideAt && t.decision && t.decideAt.getTime() <= now) {
        if (t.decision === 'approve') this.completeTransfer(d);
        else this.failTransfer(d, t.reason ?? 'Transfer rejected by the losing registrar');
      }
      this.settleLifecycle(d, now);
    }
  }

  /**
   * The clock passed renewal_date: effective autorenew (on, or default with the reseller setting
   * on) renews one year and charges ("autorenew"), repeatedly if the clock jumped years; otherwise
   * the domain is deleted into soft + hard quarantine (spec 7). Past the hard quarantine: purged.
   */
  private settleLifecycle(d: SandboxDomain, now: number): void {
    if (d.isDeleted) return;
    if (d.status === 'ACT' && d.expiresAt) {
      for (let guard = 0; guard < 200; guard++) {
        const renewal = this.renewalDateOf(d)!;
        if (renewal.getTime() > now) break;
        const tld = this.tld(d.extension);
        if (this.effectiveAutorenew(d) && this.affordable(tld.prices.renew, tld.currency)) {
          this.charge(d, 'autorenew', tld.prices.renew, tld.currency, CLOCK_ROUTE, renewal);
          this.extend(d, 1);
          d.history.push({ at: renewal, subject: 'autorenew', contents: `Domain: ${joinDomainName(d)} Action: autorenew Status: ACT`, type: 'I' }); // prettier-ignore
          continue;
        }
        this.quarantine(d, renewal, true);
        break;
      }
    }
    if (d.status === 'DEL' && d.hardQuarantineUntil && d.hardQuarantineUntil.getTime() <= now) {
      d.isDeleted = true;
      d.lastChanged = d.hardQuarantineUntil;
    }
  }

  private effectiveAutorenew(d: SandboxDomain): boolean {
    return d.autorenew === 'on' || (d.autorenew === 'default' && this.resellerAutorenew);
  }

  /** DEL from `at`: soft quarantine only on expiry (and only for TLDs with one), then hard quarantine. */
  private quarantine(d: SandboxDomain, at: Date, soft: boolean): void {
    const tld = this.tld(d.extension);
    d.status = 'DEL';
    d.softQuarantineUntil =
      soft && tld.softQuarantineDays > 0 ? addAmsterdamDays(at, tld.softQuarantineDays) : undefined;
    d.hardQuarantineUntil = addAmsterdamDays(d.softQuarantineUntil ?? at, tld.quarantineDays);
    d.deletedAt = at;
    d.parkedNameservers = d.nameservers;
    d.nameservers = [...PARKING_NAMESERVERS];
    d.isLocked = true;
    d.lastChanged = at;
    d.history.push({
      at,
      subject: soft ? 'expired' : 'deleted',
      contents: `Domain: ${joinDomainName(d)} Action: ${soft ? 'expired, not renewed' : 'deleted'} Status: DEL`,
      type: 'I',
    });
  }

  /** Moves every date of the term by `years`. */
  private extend(d: SandboxDomain, years: number): void {
    d.expiresAt = addYears(d.expiresAt ?? this.now(), years);
    if (d.registryExpiresAt) d.registryExpiresAt = addYears(d.registryExpiresAt, years);
    if (d.renewalDate) d.renewalDate = addYears(d.renewalDate, years);
  }

  // ---- lifecycle dates, TLDs, money ----

  renewalDateOf(d: SandboxDomain): Date | undefined {
    if (d.renewalDate) return d.renewalDate;
    if (!d.expiresAt) return undefined;
    return addAmsterdamDays(d.expiresAt, -this.tld(d.extension).renewalOffsetDays);
  }

  tld(extension: string): TldConfig {
    return this.tlds.get(extension.toLowerCase()) ?? defaultTldConfig(extension);
  }

  setTld(
    extension: string,
    change: Partial<Omit<TldConfig, 'prices'>> & { prices?: Partial<TldConfig['prices']> },
  ): TldConfig {
    const current = this.tld(extension);
    const next: TldConfig = { ...current, ...change, prices: { ...current.prices, ...change.prices } };
    this.tlds.set(extension.toLowerCase(), next);
    return next;
  }

  charges(filter: { domain?: string } = {}): Charge[] {
    this.settle();
    const domain = filter.domain?.toLowerCase();
    return this.chargeList.filter((c) => !domain || c.domain === domain).map((c) => ({ ...c }));
  }

  balance(): string {
    this.settle();
    return fromCents(this.balanceCents);
  }

  setBalance(amount: string | number): void {
    this.balanceCents = toCents(amount);
  }

  private affordable(price: number, currency: string): boolean {
    return currency !== ACCOUNT_CURRENCY || toCents(price) <= this.balanceCents;
  }

  /** Refuses (310) when the balance is short; only account-currency amounts are deducted. */
  private requireFunds(price: number, currency: string): void {
    if (!this.affordable(price, currency)) {
      throw ERR.creditNotEnough(
        `balance ${fromCents(this.balanceCents)} ${ACCOUNT_CURRENCY}, needed ${fromCents(toCents(price))} ${currency}`,
      );
    }
  }

  private charge(
    d: SandboxDomain,
    kind: ChargeKind,
    price: number,
    currency: string,
    route: string,
    at = this.now(),
  ): void {
    if (currency === ACCOUNT_CURRENCY) this.balanceCents -= toCents(price);
    this.chargeList.push({
      seq: ++this.chargeSeq,
      at: at.toISOString(),
      domain: joinDomainName(d),
      route,
      amount: fromCents(toCents(price)),
      currency,
      kind,
    });
  }

  /** POST /domains/{id}/renew: ACT only (DEL answers 327: use restore, spec 3.8, 6, 7). */
  renew(id: number, period: number, route = RENEW_ROUTE): SandboxDomain {
    const d = this.byId(id);
    if (!d) throw ERR.notInAccount();
    if (d.status === 'DEL') throw ERR.notActive();
    if (d.status !== 'ACT' || !d.expiresAt) throw ERR.prohibited();
    const now = this.now();
    if (addYears(d.registryExpiresAt ?? d.expiresAt, period).getTime() > addYears(now, MAX_TERM_YEARS).getTime()) {
      throw new ApiError(324, 'Domain cannot be renewed yet', `the term would exceed ${MAX_TERM_YEARS} years`);
    }
    const tld = this.tld(d.extension);
    const price = tld.prices.renew * period;
    this.requireFunds(price, tld.currency);
    this.charge(d, 'renew', price, tld.currency, route);
    this.extend(d, period);
    d.lastChanged = now;
    d.history.push({ at: now, subject: 'renewed', contents: `Domain: ${joinDomainName(d)} Action: renewed ${period}y Status: ACT`, type: 'I' }); // prettier-ignore
    return d;
  }

  /**
   * POST /domains/{id}/restore: soft quarantine -> ACT for soft_restore_price (one year); hard
   * quarantine -> ACT for restore_price plus one year's renew_price (one charge, kind "restore").
   * Purged -> 376; not deleted -> 376; unknown id -> 320.
   */
  restore(id: number, route = RESTORE_ROUTE): SandboxDomain {
    this.settle();
    const d = this.domains.get(id);
    if (!d) throw ERR.notInAccount();
    if (d.isDeleted) throw ERR.restoreNotAllowed('the domain is no longer restorable');
    if (d.status !== 'DEL') throw ERR.restoreNotAllowed(`the domain status is ${d.status}`);
    const now = this.now();
    const tld = this.tld(d.extension);
    const soft = d.softQuarantineUntil !== undefined && now.getTime() < d.softQuarantineUntil.getTime();
    const price = soft ? tld.prices.softRestore : tld.prices.restore + tld.prices.renew;
    this.requireFunds(price, tld.currency);
    this.charge(d, soft ? 'soft-restore' : 'restore', price, tld.currency, route);
    d.status = 'ACT';
    this.extend(d, 1);
    d.softQuarantineUntil = undefined;
    d.hardQuarantineUntil = undefined;
    d.deletedAt = undefined;
    d.nameservers = d.parkedNameservers ?? d.nameservers;
    d.parkedNameservers = undefined;
    d.lastChanged = now;
    d.history.push({ at: now, subject: 'restored', contents: `Domain: ${joinDomainName(d)} Action: restored Status: ACT`, type: 'I' }); // prettier-ignore
    return d;
  }

  /** DELETE /domains/{id} and the test hook: explicit delete = hard quarantine only (spec 7); `soft` = as on expiry. */
  delete(id: number, options: { soft?: boolean } = {}): SandboxDomain {
    const d = this.byId(id);
    if (!d) throw ERR.notInAccount();
    if (d.status !== 'ACT') throw ERR.prohibited();
    this.quarantine(d, this.now(), options.soft === true);
    return d;
  }

  /**
   * Test hook: the domain expires now, whatever its dates and autorenew: its term is moved so
   * renewal_date is now, then it enters quarantine as on expiry (soft quarantine where the TLD has one).
   */
  expire(fullName: string): SandboxDomain {
    const d = this.byName(fullName);
    if (!d || d.status !== 'ACT' || !d.expiresAt) throw new Error(`no active domain ${fullName} in the account`);
    const now = this.now();
    const delta = now.getTime() - this.renewalDateOf(d)!.getTime();
    const move = (x: Date | undefined) => x && new Date(x.getTime() + delta);
    d.expiresAt = move(d.expiresAt);
    d.registryExpiresAt = move(d.registryExpiresAt);
    d.renewalDate = move(d.renewalDate);
    this.quarantine(d, now, true);
    return d;
  }

  /**
   * Test hook: the domain moved to another registrar. Openprovider then simply no longer has it
   * (spec 5.7(a), #32, #389): no record at all, not even with is_deleted=true; the name is
   * registered elsewhere (POST /domains/check: active).
   */
  transferOut(fullName: string): void {
    const name = fullName.toLowerCase();
    const d = this.byName(name);
    if (!d) throw new Error(`no domain ${name} in the account`);
    for (const [id, other] of this.domains) if (joinDomainName(other) === name) this.domains.delete(id);
    this.external.set(name, {
      domain: name,
      authCode: randomAuthCode(),
      nameservers: d.parkedNameservers ?? d.nameservers,
      transferLock: false,
      expiresAt: d.registryExpiresAt ?? d.expiresAt ?? addYears(this.now(), 1),
    });
  }

  /** Any record of the name, purged ones included, newest first. */
  byNameIncludingDeleted(fullName: string): SandboxDomain | undefined {
    const name = fullName.toLowerCase();
    return this.all()
      .filter((d) => joinDomainName(d) === name)
      .sort((a, b) => b.id - a.id)[0];
  }

  /** By id, purged records included (GET /domains/{id}?is_deleted=true). */
  byIdIncludingDeleted(id: number): SandboxDomain | undefined {
    this.settle();
    return this.domains.get(id);
  }

  /** The wire object with this registry's TLD rules (renewal offset). */
  wire(d: SandboxDomain, options: Parameters<typeof toWireDomain>[1] = {}): Record<string, unknown> {
    const trade = this.tld(d.extension).ownerChange === 'trade';
    return {
      ...toWireDomain(d, options, this.renewalDateOf(d)),
      modify_owner_allowed: !trade,
      trade_allowed: trade,
      trade_auth_code_required: 'no',
    };
  }

  // ---- lookups ----

  all(): SandboxDomain[] {
    this.settle();
    return [...this.domains.values()].sort((a, b) => a.id - b.id);
  }

  byId(id: number): SandboxDomain | undefined {
    this.settle();
    const d = this.domains.get(id);
    return d && !d.isDeleted ? d : undefined;
  }

  /** the live (not deleted) record of a name, newest first */
  byName(fullName: string): SandboxDomain | undefined {
    const name = fullName.toLowerCase();
    return this.all()
      .filter((d) => !d.isDeleted && joinDomainName(d) === name)
      .sort((a, b) => b.id - a.id)[0];
  }

  externalDomain(fullName: string): ExternalDomain | undefined {
    return this.external.get(fullName.toLowerCase());
  }

  customer(handle: string): Customer | undefined {
    return this.customers.get(handle.toUpperCase());
  }

  // ---- seeding ----

  seedExternal(d: {
    domain: string;
    authCode: string;
    nameservers: string[];
    transferLock?: boolean;
    expiresAt?: Date;
  }): void {
    const full = joinDomainName(splitDomainName(d.domain));
    this.external.set(full, {
      domain: full,
      authCode: d.authCode,
      nameservers: d.nameservers.map(normaliseHost),
      transferLock: d.transferLock ?? false,
      expiresAt: d.expiresAt ?? addYears(this.now(), 1),
    });
  }

  seedDomain(d: {
    domain: string;
    nameservers: string[];
    expiresAt?: Date;
    /** registry_expiration_date when it differs from expiration_date */
    registryExpiresAt?: Date;
    /** renewal_date (default: expiresAt - the TLD's renewal offset) */
    renewalDate?: Date;
    autorenew?: SandboxDomain['autorenew'];
    /** REQ: a registration the registry has not completed (no dates) */
    status?: 'ACT' | 'REQ';
    transferLock?: boolean;
    handle: string;
  }): SandboxDomain {
    const split = splitDomainName(d.domain);
    const existing = this.byName(joinDomainName(split));
    if (existing) existing.isDeleted = true;
    return this.seedNew(split, d, this.now());
  }

  /**
   * Many domains at once (portfolio tests, benchmarks): renewal dates are computed once here, so a
   * request's settle does no time-zone arithmetic for them. A name already live is replaced.
   */
  seedDomains(
    list: Array<{ domain: OpenproviderDomain; expiresAt: Date }>,
    nameservers: string[],
    handle: string,
  ): number {
    const live = new Map(
      this.all()
        .filter((d) => !d.isDeleted)
        .map((d) => [joinDomainName(d), d]),
    );
    const now = this.now();
    // The renewal offset in Amsterdam days only varies when a DST change falls in it, and those
    // happen on the hour: one time-zone computation per hour of expiries instead of per domain.
    const shiftByHour = new Map<string, number>();
    for (const { domain: split, expiresAt } of list) {
      const existing = live.get(joinDomainName(split));
      if (existing) existing.isDeleted = true;
      const offsetDays = this.tld(split.extension).renewalOffsetDays;
      const hourKey = `${Math.floor(expiresAt.getTime() / 3_600_000)}:${offsetDays}`;
      let shift = shiftByHour.get(hourKey);
      if (shift === undefined) {
        shift = addAmsterdamDays(expiresAt, -offsetDays).getTime() - expiresAt.getTime();
        shiftByHour.set(hourKey, shift);
      }
      const renewalDate = new Date(expiresAt.getTime() + shift);
      this.seedNew(split, { nameservers, expiresAt, renewalDate, autorenew: 'off', handle }, now);
    }
    return list.length;
  }

  private seedNew(
    split: OpenproviderDomain,
    d: Omit<Parameters<OpenproviderRegistry['seedDomain']>[0], 'domain'>,
    now: Date,
  ): SandboxDomain {
    const active = (d.status ?? 'ACT') === 'ACT';
    const seeded = this.insert({
      ...split,
      status: active ? 'ACT' : 'REQ',
      type: 'NEW',
      nameservers: d.nameservers.map(normaliseHost),
      isLocked: d.transferLock ?? true,
      handles: { owner: d.handle },
      authCode: randomAuthCode(),
      activeDate: active ? now : undefined,
      expiresAt: active ? (d.expiresAt ?? addYears(now, 1)) : undefined,
      autorenew: d.autorenew,
    });
    if (active) {
      seeded.registryExpiresAt = d.registryExpiresAt;
      seeded.renewalDate = d.renewalDate;
    }
    return seeded;
  }

  // ---- API operations ----

  /** POST /domains/check: free / active / reserved, with the premium price of premium names */
  check(domain: OpenproviderDomain): {
    domain: string;
    status: 'free' | 'active' | 'reserved';
    reason: string;
    premium?: PremiumPrice;
  } {
    const full = joinDomainName(domain);
    this.requireExtension(domain);
    if (this.byName(full) || this.external.has(full))
      return { domain: full, status: 'active', reason: 'Domain exists' };
    if (isReservedName(full)) return { domain: full, status: 'reserved', reason: 'Domain is reserved' };
    const premium = this.premiumRule(full);
    if (premium) return { domain: full, status: 'free', reason: '', premium };
    if (isFreeName(full)) return { domain: full, status: 'free', reason: '' };
    return { domain: full, status: 'active', reason: 'Domain exists' };
  }

  /** POST /domains */
  create(input: {
    domain: OpenproviderDomain;
    period: number;
    handles: Handles;
    nameservers: string[];
    autorenew?: 'on' | 'off' | 'default';
    isPrivateWhoisEnabled?: boolean;
    additionalData?: Record<string, unknown>;
    acceptPremiumFee?: number;
  }): SandboxDomain {
    const full = joinDomainName(input.domain);
    this.requireExtension(input.domain);
    if (this.byName(full)) throw ERR.alreadyInAccount();
    if (this.external.has(full)) throw ERR.notFree();
    if (isReservedName(full)) throw ERR.reserved();
    const premium = this.premiumRule(full);
    if (!premium && !isFreeName(full)) throw ERR.notFree();
    this.requireHandles(input.handles);
    if (premium && input.acceptPremiumFee !== premium.price) throw ERR.premium(premium);
    const additionalData = input.additionalData ?? {};
    if (input.domain.extension === 'ca' && !additionalData.legal_type)
      throw ERR.additionalDataMissing('legal_type', 'ca');
    const tld = this.tld(input.domain.extension);
    const cost = premium
      ? { price: premium.price * input.period, currency: premium.currency }
      : { price: tld.prices.create * input.period, currency: tld.currency };
    this.requireFunds(cost.price, cost.currency);
    const now = this.now();
    const pending = this.registrationPolicy.mode === 'pending';
    const d = this.insert({
      ...input.domain,
      status: pending ? 'REQ' : 'ACT',
      type: 'NEW',
      nameservers: input.nameservers,
      isLocked: true,
      handles: input.handles,
      authCode: randomAuthCode(),
      activeDate: pending ? undefined : now,
      expiresAt: pending ? undefined : addYears(now, input.period),
      autorenew: input.autorenew,
      isPrivateWhoisEnabled: input.isPrivateWhoisEnabled,
      period: input.period,
      additionalData,
    });
    if (premium) d.acceptedPremiumFee = input.acceptPremiumFee;
    this.charge(d, 'register', cost.price, cost.currency, 'POST /v1beta/domains');
    if (this.registrationPolicy.mode === 'pending') {
      d.registration = { activateAt: new Date(now.getTime() + this.registrationPolicy.afterMs) };
      d.history.push({
        at: now,
        subject: 'registration requested',
        contents: `Domain: ${full} Action: registration requested Status: REQ`,
        type: 'I',
      });
    } else {
      d.history.push({
        at: now,
        subject: 'registration succeeded',
        contents: `Domain: ${full} Action: registration succeeded Status: ACT`,
        type: 'I',
      });
    }
    return d;
  }

  /** Completes a pending registration now (REQ -> ACT). */
  activateRegistration(domain: string): SandboxDomain {
    const full = joinDomainName(splitDomainName(domain));
    const d = this.byName(full);
    if (!d || d.status !== 'REQ' || d.type !== 'NEW') throw new Error(`no pending registration for ${full}`);
    this.completeRegistration(d, this.now());
    return d;
  }

  /** GET /customers: case-insensitive patterns with '*' wildcards; newest last (by id). */
  searchCustomers(filter: {
    email?: string;
    lastName?: string;
    firstName?: string;
    companyName?: string;
    handle?: string;
  }): Customer[] {
    const tests: Array<[RegExp, (c: Customer) => string]> = [];
    const field = (c: Customer, path: string[]): string => {
      let v: unknown = c.data;
      for (const key of path) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined;
      return typeof v === 'string' ? v : '';
    };
    if (filter.email) tests.push([globToRegExp(filter.email), (c) => field(c, ['email'])]);
    if (filter.lastName) tests.push([globToRegExp(filter.lastName), (c) => field(c, ['name', 'last_name'])]);
    if (filter.firstName) tests.push([globToRegExp(filter.firstName), (c) => field(c, ['name', 'first_name'])]);
    if (filter.companyName) tests.push([globToRegExp(filter.companyName), (c) => field(c, ['company_name'])]);
    if (filter.handle) tests.push([globToRegExp(filter.handle), (c) => c.handle]);
    return [...this.customers.values()]
      .filter((c) => tests.every(([re, get]) => re.test(get(c))))
      .sort((a, b) => a.id - b.id);
  }

  /** POST /domains/transfer */
  transfer(input: {
    domain: OpenproviderDomain;
    authCode: string;
    handles: Handles;
    nameservers?: string[];
    at?: Date;
    autorenew?: 'on' | 'off' | 'default';
  }): SandboxDomain {
    const full = joinDomainName(input.domain);
    const own = this.byName(full);
    if (own && (own.status === 'REQ' || own.status === 'SCH')) throw ERR.alreadyTransferring();
    if (own && own.status === 'ACT') throw ERR.alreadyInAccount();
    const external = this.external.get(full);
    if (!external && isFreeName(full)) throw ERR.transferFree();
    if (input.authCode.trim() === '') throw ERR.emptyAuthCode();
    if (external && external.authCode !== input.authCode) throw ERR.wrongAuthCode();
    this.requireHandles(input.handles);
    const tld = this.tld(input.domain.extension);
    this.requireFunds(tld.prices.transfer, tld.currency);
    if (own) own.isDeleted = true; // an earlier failed request is replaced
    const now = this.now();
    const d = this.insert({
      ...input.domain,
      status: input.at ? 'SCH' : 'REQ',
      type: 'TRANSFER',
      nameservers: external?.nameservers ?? [],
      isLocked: external?.transferLock ?? false,
      handles: input.handles,
      authCode: input.authCode,
      autorenew: input.autorenew,
    });
    d.transfer = { requestedAt: now, requestedNameservers: input.nameservers };
    if (this.policy.mode !== 'manual') {
      d.transfer.decideAt = new Date(now.getTime() + this.policy.afterMs);
      d.transfer.decision = this.policy.mode;
      d.transfer.reason = this.policy.reason;
    }
    d.history.push({
      at: now,
      subject: 'transfer requested',
      contents: `Domain: ${full} Action: transfer requested Status: ${d.status}`,
      type: 'I',
    });
    return d;
  }

  approveTransfer(domain: string): SandboxDomain {
    const d = this.pendingTransfer(domain);
    this.completeTransfer(d);
    return d;
  }

  rejectTransfer(domain: string, reason = 'Transfer rejected by the losing registrar'): SandboxDomain {
    const d = this.pendingTransfer(domain);
    this.failTransfer(d, reason);
    return d;
  }

  /** PUT /domains/{id} */
  update(
    id: number,
    change: {
      nameservers?: string[];
      /** remove_nses: the existing name servers go; without it name_servers is merged into them */
      removeNameservers?: boolean;
      isLocked?: boolean;
      autorenew?: string;
      isPrivateWhoisEnabled?: boolean;
      handles?: Partial<Handles>;
    },
  ): SandboxDomain {
    const d = this.byId(id);
    if (!d) throw ERR.notInAccount();
    if (d.status !== 'ACT') throw ERR.prohibited();
    if (change.autorenew !== undefined && !['on', 'off', 'default'].includes(change.autorenew))
      throw ERR.wrongAutorenew();
    const handles = change.handles ?? {};
    for (const handle of Object.values(handles))
      if (handle !== undefined && !this.customer(handle)) throw ERR.handleNotFound(handle);
    if (handles.owner && handles.owner.toUpperCase() !== d.ownerHandle && this.tld(d.extension).ownerChange === 'trade')
      throw ERR.ownerChangeNeedsTrade(d.extension);
    if (change.removeNameservers === true) d.nameservers = (change.nameservers ?? []).map(normaliseHost);
    else if (change.nameservers) {
      // "remove_nses: Use for deletion of existing nameservers" (swagger): without it nothing is deleted.
      const added = change.nameservers.map(normaliseHost).filter((ns) => !d.nameservers.includes(ns));
      d.nameservers = [...d.nameservers, ...added];
    }
    if (change.isLocked !== undefined) d.isLocked = change.isLocked;
    if (change.autorenew !== undefined) d.autorenew = change.autorenew as SandboxDomain['autorenew'];
    if (change.isPrivateWhoisEnabled !== undefined) d.isPrivateWhoisEnabled = change.isPrivateWhoisEnabled;
    if (handles.owner) d.ownerHandle = handles.owner.toUpperCase();
    if (handles.admin) d.adminHandle = handles.admin.toUpperCase();
    if (handles.tech) d.techHandle = handles.tech.toUpperCase();
    if (handles.billing) d.billingHandle = handles.billing.toUpperCase();
    d.lastChanged = this.now();
    return d;
  }

  /** POST /domains/trade: the registry hands the domain to the new owner (realtime in the sandbox). */
  trade(input: {
    domain: OpenproviderDomain;
    handles: Handles;
    additionalData?: Record<string, unknown>;
  }): SandboxDomain {
    const full = joinDomainName(input.domain);
    const d = this.byName(full);
    if (!d) throw ERR.notInAccount();
    if (d.status !== 'ACT') throw ERR.prohibited();
    if (this.tld(d.extension).ownerChange !== 'trade') throw ERR.tradeNotAvailable(d.extension);
    this.requireHandles(input.handles);
    const now = this.now();
    const before = d.ownerHandle;
    d.additionalData = { ...d.additionalData, ...input.additionalData };
    d.ownerHandle = input.handles.owner.toUpperCase();
    if (input.handles.admin) d.adminHandle = input.handles.admin.toUpperCase();
    if (input.handles.tech) d.techHandle = input.handles.tech.toUpperCase();
    if (input.handles.billing) d.billingHandle = input.handles.billing.toUpperCase();
    d.lastChanged = now;
    d.history.push({
      at: now,
      subject: 'trade succeeded',
      contents: `Domain: ${full} Action: trade succeeded Owner: ${before} -> ${d.ownerHandle} Status: ACT`,
      type: 'I',
    });
    return d;
  }

  /** POST /customers: handle = two initials, six digits, dash, country (XX123456-CC) */
  createCustomer(
    data: Record<string, unknown> & {
      name: { first_name: string; last_name: string } & Record<string, unknown>;
      address: { country: string } & Record<string, unknown>;
    },
  ): Customer {
    const initials = (data.name.first_name.charAt(0) + data.name.last_name.charAt(0))
      .normalize('NFD')
      .replace(/[^A-Za-z]/g, 'X')
      .toUpperCase()
      .padEnd(2, 'X');
    const handle = `${initials}${String(this.nextCustomerNumber++).padStart(6, '0')}-${data.address.country.toUpperCase()}`;
    const customer: Customer = { handle, id: this.nextCustomerNumber, data, createdAt: this.now() };
    this.customers.set(handle, customer);
    return customer;
  }

  updateCustomer(handle: string, change: Record<string, unknown>): Customer {
    const customer = this.customer(handle);
    if (!customer) throw ERR.handleNotFound(handle);
    customer.data = { ...customer.data, ...change };
    return customer;
  }

  // ---- internals ----

  private pendingTransfer(domain: string): SandboxDomain {
    const full = joinDomainName(splitDomainName(domain));
    const d = this.byName(full);
    if (!d || (d.status !== 'REQ' && d.status !== 'SCH')) throw new Error(`no pending transfer for ${full}`);
    return d;
  }

  private completeRegistration(d: SandboxDomain, at: Date): void {
    d.status = 'ACT';
    d.activeDate = at;
    d.expiresAt = addYears(at, d.period);
    d.lastChanged = at;
    d.registration = undefined;
    d.history.push({
      at,
      subject: 'registration succeeded',
      contents: `Domain: ${joinDomainName(d)} Action: registration succeeded Status: ACT`,
      type: 'I',
    });
  }

  private requireExtension(domain: OpenproviderDomain): void {
    if (this.unsupportedExtensions.has(domain.extension.toLowerCase()))
      throw ERR.invalidExtension(`.${domain.extension} is not available`);
  }

  private completeTransfer(d: SandboxDomain): void {
    const now = this.now();
    const full = joinDomainName(d);
    const external = this.external.get(full);
    d.status = 'ACT';
    d.activeDate = now;
    // Like real registries: the domain keeps the name servers it had at the losing registrar,
    // unless the transfer request named some; the registry adds a year (most gTLDs); locked after.
    if (d.transfer?.requestedNameservers && d.transfer.requestedNameservers.length > 0) {
      d.nameservers = d.transfer.requestedNameservers.map(normaliseHost);
    }
    d.expiresAt = addYears(external?.expiresAt ?? addYears(now, 1), 1);
    const tld = this.tld(d.extension);
    this.charge(d, 'transfer', tld.prices.transfer, tld.currency, 'POST /v1beta/domains/transfer', now);
    d.isLocked = true;
    d.lastChanged = now;
    d.transfer = undefined;
    this.external.delete(full);
    d.history.push({
      at: now,
      subject: 'transfer succeeded',
      contents: `Domain: ${full} Action: transfer succeeded Status: ACT`,
      type: 'I',
    });
  }

  private failTransfer(d: SandboxDomain, reason: string): void {
    const now = this.now();
    d.status = 'FAI';
    d.failureReason = reason;
    d.lastChanged = now;
    d.transfer = undefined;
    d.history.push({ at: now, subject: 'transfer failed', contents: reason, type: 'E' });
  }

  private requireHandles(handles: Handles): void {
    for (const handle of [handles.owner, handles.admin, handles.tech, handles.billing]) {
      if (handle !== undefined && !this.customer(handle)) throw ERR.handleNotFound(handle);
    }
  }

  private insert(input: {
    name: string;
    extension: string;
    status: SandboxDomain['status'];
    type: SandboxDomain['type'];
    nameservers: string[];
    isLocked: boolean;
    handles: Handles;
    authCode: string;
    activeDate?: Date;
    expiresAt?: Date;
    autorenew?: SandboxDomain['autorenew'];
    isPrivateWhoisEnabled?: boolean;
    period?: number;
    additionalData?: Record<string, unknown>;
  }): SandboxDomain {
    const now = this.now();
    const owner = input.handles.owner.toUpperCase();
    const d: SandboxDomain = {
      id: this.nextDomainId++,
      name: input.name,
      extension: input.extension,
      status: input.status,
      type: input.type,
      period: input.period ?? 1,
      additionalData: input.additionalData ?? {},
      nameservers: input.nameservers.map(normaliseHost),
      isLocked: input.isLocked,
      autorenew: input.autorenew ?? 'default',
      isPrivateWhoisEnabled: input.isPrivateWhoisEnabled ?? false,
      ownerHandle: owner,
      adminHandle: (input.handles.admin ?? owner).toUpperCase(),
      techHandle: (input.handles.tech ?? owner).toUpperCase(),
      billingHandle: (input.handles.billing ?? owner).toUpperCase(),
      authCode: input.authCode,
      orderDate: now,
      activeDate: input.activeDate,
      expiresAt: input.expiresAt,
      lastChanged: now,
      isDeleted: false,
      history: [],
    };
    this.domains.set(d.id, d);
    return d;
  }
}

export interface Handles {
  owner: string;
  admin?: string;
  tech?: string;
  billing?: string;
}

/** first label starts with "reserved-": reserved by the registry (sandbox rule) */
export function isReservedName(fullName: string): boolean {
  return fullName.toLowerCase().startsWith('reserved-');
}

export function globToRegExp(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`, 'i');
}

import { isFreeName } from '../shared/world';
export { isFreeName };

function normaliseHost(host: string): string {
  return host.trim().toLowerCase().replace(/\.$/, '');
}

function randomAuthCode(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789#!';
  let out = '';
  for (let i = 0; i < 12; i++) out += alphabet[Math.floor(Math.random() * alphabet.length)];
  return out;
}

/** the wire object of GET /domains and GET /domains/{id} (swagger domainGetDomainResponseData) */
export function toWireDomain(
  d: SandboxDomain,
  options: { withHistory?: boolean; withRegistryStatuses?: boolean; withAdditionalData?: boolean } = {},
  renewalDate: Date | undefined = d.renewalDate ?? (d.expiresAt && new Date(d.expiresAt.getTime() - RENEWAL_OFFSET_MS)),
): Record<string, unknown> {
  const fmt = (date: Date | undefined): string => (date ? formatOpenproviderDate(date) : '');
  const wire: Record<string, unknown> = {
    id: d.id,
    domain: { name: d.name, extension: d.extension },
    status: d.status,
    type: d.type,
    autorenew: d.autorenew,
    is_locked: d.isLocked,
    is_lockable: true,
    is_private_whois_enabled: d.isPrivateWhoisEnabled,
    is_private_whois_allowed: true,
    is_deleted: d.isDeleted,
    deleted_at: d.status === 'DEL' && d.deletedAt ? fmt(d.deletedAt) : ZERO_DATE,
    delete_status: d.status !== 'DEL' ? '' : d.isDeleted ? 'deleted' : 'quarantine',
    order_date: fmt(d.orderDate),
    creation_date: fmt(d.orderDate),
    active_date: fmt(d.activeDate),
    last_changed: fmt(d.lastChanged),
    expiration_date: fmt(d.expiresAt),
    registry_expiration_date: fmt(d.registryExpiresAt ?? d.expiresAt),
    renewal_date: fmt(renewalDate),
    soft_quarantine_expiry_date: d.status === 'DEL' ? fmt(d.softQuarantineUntil) : '',
    hard_quarantine_expiry_date: d.status === 'DEL' ? fmt(d.hardQuarantineUntil) : '',
    name_servers: d.nameservers.map((name, seq) => ({ name, ip: '', ip6: '', seq_nr: seq })),
    owner_handle: d.ownerHandle,
    admin_handle: d.adminHandle,
    tech_handle: d.techHandle,
    billing_handle: d.billingHandle,
    auth_code: d.authCode,
    can_renew: d.status === 'ACT',
    unit: 'y',
    comments: d.failureReason ?? '',
    has_history: d.history.length > 0,
  };
  if (options.withHistory) {
    wire.history = d.history.map((h) => ({
      contents: h.contents,
      domain: joinDomainName(d),
      ip: '127.0.0.1',
      subject: h.subject,
      timestamp: h.at.toISOString(),
      type: h.type,
    }));
  }
  if (options.withAdditionalData) wire.additional_data = { ...d.additionalData };
  if (options.withRegistryStatuses) {
    wire.registry_statuses = {
      client_hold: { is_changeable: true, value: 0 },
      client_transfer_prohibited: { is_changeable: true, value: d.isLocked ? 1 : 0 },
    };
  }
  return wire;
}

function toCents(amount: string | number): number {
  const n = typeof amount === 'number' ? amount : Number(amount);
  if (!Number.isFinite(n)) throw new Error(`not an amount: ${amount}`);
  return Math.round(n * 100);
}

function fromCents(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

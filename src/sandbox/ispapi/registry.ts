import { randomBytes } from 'node:crypto';
import { isFreeName } from '../shared/world';
import { parseDomainName } from '../../domain/domain-name';
import { SandboxAccount, toCents } from './billing';
import { CommandFault, SandboxStateError } from './errors';
import { TradeBook } from './trades';
import { PendingUpdates } from './updates';

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
  /** an aftermarket listing: CheckDomains shows only the channel (CLASS empty); bought as AFTERMARKET_PURCHASE_<channel> */
  aftermarket?: boolean;
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

export { CommandFault, SandboxStateError, type ResponseProperties } from './errors';

export const CONTACT_ROLES = ['OWNERCONTACT', 'ADMINCONTACT', 'TECHCONTACT', 'BILLINGCONTACT'] as const;
export type ContactRole = (typeof CONTACT_ROLES)[number];

export interface OwnedDomain {
  domain: string;
  nameservers: string[];
  transferLock: boolean;
  authCode: string;
  createdAt: Date;
  updatedAt: Date;
  /** registry expiry (EXPIRATIONDATE) */
  expiresAt: Date;
  /** end of the period paid in the renewal system (PAIDUNTILDATE); ahead of expiresAt until finalized */
  paidUntil: Date;
  transferredAt?: Date;
  renewalMode: RenewalMode;
  /** the paid-until time whose AUTORENEW charge failed (NEXTACTION expireunpaid) */
  autorenewFailedFor?: number;
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
  /** in another account of this registrar: a usertransfer, not a registry transfer (USERTRANSFERREQUIRED=1) */
  internal?: boolean;
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
export interface TldPeriods {
  /** ACCOUNTINGDATE = PAIDUNTILDATE + accounting (AUTORENEW charges then) */
  accounting: number;
  /** FINALIZATIONDATE = EXPIRATIONDATE + finalization (a paid renewal is executed at the registry then) */
  finalization: number;
  /** FAILUREDATE = PAIDUNTILDATE + failure (an unpaid domain is deleted then) */
  failure: number;
  /** DELETIONRESTORABLEPERIOD: a deleted domain can be restored this long */
  deletionRestorable: number;
}
export const DEFAULT_PERIODS: TldPeriods = { accounting: -5, finalization: 1, failure: 44, deletionRestorable: 30 };
/**
 * Built-in TLD data. .eu is a "finalize before expiry" TLD (spec 3.2, issue #82): its failure date
 * does not lie after the paid-until date, so the module shows the finalization-based expiry.
 */
export const DEFAULT_TLD_PERIODS: Record<string, Partial<TldPeriods>> = {
  de: { accounting: -7, finalization: 0, failure: 1 },
  at: { accounting: -7, finalization: 0, failure: 1 },
  eu: { accounting: -14, finalization: -7, failure: -7 },
  swiss: { accounting: -5, finalization: 1, failure: 44 },
};

export function tldOf(domain: string): string {
  return domain.slice(domain.indexOf('.') + 1);
}

export interface DateModel {
  expiration: Date;
  paidUntil: Date;
  accounting: Date;
  finalization: Date;
  failure: Date;
  periods: TldPeriods;
}

/** A domain removed from the account by the renewal system, restorable for a while (QueryObjectList DELETEDDOMAIN). */
export interface DeletedDomain {
  domain: string;
  deletedAt: Date;
  /** the registry expiry it had when deleted */
  expiresAt: Date;
  restorableUntil: Date;
  record: OwnedDomain;
  /** RestoreDomain accepted and charged; the domain returns at this time */
  restoreCompletesAt?: Date;
}

/** How RestoreDomain is answered: restored at once, or accepted now (PENDING=1) and done afterMs later. */
export type RestorePolicy = { mode: 'immediate' } | { mode: 'pending'; afterMs: number };

// ---- domain applications (spec 2.10, 3.5, 3.8) ------------------------------------------------

export const APPLICATION_STATUSES = [
  'REQUESTED',
  'ACTIVE',
  'SUCCESSFUL',
  'FAILED',
  'AUCTION-PENDING',
  'AUCTION-WON',
  'AUCTION-LOST',
] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];
/** The outcomes a test can script (setApplicationOutcome). */
export const APPLICATION_OUTCOMES = ['SUCCESSFUL', 'FAILED', 'AUCTION-PENDING', 'AUCTION-WON', 'AUCTION-LOST'] as const;
export type ApplicationOutcomeStatus = (typeof APPLICATION_OUTCOMES)[number];
const FINAL_APPLICATION_STATUSES: ReadonlySet<ApplicationStatus> = new Set([
  'SUCCESSFUL',
  'FAILED',
  'AUCTION-WON',
  'AUCTION-LOST',
]);
export const isFinalApplicationStatus = (status: ApplicationStatus): boolean => FINAL_APPLICATION_STATUSES.has(status);

/** Auctions among several backorders run 3 days at premiumsale.com, in USD (spec 3.8). */
export const AUCTION_DAYS = 3;
export const DEFAULT_AUCTION_URL = 'https://premiumsale.com/auction';

export interface DomainApplication {
  /** APPLICATION: the id StatusDomainApplication takes */
  id: string;
  domain: string;
  /** the class as the modules send it */
  kind: 'BACKORDER' | 'GOLIVE';
  /** the class the API resolves it to: COM_BACKORDER, SWISS_GOLIVE */
  cls: string;
  status: ApplicationStatus;
  createdAt: Date;
  updatedAt: Date;
  contacts: Record<ContactRole, string>;
  nameservers: string[];
  periodMonths: number;
  /** X-... fields as sent (X-SWISS-UID, X-CORE-INTENDED-USE ...) */
  extras: Record<string, string>;
  /** the account that placed it */
  user: string;
  auction?: { url: string; startedAt: Date; endsAt: Date; ended: boolean };
  /** the scripted outcome (seq) already applied to this application */
  appliedOutcome?: number;
}

/** A scripted outcome for a domain's open applications: due afterMs after it was set or after the application, whichever is later. */
export interface ApplicationOutcome {
  status: ApplicationOutcomeStatus;
  afterMs: number;
  auctionUrl?: string;
  setAt: Date;
  seq: number;
}

/** A domain on the pending-delete (drop) list: FINALIZATIONDATE is when it drops. */
export interface PendingDrop {
  domain: string;
  dropAt: Date;
  score: number;
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
  /**
   * The name CheckDomains gives the premium channel column: the reference's property table says
   * PREMIUMCHANNELS, its example (and the modules) PREMIUMCHANNEL. Clients must read both.
   */
  premiumChannelProperty: 'PREMIUMCHANNELS' | 'PREMIUMCHANNEL' = 'PREMIUMCHANNELS';
  /** deleted by the renewal system, restorable (QueryObjectList DELETEDDOMAIN) */
  private deleted = new Map<string, DeletedDomain>();
  /** transferred out with StatusDomain scripted to answer 531 instead of 545 */
  private notYours = new Set<string>();
  /** transferred out without an OUTBOUND_TRANSFER log entry: QueryObjectList DELETEDDOMAIN answers 545 */
  private unloggedTransfersOut = new Set<string>();
  private tldPeriods = new Map<string, Partial<TldPeriods>>();
  /** per domain: no renewal-system event before `until` while `key` (its dates and mode) holds */
  private quietUntil = new WeakMap<OwnedDomain, { until: number; key: string }>();
  private applications = new Map<string, DomainApplication>();
  private applicationOutcomes = new Map<string, ApplicationOutcome>();
  private nextOutcomeSeq = 1;
  private drops = new Map<string, PendingDrop>();
  /** changes of registrant (TradeDomain) and the IRTP transfer locks they leave */
  readonly trades: TradeBook = new TradeBook(this);
  /** ModifyDomain changes held pending (PENDING=1) under the update policy */
  readonly updates = new PendingUpdates<Parameters<IspapiRegistry['modify']>[1]>();
  policy: TransferPolicy;
  registrationPolicy: RegistrationPolicy;
  restorePolicy: RestorePolicy;
  readonly unsupportedTlds: ReadonlySet<string>;
  readonly account: SandboxAccount;

  constructor(
    readonly now: () => Date,
    private readonly initialPolicy: TransferPolicy,
    /** owner of seeded domains and author of registry-side log entries */
    readonly defaultUser: string,
    private readonly initialRegistrationPolicy: RegistrationPolicy = { mode: 'active' },
    unsupportedTlds: readonly string[] = DEFAULT_UNSUPPORTED_TLDS,
    private readonly lifecycleOptions: {
      account?: SandboxAccount;
      tldPeriods?: Record<string, Partial<TldPeriods>>;
      restorePolicy?: RestorePolicy;
    } = {},
  ) {
    this.policy = initialPolicy;
    this.registrationPolicy = initialRegistrationPolicy;
    this.restorePolicy = lifecycleOptions.restorePolicy ?? { mode: 'immediate' };
    this.unsupportedTlds = new Set(unsupportedTlds.map((t) => t.toLowerCase().replace(/^\./, '')));
    this.account = lifecycleOptions.account ?? new SandboxAccount();
    this.resetTldPeriods();
  }

  private resetTldPeriods(): void {
    this.quietUntil = new WeakMap();
    this.tldPeriods.clear();
    for (const [tld, p] of Object.entries(this.lifecycleOptions.tldPeriods ?? {})) this.setTldPeriods(tld, p);
  }

  /** Overrides the renewal-system periods (days) of one TLD, e.g. setTldPeriods('de', { failure: 1 }). */
  setTldPeriods(tld: string, periods: Partial<TldPeriods>): void {
    this.quietUntil = new WeakMap();
    const key = tld.toLowerCase().replace(/^\./, '');
    this.tldPeriods.set(key, { ...this.tldPeriods.get(key), ...periods });
  }

  periodsFor(domain: string): TldPeriods {
    const tld = tldOf(domain);
    return { ...DEFAULT_PERIODS, ...DEFAULT_TLD_PERIODS[tld], ...this.tldPeriods.get(tld) };
  }

  /** The renewal system's dates (spec 2.13): stored EXPIRATION and PAIDUNTIL, the rest derived. */
  dates(d: OwnedDomain): DateModel {
    const periods = this.periodsFor(d.domain);
    return {
      expiration: d.expiresAt,
      paidUntil: d.paidUntil,
      accounting: addDays(d.paidUntil, periods.accounting),
      finalization: addDays(d.expiresAt, periods.finalization),
      failure: addDays(d.paidUntil, periods.failure),
      periods,
    };
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
    this.premiumChannelProperty = 'PREMIUMCHANNELS';
    this.policy = this.initialPolicy;
    this.registrationPolicy = this.initialRegistrationPolicy;
    this.restorePolicy = this.lifecycleOptions.restorePolicy ?? { mode: 'immediate' };
    this.deleted.clear();
    this.notYours.clear();
    this.unloggedTransfersOut.clear();
    this.applications.clear();
    this.applicationOutcomes.clear();
    this.nextOutcomeSeq = 1;
    this.drops.clear();
    this.trades.reset();
    this.updates.reset();
    this.resetTldPeriods();
    this.account.reset();
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
    this.settleTransfers(now);
    this.settleApplications(now);
    this.trades.settle(now);
    this.settleUpdates(now);
    this.settleRenewals(now);
  }

  /** Held ModifyDomain changes take effect; one whose domain left the account or is not active lapses. */
  private settleUpdates(now: number): void {
    for (const { domain, change } of this.updates.takeDue(now)) {
      try {
        this.modify(domain, change);
      } catch (err) {
        if (!(err instanceof CommandFault)) throw err;
      }
    }
  }

  private settleTransfers(now: number): void {
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

  /**
   * The renewal system, lazily (spec 2.13): AUTORENEW charges on ACCOUNTINGDATE (PAIDUNTIL moves a
   * year); a paid-ahead renewal is executed at FINALIZATIONDATE (EXPIRATION catches up with
   * PAIDUNTIL); a domain still unpaid at FAILUREDATE is deleted (restorable for
   * DELETIONRESTORABLEPERIOD, then gone). Events run in time order, each at its own date.
   */
  private settleRenewals(now: number): void {
    for (const d of [...this.owned.values()]) if (!this.renewalQuiet(d, now)) this.runRenewalSystem(d, now);
    for (const x of [...this.deleted.values()]) {
      if (x.restoreCompletesAt) {
        if (x.restoreCompletesAt.getTime() <= now) {
          this.finishRestore(x, x.restoreCompletesAt);
          this.runRenewalSystem(x.record, now);
        }
      } else if (x.restorableUntil.getTime() <= now) {
        this.deleted.delete(x.domain);
        this.removed.add(x.domain);
        this.appendLog(x.domain, 'DELETE', 'PURGED', this.defaultUser, x.restorableUntil, [
          `domain ${x.domain} is no longer restorable`,
        ]);
      }
    }
  }

  /**
   * Nothing for the renewal system to do before a known time, and the dates it depends on are
   * unchanged: a portfolio of 100,000 domains costs a lookup per domain per call, not a date model.
   */
  private renewalQuiet(d: OwnedDomain, now: number): boolean {
    const quiet = this.quietUntil.get(d);
    return quiet !== undefined && now < quiet.until && quiet.key === renewalKey(d);
  }

  private runRenewalSystem(d: OwnedDomain, now: number): void {
    for (let step = 0; step < 10_000; step++) {
      if (d.lifecycle !== 'ACTIVE' || this.owned.get(d.domain) !== d) return;
      const dates = this.dates(d);
      let next: { at: Date; run: (at: Date) => void } = { at: dates.failure, run: (at) => this.expire(d, at) };
      const consider = (at: Date, run: (at: Date) => void): void => {
        if (at.getTime() <= next.at.getTime()) next = { at, run };
      };
      if (d.paidUntil.getTime() > d.expiresAt.getTime()) {
        consider(dates.finalization, (at) => this.finalize(d, at));
      } else if (d.renewalMode === 'AUTORENEW' && d.autorenewFailedFor !== d.paidUntil.getTime()) {
        consider(dates.accounting, (at) => this.autorenew(d, at));
      }
      if (next.at.getTime() > now) {
        this.quietUntil.set(d, { until: next.at.getTime(), key: renewalKey(d) });
        return;
      }
      next.run(next.at);
    }
  }

  /** AUTORENEW on ACCOUNTINGDATE: one year charged, PAIDUNTIL moves; unpaid -> expireunpaid. */
  private autorenew(d: OwnedDomain, at: Date): void {
    const cents = this.account.priceCents(tldOf(d.domain), 'renew', 12);
    if (!this.account.canPay(cents)) {
      d.autorenewFailedFor = d.paidUntil.getTime();
      this.appendLog(d.domain, 'RENEW', 'FAILED', this.defaultUser, at, ['AUTORENEW: credit limit exceeded']);
      return;
    }
    this.account.charge({ domain: d.domain, command: 'AUTORENEW', kind: 'autorenew', cents, at });
    d.paidUntil = addMonths(d.paidUntil, 12);
    this.appendLog(d.domain, 'RENEW', 'PAID', this.defaultUser, at, [
      `AUTORENEW PAIDUNTILDATE=${formatApiDate(d.paidUntil)}`,
    ]);
  }

  /** FINALIZATIONDATE: the paid renewal is executed at the registry. */
  private finalize(d: OwnedDomain, at: Date): void {
    d.expiresAt = new Date(d.paidUntil.getTime());
    d.updatedAt = at;
    d.autorenewFailedFor = undefined;
    this.appendLog(d.domain, 'RENEW', 'SUCCESSFUL', this.defaultUser, at, [
      `EXPIRATIONDATE=${formatApiDate(d.expiresAt)}`,
    ]);
  }

  /** FAILUREDATE passed unpaid: out of the account, into the restorable deleted-domain list. */
  private expire(d: OwnedDomain, at: Date, why = `renewal mode ${d.renewalMode}, not paid`): void {
    this.owned.delete(d.domain);
    this.deleted.set(d.domain, {
      domain: d.domain,
      deletedAt: at,
      expiresAt: d.expiresAt,
      restorableUntil: addDays(at, this.periodsFor(d.domain).deletionRestorable),
      record: d,
    });
    this.appendLog(d.domain, 'DELETE', 'SUCCESSFUL', this.defaultUser, at, [`domain ${d.domain} deleted: ${why}`]);
  }

  private finishRestore(x: DeletedDomain, at: Date): void {
    this.deleted.delete(x.domain);
    x.record.updatedAt = at;
    x.record.autorenewFailedFor = undefined;
    this.owned.set(x.domain, x.record);
    this.appendLog(x.domain, 'RESTORE', 'SUCCESSFUL', this.defaultUser, at, [
      `EXPIRATIONDATE=${formatApiDate(x.record.expiresAt)}`,
    ]);
  }

  // ---- reads -------------------------------------------------------------------------------

  ownedDomain(domain: string): OwnedDomain | undefined {
    return this.owned.get(domain);
  }

  /** Every domain in the account, by name (QueryDomainList ORDERBY=DOMAIN). */
  listOwned(): OwnedDomain[] {
    return [...this.owned.values()].sort((a, b) => (a.domain < b.domain ? -1 : a.domain > b.domain ? 1 : 0));
  }

  pendingTransfer(domain: string): PendingTransfer | undefined {
    return this.transfers.get(domain);
  }

  listPendingTransfers(): PendingTransfer[] {
    return [...this.transfers.values()];
  }

  /** Registered anywhere: ours, pending to us, seeded elsewhere, or implicitly elsewhere. */
  isRegistered(domain: string): boolean {
    return (
      this.owned.has(domain) ||
      this.deleted.has(domain) ||
      this.transfers.has(domain) ||
      this.externalFor(domain, false) !== undefined
    );
  }

  /**
   * The losing registrar's view of a domain that is not ours. Unseeded names are treated as held
   * by another registrar; `materialize` keeps that record so its dates stay stable across calls.
   */
  externalFor(domain: string, materialize = true): ExternalDomain | undefined {
    if (this.owned.has(domain) || this.deleted.has(domain)) return undefined;
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

  deletedDomain(domain: string): DeletedDomain | undefined {
    return this.deleted.get(domain);
  }

  /** The restorable deleted domains (QueryObjectList OBJECTCLASS=DELETEDDOMAIN), by name. */
  listDeleted(): DeletedDomain[] {
    return [...this.deleted.values()].sort((a, b) => (a.domain < b.domain ? -1 : a.domain > b.domain ? 1 : 0));
  }

  /** StatusDomain's answer for a domain not in the account: 531 when scripted "not yours", else 545. */
  notInAccountCode(domain: string): 531 | 545 {
    return this.notYours.has(domain) ? 531 : 545;
  }

  /** QueryObjectList DELETEDDOMAIN answers 545 for a name that left without a log entry (spec 3.2). */
  transferredOutUnlogged(domain: string): boolean {
    return this.unloggedTransfersOut.has(domain);
  }

  /** The name starts a new life here: forget what the renewal system and transfers-out left. */
  private forget(domain: string): void {
    this.deleted.delete(domain);
    this.notYours.delete(domain);
    this.unloggedTransfersOut.delete(domain);
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
    internal?: boolean;
  }): void {
    const domain = normalizeDomain(d.domain);
    this.owned.delete(domain);
    this.transfers.delete(domain);
    this.removed.delete(domain);
    this.forget(domain);
    const now = this.now();
    this.external.set(domain, {
      domain,
      authCode: d.authCode,
      nameservers: d.nameservers.map((ns) => normalizeNameserver(ns)),
      transferLock: d.transferLock ?? false,
      registrar: d.registrar ?? DEFAULT_EXTERNAL_REGISTRAR,
      createdAt: addMonths(now, -30),
      expiresAt: addDays(now, 180),
      ...(d.internal ? { internal: true } : {}),
    });
  }

  seedOwned(d: {
    domain: string;
    nameservers: string[];
    expiresAt?: Date;
    /** default: expiresAt (nothing paid ahead) */
    paidUntil?: Date;
    transferLock?: boolean;
    authCode?: string;
    /** default AUTOEXPIRE, as this engine registers */
    renewalMode?: RenewalMode;
    /** the registrant's inline data (FIRSTNAME, LASTNAME, EMAIL ...); default a handle without data */
    owner?: ContactFields;
  }): OwnedDomain {
    const domain = normalizeDomain(d.domain);
    return this.putOwned(domain, { ...d, nameservers: d.nameservers.map((ns) => normalizeNameserver(ns)) });
  }

  /**
   * Many domains at once, for portfolio tests and benchmarks. The names are the caller's checked
   * ASCII forms (a bulk plan): parsing 100,000 names one by one would take most of a minute.
   */
  seedOwnedMany(list: Array<{ domain: string; expiresAt: Date }>, nameservers: string[]): void {
    const normalised = nameservers.map((ns) => normalizeNameserver(ns));
    for (const d of list) this.putOwned(d.domain, { nameservers: normalised, expiresAt: d.expiresAt });
  }

  private putOwned(domain: string, d: Omit<Parameters<IspapiRegistry['seedOwned']>[0], 'domain'>): OwnedDomain {
    this.external.delete(domain);
    this.transfers.delete(domain);
    this.removed.delete(domain);
    this.forget(domain);
    const now = this.now();
    const handle = d.owner ? this.contactHandleFor(d.owner) : this.newContactHandle();
    const expiresAt = d.expiresAt ?? addMonths(now, 12);
    const record: OwnedDomain = {
      domain,
      nameservers: d.nameservers,
      transferLock: d.transferLock ?? false,
      authCode: d.authCode ?? newAuthCode(),
      createdAt: addMonths(now, -12),
      updatedAt: now,
      expiresAt,
      paidUntil: d.paidUntil ?? expiresAt,
      renewalMode: d.renewalMode ?? 'AUTOEXPIRE',
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
    this.forget(domain);
    this.removed.add(domain);
  }

  // ---- lifecycle controls ----------------------------------------------------------------------

  private ownedOrFail(domain: string): OwnedDomain {
    const d = this.owned.get(domain);
    if (!d) throw new SandboxStateError(`${domain} is not in the account`);
    return d;
  }

  /** As if the domain expired unrenewed: its dates move back so FAILUREDATE is now, and it is deleted. */
  expireDomain(domain: string): DeletedDomain {
    const d = this.ownedOrFail(domain);
    const now = this.now();
    d.paidUntil = addDays(now, -this.periodsFor(domain).failure);
    d.expiresAt = new Date(d.paidUntil.getTime());
    this.expire(d, now);
    return this.deleted.get(domain)!;
  }

  /** Deleted now with its dates unchanged (restorable like any deleted domain). */
  deleteDomain(domain: string): DeletedDomain {
    this.expire(this.ownedOrFail(domain), this.now(), 'deleted');
    return this.deleted.get(domain)!;
  }

  /**
   * Another registrar took the domain: it leaves the account and is held elsewhere. `logged`
   * (default true) writes OUTBOUND_TRANSFER/SUCCESSFUL; `answer` 531 makes StatusDomain say "not yours".
   */
  transferOut(domain: string, opts: { answer?: 531 | 545; logged?: boolean } = {}): void {
    const d = this.ownedOrFail(domain);
    const now = this.now();
    this.owned.delete(domain);
    this.forget(domain);
    this.external.set(domain, {
      domain,
      authCode: null,
      nameservers: [...d.nameservers],
      transferLock: false,
      registrar: 'GAINING-REGISTRAR',
      createdAt: d.createdAt,
      expiresAt: d.expiresAt,
    });
    if (opts.answer === 531) this.notYours.add(domain);
    if (opts.logged === false) this.unloggedTransfersOut.add(domain);
    else {
      this.appendLog(domain, 'OUTBOUND_TRANSFER', 'SUCCESSFUL', this.defaultUser, now, [
        'OUTBOUND_TRANSFER SUCCESSFUL',
        'NEW-REGISTRAR=GAINING-REGISTRAR',
      ]);
    }
  }

  // ---- renewals (API) ------------------------------------------------------------------------

  /** A domain the renewal commands may act on: in the account and created. */
  private renewable(domain: string): OwnedDomain {
    const d = this.owned.get(domain);
    if (!d) throw new CommandFault(545, 'Object not found');
    if (d.lifecycle !== 'ACTIVE') {
      throw new CommandFault(552, `Object status does not allow for operation; STATUS ${d.lifecycle}`);
    }
    return d;
  }

  /** RenewDomain: registry expiry and paid-until move by `months`, charged now. */
  renew(domain: string, months: number): OwnedDomain {
    const d = this.renewable(domain);
    const now = this.now();
    this.account.charge({
      domain,
      command: 'RenewDomain',
      kind: 'renew',
      cents: this.account.priceCents(tldOf(domain), 'renew', months),
      at: now,
    });
    d.expiresAt = addMonths(d.expiresAt, months);
    d.paidUntil = addMonths(d.paidUntil, months);
    d.updatedAt = now;
    d.autorenewFailedFor = undefined;
    this.appendLog(domain, 'RENEW', 'SUCCESSFUL', this.defaultUser, now, [
      `EXPIRATIONDATE=${formatApiDate(d.expiresAt)}`,
    ]);
    return d;
  }

  /** PayDomainRenewal: paid-until moves by `months`, charged now; the registry follows at FINALIZATIONDATE. */
  payRenewal(domain: string, months: number): OwnedDomain {
    const d = this.renewable(domain);
    const now = this.now();
    if (d.paidUntil.getTime() > addMonths(now, 120).getTime()) {
      throw new CommandFault(548, 'Object is not up for renewal; paid more than 10 years ahead');
    }
    this.account.charge({
      domain,
      command: 'PayDomainRenewal',
      kind: 'pay',
      cents: this.account.priceCents(tldOf(domain), 'renew', months),
      at: now,
    });
    d.paidUntil = addMonths(d.paidUntil, months);
    d.updatedAt = now;
    d.autorenewFailedFor = undefined;
    this.appendLog(domain, 'RENEW', 'PAID', this.defaultUser, now, [`PAIDUNTILDATE=${formatApiDate(d.paidUntil)}`]);
    return d;
  }

  /**
   * RestoreDomain: a restorable deleted domain comes back with its old expiry plus one year, for
   * the restore fee plus one renewal year (both charged now, or neither).
   */
  restore(domain: string, user: string): { record: OwnedDomain; pending: boolean } {
    const x = this.deleted.get(domain);
    if (!x) throw new CommandFault(545, 'Object not found');
    if (x.restoreCompletesAt) {
      throw new CommandFault(552, 'Object status does not allow for operation; restore already requested');
    }
    const now = this.now();
    const tld = tldOf(domain);
    const fee = this.account.priceCents(tld, 'restore');
    const year = this.account.priceCents(tld, 'renew', 12);
    this.account.assertCanPay(fee + year);
    this.account.charge({ domain, command: 'RestoreDomain', kind: 'restore', cents: fee, at: now });
    this.account.charge({ domain, command: 'RestoreDomain', kind: 'renew', cents: year, at: now });
    x.record.expiresAt = addMonths(x.expiresAt, 12);
    x.record.paidUntil = new Date(x.record.expiresAt.getTime());
    x.record.user = user;
    x.record.updatedAt = now;
    this.appendLog(domain, 'RESTORE', 'REQUEST', user, now, [`RESTORE requested by ${user}`]);
    const policy = this.restorePolicy;
    if (policy.mode === 'pending') {
      x.restoreCompletesAt = new Date(now.getTime() + policy.afterMs);
      return { record: x.record, pending: true };
    }
    this.finishRestore(x, now);
    return { record: x.record, pending: false };
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
      class: price.aftermarket
        ? ''
        : `PREMIUM_${tldOf(domain).toUpperCase().replace(/\./g, '-')}_${DEFAULT_PREMIUM_CHANNEL}`,
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
    /** the premium price to charge instead of the TLD's registration price */
    premiumAmount?: string;
    command?: string;
  }): OwnedDomain {
    if (this.isRegistered(d.domain)) throw new CommandFault(554, 'Object already registered');
    const now = this.now();
    const cents =
      d.premiumAmount !== undefined
        ? toCents(d.premiumAmount)
        : this.account.priceCents(tldOf(d.domain), 'register', d.periodMonths);
    this.account.charge({ domain: d.domain, command: d.command ?? 'AddDomain', kind: 'register', cents, at: now });
    const expiresAt = addMonths(now, d.periodMonths);
    const policy = this.registrationPolicy;
    const record: OwnedDomain = {
      domain: d.domain,
      nameservers: d.nameservers,
      transferLock: d.transferLock,
      authCode: d.authCode ?? newAuthCode(),
      createdAt: now,
      updatedAt: now,
      expiresAt,
      paidUntil: expiresAt,
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
    this.forget(d.domain);
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
    record.paidUntil = new Date(record.expiresAt.getTime());
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
    const expiresAt = addMonths(external?.expiresAt ?? addDays(at, 180), transfer.periodMonths);
    const record: OwnedDomain = {
      domain,
      nameservers: [...(external?.nameservers ?? DEFAULT_EXTERNAL_NAMESERVERS)],
      transferLock: false,
      authCode: newAuthCode(),
      createdAt: external?.createdAt ?? addMonths(at, -30),
      updatedAt: at,
      expiresAt,
      paidUntil: expiresAt,
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
    this.forget(domain);
    this.owned.set(domain, record);
    if (transfer.periodMonths > 0) {
      // Affordability was checked at request time; the registry has acted, so book it regardless.
      const cents = this.account.priceCents(tldOf(domain), 'transfer', transfer.periodMonths);
      this.account.charge({ domain, command: 'TransferDomain', kind: 'transfer', cents, at }, true);
    }
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
    change: {
      nameservers?: string[];
      transferLock?: boolean;
      authCode?: string;
      privacy?: boolean;
      contacts?: Partial<Record<ContactRole, string>>;
      extras?: Record<string, string>;
    },
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
    if (change.contacts) record.contacts = { ...record.contacts, ...change.contacts };
    if (change.extras) record.extras = { ...record.extras, ...change.extras };
    record.updatedAt = this.now();
    return record;
  }

  generateAuthCode(): string {
    return newAuthCode();
  }

  // ---- pending-delete list ---------------------------------------------------------------------

  /** Puts a domain on the drop list; score defaults to a length-based value (short names score high). */
  seedDrop(d: { domain: string; dropAt: Date; score?: number }): PendingDrop {
    const domain = normalizeDomain(d.domain);
    const sld = domain.slice(0, domain.indexOf('.'));
    const drop: PendingDrop = {
      domain,
      // The API has second precision.
      dropAt: new Date(Math.floor(d.dropAt.getTime() / 1000) * 1000),
      score: d.score ?? Math.max(1, 100 - 4 * sld.length),
    };
    this.drops.set(domain, drop);
    return drop;
  }

  /** The drop list as QueryDomainPendingDeleteList shows it: dropped names are no longer on it. */
  pendingDrops(): PendingDrop[] {
    const now = this.now().getTime();
    return [...this.drops.values()]
      .filter((d) => d.dropAt.getTime() > now)
      .sort((a, b) => a.dropAt.getTime() - b.dropAt.getTime() || (a.domain < b.domain ? -1 : 1));
  }

  // ---- applications (API) ----------------------------------------------------------------------

  addApplication(a: {
    domain: string;
    kind: DomainApplication['kind'];
    contacts: Record<ContactRole, string>;
    nameservers: string[];
    periodMonths: number;
    extras: Record<string, string>;
    user: string;
  }): DomainApplication {
    const now = this.now();
    const suffix = a.kind === 'BACKORDER' ? 'BACKORDER' : 'GOLIVE';
    const app: DomainApplication = {
      ...a,
      id: this.newApplicationId(),
      cls: `${tldOf(a.domain).toUpperCase().replace(/\./g, '-')}_${suffix}`,
      status: 'REQUESTED',
      createdAt: now,
      updatedAt: now,
    };
    this.applications.set(app.id, app);
    return app;
  }

  application(id: string): DomainApplication | undefined {
    return this.applications.get(id);
  }

  listApplications(filter: { domain?: string } = {}): DomainApplication[] {
    return [...this.applications.values()]
      .filter((a) => !filter.domain || a.domain === filter.domain)
      .sort((a, b) => Number(a.id) - Number(b.id));
  }

  private openApplications(domain: string): DomainApplication[] {
    return this.listApplications({ domain }).filter((a) => !isFinalApplicationStatus(a.status));
  }

  // ---- applications (control) ------------------------------------------------------------------

  /**
   * Scripts what happens to the domain's open applications (and to ones placed later), afterMs
   * after this call or after the application, whichever is later. Replaces an earlier script.
   */
  setApplicationOutcome(
    domain: string,
    outcome: { status: ApplicationOutcomeStatus; afterMs?: number; auctionUrl?: string },
  ): void {
    this.applicationOutcomes.set(normalizeDomain(domain), {
      status: outcome.status,
      afterMs: outcome.afterMs ?? 0,
      auctionUrl: outcome.auctionUrl,
      setAt: this.now(),
      seq: this.nextOutcomeSeq++,
    });
  }

  /** The registry says yes now (SUCCESSFUL; several backorders go to auction instead). */
  approveApplication(domain: string): DomainApplication[] {
    const open = this.openOrFail(domain);
    this.decide(open[0]!, 'SUCCESSFUL', this.now());
    return open;
  }

  /** The registry says no now (FAILED) to every open application of the domain. */
  refuseApplication(domain: string): DomainApplication[] {
    const open = this.openOrFail(domain);
    for (const app of open) this.decide(app, 'FAILED', this.now());
    return open;
  }

  /** The applications are removed (auto-cleanup after success, or deleted by an admin): StatusDomainApplication answers 545. */
  cleanupApplication(domain: string): number {
    const name = normalizeDomain(domain);
    const gone = this.listApplications({ domain: name });
    if (gone.length === 0) throw new SandboxStateError(`no application for ${name}`);
    for (const app of gone) this.applications.delete(app.id);
    return gone.length;
  }

  /** Ends the private auction among the domain's backorders: one winner, the others lose. */
  resolveAuction(domain: string, winnerId: string): DomainApplication {
    const open = this.openOrFail(domain).filter((a) => a.kind === 'BACKORDER');
    const winner = open.find((a) => a.id === winnerId);
    if (!winner) {
      throw new SandboxStateError(
        `application ${winnerId} is not an open backorder for ${domain} (open: ${open.map((a) => a.id).join(', ') || 'none'})`,
      );
    }
    const now = this.now();
    for (const app of open) if (app !== winner) this.decide(app, 'AUCTION-LOST', now);
    this.decide(winner, 'AUCTION-WON', now);
    return winner;
  }

  private openOrFail(domain: string): DomainApplication[] {
    const name = normalizeDomain(domain);
    const open = this.openApplications(name);
    if (open.length === 0) throw new SandboxStateError(`no open application for ${name}`);
    return open;
  }

  private settleApplications(now: number): void {
    for (const [domain, outcome] of this.applicationOutcomes) {
      for (const app of this.openApplications(domain)) {
        if (app.appliedOutcome === outcome.seq || isFinalApplicationStatus(app.status)) continue;
        const due = Math.max(outcome.setAt.getTime(), app.createdAt.getTime()) + outcome.afterMs;
        if (due > now) continue;
        this.decide(app, outcome.status, new Date(due), outcome.auctionUrl, outcome.seq);
      }
    }
  }

  /**
   * One registry decision. SUCCESSFUL on a backorder while other backorders for the name are open
   * starts the private auction instead (spec 3.8); SUCCESSFUL and AUCTION-WON put the domain into
   * the account (a caught backorder is charged, an auction is paid at the auction house; an
   * approved .swiss application is charged the registration).
   */
  private decide(
    app: DomainApplication,
    status: ApplicationOutcomeStatus,
    at: Date,
    auctionUrl?: string,
    seq?: number,
  ): void {
    if (isFinalApplicationStatus(app.status)) return;
    const competitors =
      app.kind === 'BACKORDER' ? this.openApplications(app.domain).filter((a) => a.kind === 'BACKORDER') : [app];
    if ((status === 'SUCCESSFUL' && competitors.length > 1) || status === 'AUCTION-PENDING') {
      for (const a of status === 'SUCCESSFUL' ? competitors : [app]) {
        a.status = 'AUCTION-PENDING';
        a.updatedAt = at;
        a.auction ??= {
          url: `${auctionUrl ?? DEFAULT_AUCTION_URL}?domain=${encodeURIComponent(a.domain)}`,
          startedAt: at,
          endsAt: addDays(at, AUCTION_DAYS),
          ended: false,
        };
        if (seq !== undefined) a.appliedOutcome = seq;
      }
      return;
    }
    app.status = status;
    app.updatedAt = at;
    if (seq !== undefined) app.appliedOutcome = seq;
    if (app.auction && (status === 'AUCTION-WON' || status === 'AUCTION-LOST')) app.auction.ended = true;
    if (status === 'SUCCESSFUL' || status === 'AUCTION-WON')
      this.adoptFromApplication(app, at, status === 'SUCCESSFUL');
  }

  /** The applied-for name becomes ours (1 year by default), off the drop list and out of other hands. */
  private adoptFromApplication(app: DomainApplication, at: Date, charge: boolean): void {
    if (this.owned.has(app.domain)) return;
    const tld = tldOf(app.domain);
    if (charge) {
      const cents =
        app.kind === 'BACKORDER'
          ? this.account.priceCents(tld, 'backorder')
          : this.account.priceCents(tld, 'register', app.periodMonths);
      // The registry already acted: booked even past the credit limit.
      this.account.charge(
        {
          domain: app.domain,
          command: 'AddDomainApplication',
          kind: app.kind === 'BACKORDER' ? 'backorder' : 'register',
          cents,
          at,
        },
        true,
      );
    }
    const expiresAt = addMonths(at, app.periodMonths);
    this.external.delete(app.domain);
    this.removed.delete(app.domain);
    this.transfers.delete(app.domain);
    this.drops.delete(app.domain);
    this.forget(app.domain);
    this.owned.set(app.domain, {
      domain: app.domain,
      nameservers: [...app.nameservers],
      transferLock: false,
      authCode: newAuthCode(),
      createdAt: at,
      updatedAt: at,
      expiresAt,
      paidUntil: expiresAt,
      renewalMode: ACCOUNT_DEFAULT_RENEWAL_MODE,
      contacts: { ...app.contacts },
      user: app.user,
      lifecycle: 'ACTIVE',
      privacy: false,
      extras: { ...app.extras },
      roid: this.newRoid(app.domain),
    });
    this.appendLog(app.domain, 'CREATE', 'SUCCESSFUL', app.user, at, [
      `domain ${app.domain} created from application ${app.id} (${app.cls})`,
    ]);
  }

  appendLog(domain: string, type: string, status: string, user: string, date: Date, info: string[]): void {
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

/** What the renewal system's next event depends on. */
function renewalKey(d: OwnedDomain): string {
  return `${d.expiresAt.getTime()}|${d.paidUntil.getTime()}|${d.renewalMode}|${d.autorenewFailedFor ?? ''}|${d.lifecycle}`;
}

export function statusesOf(d: OwnedDomain): string[] {
  return d.transferLock ? [d.lifecycle, 'clientTransferProhibited'] : [d.lifecycle];
}

import { isFreeName } from '../../shared/world';
import { SandboxAccount } from '../billing';
import {
  type ApplicationOutcome,
  type ContactFields,
  DEFAULT_EXTERNAL_NAMESERVERS,
  DEFAULT_EXTERNAL_REGISTRAR,
  DEFAULT_PERIODS,
  DEFAULT_PREMIUM_CHANNEL,
  DEFAULT_PREMIUM_PRICE,
  DEFAULT_TLD_PERIODS,
  DEFAULT_UNSUPPORTED_TLDS,
  type DateModel,
  type DeletedDomain,
  type DomainApplication,
  type ExternalDomain,
  LOG_INDEX_BASE,
  type ObjectLogEntry,
  type OwnedDomain,
  type PendingDrop,
  type PendingTransfer,
  type PremiumOffer,
  type PremiumPrice,
  type RegistrationPolicy,
  type RestorePolicy,
  SandboxStateError,
  type TldPeriods,
  type TransferPolicy,
  addDays,
  addMonths,
  normalizeDomain,
  tldOf,
} from './model';

/**
 * The registry's state and what every protocol object reads: the account's domains, domains held
 * elsewhere, the object log, contact handles and the availability rules. The layers over it
 * (renewals, domains, transfers, applications) each add one object's operations; IspapiRegistry
 * (./index.ts) is the whole.
 */
export abstract class RegistryState {
  protected owned = new Map<string, OwnedDomain>();
  protected external = new Map<string, ExternalDomain>();
  protected removed = new Set<string>();
  /**
   * Whether another account of the same sandbox holds the name (IspapiSandbox sets it when it has
   * several accounts): a name one reseller registered is taken for every other.
   */
  heldByAnotherAccount: (domain: string) => boolean = () => false;
  protected transfers = new Map<string, PendingTransfer>();
  protected log: ObjectLogEntry[] = [];
  protected nextLogIndex = LOG_INDEX_BASE;
  protected nextHandle = 1;
  protected nextRoid = 1;
  protected nextApplication = 10_700;
  protected contacts = new Map<string, ContactFields>();
  /** canonical inline data -> handle, so identical inline contacts share one handle */
  protected contactIndex = new Map<string, string>();
  /** when each handle was created (StatusContact CREATEDDATE) */
  protected contactCreated = new Map<string, Date>();
  /** when ModifyContact last changed a handle */
  protected contactUpdated = new Map<string, Date>();
  /** explicit premium names; null = explicitly not premium */
  protected premium = new Map<string, PremiumPrice | null>();
  /**
   * The name CheckDomains gives the premium channel column: the reference's property table says
   * PREMIUMCHANNELS, its example (and the modules) PREMIUMCHANNEL. Clients must read both.
   */
  premiumChannelProperty: 'PREMIUMCHANNELS' | 'PREMIUMCHANNEL' = 'PREMIUMCHANNELS';
  /** deleted by the renewal system, restorable (QueryObjectList DELETEDDOMAIN) */
  protected deleted = new Map<string, DeletedDomain>();
  /** transferred out with StatusDomain scripted to answer 531 instead of 545 */
  protected notYours = new Set<string>();
  /** transferred out without an OUTBOUND_TRANSFER log entry: QueryObjectList DELETEDDOMAIN answers 545 */
  protected unloggedTransfersOut = new Set<string>();
  protected tldPeriods = new Map<string, Partial<TldPeriods>>();
  /** per domain: no renewal-system event before `until` while `key` (its dates and mode) holds */
  protected quietUntil = new WeakMap<OwnedDomain, { until: number; key: string }>();
  protected applications = new Map<string, DomainApplication>();
  protected applicationOutcomes = new Map<string, ApplicationOutcome>();
  protected nextOutcomeSeq = 1;
  protected drops = new Map<string, PendingDrop>();
  policy: TransferPolicy;
  registrationPolicy: RegistrationPolicy;
  restorePolicy: RestorePolicy;
  readonly unsupportedTlds: ReadonlySet<string>;
  readonly account: SandboxAccount;

  constructor(
    readonly now: () => Date,
    protected readonly initialPolicy: TransferPolicy,
    /** owner of seeded domains and author of registry-side log entries */
    readonly defaultUser: string,
    protected readonly initialRegistrationPolicy: RegistrationPolicy = { mode: 'active' },
    unsupportedTlds: readonly string[] = DEFAULT_UNSUPPORTED_TLDS,
    protected readonly lifecycleOptions: {
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

  protected resetTldPeriods(): void {
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
    const free = this.removed.has(domain) || isFreeName(domain) || this.implicitlyFree(domain);
    if (free && !this.heldByAnotherAccount(domain)) return undefined;
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
  protected forget(domain: string): void {
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

  // ---- lifecycle controls ----------------------------------------------------------------------

  protected ownedOrFail(domain: string): OwnedDomain {
    const d = this.owned.get(domain);
    if (!d) throw new SandboxStateError(`${domain} is not in the account`);
    return d;
  }

  newContactHandle(): string {
    return `P-SBX${String(this.nextHandle++).padStart(5, '0')}`;
  }

  /** The handle for inline contact data: the same data gets the same handle, as the API does. */
  contactHandleFor(fields: ContactFields): string {
    return this.addContact(fields, false).handle;
  }

  /**
   * AddContact: the handle identical data already has (created: false, the reference's NEW=0), or
   * a new one; `forceNew` (NEW=1) always makes a new one.
   */
  addContact(fields: ContactFields, forceNew: boolean): { handle: string; created: boolean } {
    const key = contactKey(fields);
    const known = this.contactIndex.get(key);
    if (known && !forceNew) return { handle: known, created: false };
    const handle = this.newContactHandle();
    this.contacts.set(handle, { ...fields });
    this.contactCreated.set(handle, this.now());
    if (!known) this.contactIndex.set(key, handle);
    return { handle, created: true };
  }

  /** ModifyContact: the handle's data changes in place (an empty value clears a field); false: no such handle. */
  modifyContact(handle: string, changes: ContactFields): boolean {
    const before = this.contacts.get(handle);
    if (!before) return false;
    const after = Object.fromEntries(
      Object.entries({ ...before, ...changes }).filter(([, v]) => v !== ''),
    ) as ContactFields;
    const oldKey = contactKey(before);
    if (this.contactIndex.get(oldKey) === handle) this.contactIndex.delete(oldKey);
    this.contacts.set(handle, after);
    this.contactUpdated.set(handle, this.now());
    const newKey = contactKey(after);
    if (!this.contactIndex.has(newKey)) this.contactIndex.set(newKey, handle);
    return true;
  }

  contactUpdatedAt(handle: string): Date | undefined {
    return this.contactUpdated.get(handle) ?? this.contactCreated.get(handle);
  }

  contactCreatedAt(handle: string): Date | undefined {
    return this.contactCreated.get(handle);
  }

  contact(handle: string): ContactFields | undefined {
    const fields = this.contacts.get(handle);
    return fields ? { ...fields } : undefined;
  }

  newApplicationId(): string {
    return String(this.nextApplication++);
  }

  protected newRoid(domain: string): string {
    return `${String(this.nextRoid++).padStart(10, '0')}_DOMAIN_${tldOf(domain).toUpperCase().replace(/\./g, '-')}-SBX`;
  }

  /** Names the availability rules single out (or that were priced) are not implicitly held elsewhere. */
  protected implicitlyFree(domain: string): boolean {
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

/** Identical inline data (empty fields aside, e-mail in any case) is one contact. */
function contactKey(fields: ContactFields): string {
  return JSON.stringify(
    Object.entries(fields)
      .filter(([, v]) => v !== '')
      .map(([k, v]) => [k, k === 'EMAIL' ? v.toLowerCase() : v])
      .sort(([a], [b]) => (a! < b! ? -1 : a! > b! ? 1 : 0)),
  );
}

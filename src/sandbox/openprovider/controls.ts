import { type BulkDomains, CallRateLimit, bulkDomainPlan, bulkDomainsSchema, splitPlanned } from '../shared/rate-limit';
import type { TransferOutRequest } from '../shared/transfers-out';
import { joinDomainName, splitDomainName } from '../../registrars/openprovider/domain-name';
import {
  type Charge,
  type Customer,
  OpenproviderRegistry,
  type PremiumRule,
  type RegistrationPolicy,
  type TldConfig,
  type TransferPolicy,
} from './registry';
import { type ActiveFault, FaultPlan, InFlight } from '../shared/faults';
import { clearDnsStore } from './registry/dns-zones';
import { ANSWER_FAULT_FIELDS, type InjectedFault, type JournalEntry, type SandboxDomainView, view } from './views';

/** The options the controls need (the HTTP side needs host and port besides). */
export interface SandboxCoreOptions {
  credentials: { username: string; password: string };
  tokenTtlMs: number;
  now: () => Date;
}

/**
 * The Openprovider sandbox's state (registry, tokens, journal, faults, clock) and its programmatic
 * controls, the same operations as /_sandbox (./control.ts). ./server.ts adds HTTP.
 */
export abstract class OpenproviderControls {
  /** the customer handle created at start (owner/admin/tech/billing of sandbox transfers) */
  defaultHandle: string;
  protected readonly registry: OpenproviderRegistry;
  protected readonly tokens = new Map<string, Date>();
  protected readonly journalEntries: JournalEntry[] = [];
  protected readonly faultPlan = new FaultPlan<InjectedFault>({
    matches: (f, route) => !f.route || f.route === route,
    delayOf: (f) => f.latencyMs ?? 0,
    onlyDelays: (f) => f.latencyMs !== undefined && !ANSWER_FAULT_FIELDS.some((k) => f[k] !== undefined),
  });
  protected readonly requestsInFlight = new InFlight();
  protected readonly callLimit = new CallRateLimit();
  protected seq = 0;
  protected clockOffsetMs = 0;

  protected constructor(
    protected readonly options: SandboxCoreOptions,
    protected readonly initialPolicy: TransferPolicy,
    protected readonly initialRegistrationPolicy: RegistrationPolicy,
    catalog: { premium: PremiumRule; unsupportedExtensions: readonly string[] },
  ) {
    this.registry = new OpenproviderRegistry(() => this.now());
    this.registry.policy = initialPolicy;
    this.registry.registrationPolicy = initialRegistrationPolicy;
    this.registry.premiumRule = catalog.premium;
    this.registry.unsupportedExtensions = new Set(catalog.unsupportedExtensions.map((e) => e.toLowerCase()));
    this.defaultHandle = this.createDefaultHandle();
  }

  journal(filter: { route?: string; domain?: string } = {}): JournalEntry[] {
    const domain = filter.domain?.toLowerCase();
    return this.journalEntries.filter(
      (e) => (!filter.route || e.route === filter.route) && (!domain || e.domain === domain),
    );
  }

  seedExternalDomain(d: { domain: string; authCode: string; nameservers: string[]; transferLock?: boolean }): void {
    this.registry.seedExternal(d);
  }

  /**
   * A domain in the account. ACT (default) with expiresAt (default now + 1 y), renewal_date
   * (default expiresAt - the TLD's renewal offset, 2 days) and registry_expiration_date (default
   * expiresAt); autorenew default "default". Dates in the past take effect at the next request
   * (autorenew, or quarantine). REQ: a registration not completed yet, without dates.
   */
  seedDomain(d: {
    domain: string;
    nameservers: string[];
    expiresAt?: Date;
    registryExpiresAt?: Date;
    renewalDate?: Date;
    autorenew?: 'on' | 'off' | 'default';
    status?: 'ACT' | 'REQ';
    transferLock?: boolean;
  }): void {
    this.registry.seedDomain({ ...d, handle: this.defaultHandle });
  }

  /** Many domains at once (`<prefix><n>.<tld>`, expiries spread over `spreadDays`), autorenew off. */
  seedDomains(b: BulkDomains): { seeded: number; first: string; last: string } {
    const input = bulkDomainsSchema.parse(b);
    const plan = bulkDomainPlan(input, this.now());
    // The plan's names are <prefix><digits>.<tld>: label and extension without parsing each one.
    const split = plan.map((d) => ({ domain: splitPlanned(d.domain), expiresAt: d.expiresAt }));
    this.registry.seedDomains(split, input.nameservers, this.defaultHandle);
    return { seeded: plan.length, first: plan[0]!.domain, last: plan[plan.length - 1]!.domain };
  }

  /** At most `callsPerSecond` API calls in any second (null: no limit); more get code 50 (HTTP 500). */
  setRateLimit(callsPerSecond: number | null): void {
    this.callLimit.set(callsPerSecond);
  }

  rateLimit(): { callsPerSecond: number | null; rejected: number } {
    return this.callLimit.describe();
  }

  /** The sandbox's clock: the `now` option plus every advanceClock. */
  now(): Date {
    return new Date(this.options.now().getTime() + this.clockOffsetMs);
  }

  /**
   * Moves the clock forward (or back) by `ms`. Nothing runs on timers: each request first brings
   * every domain up to the clock (autorenewals and their charges, quarantines, purges). Tokens
   * issued before may expire (the client logs in again on 196).
   */
  advanceClock(ms: number): Date {
    this.clockOffsetMs += ms;
    return this.now();
  }

  /** The domain expires now (whatever its dates and autorenew): soft quarantine, or hard where the TLD has none. */
  expireDomain(domain: string): void {
    this.registry.expire(joinDomainName(splitDomainName(domain)));
  }

  /** Explicit deletion: hard quarantine only; `soft: true` quarantines as on expiry (soft first). */
  deleteDomain(domain: string, options: { soft?: boolean } = {}): void {
    const d = this.registry.byName(joinDomainName(splitDomainName(domain)));
    if (!d) throw new Error(`no domain ${domain} in the account`);
    this.registry.delete(d.id, options);
  }

  /** The domain leaves for another registrar: no record afterwards, not even with is_deleted=true. */
  transferOut(domain: string): void {
    this.registry.transferOut(joinDomainName(splitDomainName(domain)));
  }

  /** Another registrar asks for this domain: a transfer-out waits for our answer (POST /domains/{id}/transfer/approve). */
  requestTransferOut(domain: string, gainingRegistrar = 'GAINING-REGISTRAR'): TransferOutRequest {
    const name = joinDomainName(splitDomainName(domain));
    if (!this.registry.byName(name)) throw new Error(`no domain ${name} in the account`);
    return this.registry.transfersOut.request(name, gainingRegistrar, this.now());
  }

  transfersOut(): TransferOutRequest[] {
    return this.registry.transfersOut.list();
  }

  /** Every movement of money, oldest first (autorenewals included once the clock passed them). */
  charges(filter: { domain?: string } = {}): Charge[] {
    return this.registry.charges(filter);
  }

  /** The reseller balance in EUR, e.g. "99990.00" (GET /v1beta/resellers answers it too). */
  balance(): string {
    return this.registry.balance();
  }

  /** Sets the balance; a money operation costing more answers 310 (credit not enough). */
  setBalance(amount: string | number): void {
    this.registry.setBalance(amount);
  }

  /** The reseller's global autorenew (settings.is_auto_renew_enabled): what autorenew "default" means. Default off. */
  setResellerAutorenew(enabled: boolean): void {
    this.registry.resellerAutorenew = enabled;
  }

  /** Quarantine periods, renewal offset and prices of an extension (GET /v1beta/tlds/{name}). */
  setTld(
    extension: string,
    change: Partial<Omit<TldConfig, 'prices'>> & { prices?: Partial<TldConfig['prices']> },
  ): TldConfig {
    return this.registry.setTld(extension.replace(/^\./, ''), change);
  }

  tld(extension: string): TldConfig {
    return this.registry.tld(extension.replace(/^\./, ''));
  }

  /**
   * The next `times` (default 1) calls of `route` (any route when absent) are executed, but their
   * answer is lost: the connection is destroyed without a response (journal entry `lost: true`).
   */
  loseAnswer(options: { route?: string; times?: number } = {}): void {
    this.injectFault({ ...options, loseAnswer: true });
  }

  setTransferPolicy(p: TransferPolicy): void {
    this.registry.policy = p;
  }

  approveTransfer(domain: string): void {
    this.registry.approveTransfer(domain);
  }

  rejectTransfer(domain: string, reason?: string): void {
    this.registry.rejectTransfer(domain, reason);
  }

  /** How the next POST /domains answer: ACT at once, or REQ turning ACT after afterMs (sandbox clock). */
  setRegistrationPolicy(p: RegistrationPolicy): void {
    this.registry.registrationPolicy = p;
  }

  /** Completes a pending (REQ) registration now. Throws when none is pending for the name. */
  activateRegistration(domain: string): void {
    this.registry.activateRegistration(domain);
  }

  /** Customers matching GET /customers patterns (same rules as the API). */
  customers(filter: { email?: string; lastName?: string; firstName?: string; companyName?: string } = {}): Customer[] {
    return this.registry.searchCustomers(filter);
  }

  /** Scripts the answer of the next matching API call(s). */
  injectFault(fault: InjectedFault): void {
    this.faultPlan.add({ ...fault });
  }

  clearFaults(): void {
    this.faultPlan.clear();
  }

  /** Restarts the random source that probabilistic faults draw from. */
  setFaultSeed(seed: number): void {
    this.faultPlan.seed(seed);
  }

  /** The faults still scripted. */
  faults(): { seed: number; faults: Array<ActiveFault<InjectedFault>> } {
    return this.faultPlan.list();
  }

  /** API requests received and not answered yet. */
  inFlight(): number {
    return this.requestsInFlight.value;
  }

  /** Makes every issued token invalid (the next call answers 196). */
  expireTokens(): void {
    this.tokens.clear();
  }

  /** The live record of a name (in quarantine included); purged ones only with includeDeleted. */
  domain(domain: string, options: { includeDeleted?: boolean } = {}): SandboxDomainView | undefined {
    const name = joinDomainName(splitDomainName(domain));
    const d = options.includeDeleted ? this.registry.byNameIncludingDeleted(name) : this.registry.byName(name);
    return d ? view(d, this.registry.renewalDateOf(d)) : undefined;
  }

  customer(handle: string): Customer | undefined {
    return this.registry.customer(handle);
  }

  reset(): void {
    this.callLimit.set(null);
    this.registry.reset();
    clearDnsStore(this.registry);
    this.registry.policy = this.initialPolicy;
    this.registry.registrationPolicy = this.initialRegistrationPolicy;
    this.tokens.clear();
    this.journalEntries.length = 0;
    this.faultPlan.clear();
    this.faultPlan.seed(1);
    this.seq = 0;
    this.clockOffsetMs = 0;
    this.defaultHandle = this.createDefaultHandle();
  }

  // ---- HTTP ----

  protected createDefaultHandle(): string {
    return this.registry.createCustomer({
      name: { first_name: 'Sandbox', last_name: 'Reseller' },
      address: { street: 'Sandboxstraat', number: '1', zipcode: '1011 AA', city: 'Amsterdam', country: 'NL' },
      phone: { country_code: '+31', area_code: '20', subscriber_number: '1234567' },
      email: 'sandbox-reseller@example.com',
      company_name: 'Sandbox Reseller B.V.',
    }).handle;
  }
}

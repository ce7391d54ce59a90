import { joinDomainName, type OpenproviderDomain } from '../../../registrars/openprovider/domain-name';
import { addAmsterdamDays } from '../../../registrars/openprovider/dates';
import {
  ACCOUNT_CURRENCY,
  type Charge,
  type ChargeKind,
  type Customer,
  DEFAULT_BALANCE,
  DEFAULT_PREMIUM_RULE,
  DEFAULT_UNSUPPORTED_EXTENSIONS,
  type ExternalDomain,
  type Handles,
  type PremiumRule,
  type RegistrationPolicy,
  type SandboxDomain,
  type TldConfig,
  type TransferPolicy,
  defaultTldConfig,
  fromCents,
  normaliseHost,
  toCents,
} from './model';
import { ERR } from './errors';
import { toWireDomain } from './wire';

/**
 * The Openprovider sandbox's state and what every resource reads: domains by id and name, domains
 * held elsewhere, customers, TLD rules and the reseller's money. The layers over it (customers,
 * lifecycle, domains, transfers) add one resource's operations each; OpenproviderRegistry
 * (./index.ts) is the whole.
 */
export abstract class RegistryState {
  protected domains = new Map<number, SandboxDomain>();
  protected external = new Map<string, ExternalDomain>();
  protected customers = new Map<string, Customer>();
  protected nextDomainId = 40_000_001;
  protected nextCustomerNumber = 100_001;
  policy: TransferPolicy = { mode: 'manual' };
  registrationPolicy: RegistrationPolicy = { mode: 'active' };
  premiumRule: PremiumRule = DEFAULT_PREMIUM_RULE;
  unsupportedExtensions: ReadonlySet<string> = new Set(DEFAULT_UNSUPPORTED_EXTENSIONS);
  /** reseller setting is_auto_renew_enabled: what autorenew "default" means */
  resellerAutorenew = false;
  protected tlds = new Map<string, TldConfig>();
  protected chargeList: Charge[] = [];
  protected chargeSeq = 0;
  protected balanceCents = toCents(DEFAULT_BALANCE);

  constructor(readonly now: () => Date) {}

  /** Runs every time-driven rule up to now (OpenproviderRegistry.settle); reads call it first. */
  abstract settle(): void;

  // ---- lifecycle dates, TLDs, money ----

  renewalDateOf(d: SandboxDomain): Date | undefined {
    if (d.renewalDate) return d.renewalDate;
    if (!d.expiresAt) return undefined;
    return addAmsterdamDays(d.expiresAt, -this.tld(d.extension).renewalOffsetDays);
  }

  /** The extensions given their own config (setTld, the control surface), lower case. */
  configuredTlds(): string[] {
    return [...this.tlds.keys()];
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

  protected affordable(price: number, currency: string): boolean {
    return currency !== ACCOUNT_CURRENCY || toCents(price) <= this.balanceCents;
  }

  /** Refuses (310) when the balance is short; only account-currency amounts are deducted. */
  protected requireFunds(price: number, currency: string): void {
    if (!this.affordable(price, currency)) {
      throw ERR.creditNotEnough(
        `balance ${fromCents(this.balanceCents)} ${ACCOUNT_CURRENCY}, needed ${fromCents(toCents(price))} ${currency}`,
      );
    }
  }

  protected charge(
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

  protected requireExtension(domain: OpenproviderDomain): void {
    if (this.unsupportedExtensions.has(domain.extension.toLowerCase()))
      throw ERR.invalidExtension(`.${domain.extension} is not available`);
  }

  protected requireHandles(handles: Handles): void {
    for (const handle of [handles.owner, handles.admin, handles.tech, handles.billing]) {
      if (handle !== undefined && !this.customer(handle)) throw ERR.handleNotFound(handle);
    }
  }

  protected insert(input: {
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

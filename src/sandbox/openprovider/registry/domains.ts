import { joinDomainName, splitDomainName, type OpenproviderDomain } from '../../../registrars/openprovider/domain-name';
import { addAmsterdamDays } from '../../../registrars/openprovider/dates';
import {
  type Handles,
  type PremiumPrice,
  type PeriodUnit,
  type SandboxDomain,
  MONTHS_PER_UNIT,
  addPeriod,
  addYears,
  isReservedName,
  normaliseHost,
  randomAuthCode,
  isFreeName,
} from './model';
import { ERR } from './errors';
import { LifecycleLayer } from './lifecycle';
import { checkRegistrationRules } from './tld-rules';

/** Domains entering and changing in the account: seeding, check, create (registration), activation, update, trade. */
export abstract class DomainLayer extends LifecycleLayer {
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

  protected seedNew(
    split: OpenproviderDomain,
    d: Omit<Parameters<DomainLayer['seedDomain']>[0], 'domain'>,
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
    /** y (default), q or m: the period's unit */
    unit?: PeriodUnit;
    comments?: string;
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
    checkRegistrationRules(
      input.domain.extension,
      additionalData,
      input.handles.owner,
      this.customer(input.handles.owner)?.data,
    );
    const tld = this.tld(input.domain.extension);
    // Prices are per year: a shorter unit pays its share (cents rounded).
    const years = (input.period * MONTHS_PER_UNIT[input.unit ?? 'y']) / 12;
    const cost = premium
      ? { price: Math.round(premium.price * years * 100) / 100, currency: premium.currency }
      : { price: Math.round(tld.prices.create * years * 100) / 100, currency: tld.currency };
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
      expiresAt: pending ? undefined : addPeriod(now, input.period, input.unit),
      autorenew: input.autorenew,
      isPrivateWhoisEnabled: input.isPrivateWhoisEnabled,
      period: input.period,
      additionalData,
    });
    if (input.unit && input.unit !== 'y') d.unit = input.unit;
    if (input.comments !== undefined) d.comments = input.comments;
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

  protected completeRegistration(d: SandboxDomain, at: Date): void {
    d.status = 'ACT';
    d.activeDate = at;
    d.expiresAt = addPeriod(at, d.period, d.unit);
    d.lastChanged = at;
    d.registration = undefined;
    d.history.push({
      at,
      subject: 'registration succeeded',
      contents: `Domain: ${joinDomainName(d)} Action: registration succeeded Status: ACT`,
      type: 'I',
    });
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
      /** reset_auth_code: a new auth code replaces the old one */
      resetAuthCode?: boolean;
      /** merged into the domain's additional data */
      additionalData?: Record<string, unknown>;
      comments?: string;
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
    if (change.resetAuthCode === true) d.authCode = randomAuthCode();
    if (change.additionalData) d.additionalData = { ...d.additionalData, ...change.additionalData };
    if (change.comments !== undefined) d.comments = change.comments;
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
}

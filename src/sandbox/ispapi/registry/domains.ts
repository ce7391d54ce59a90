import { toCents } from '../billing';
import {
  ACCOUNT_DEFAULT_RENEWAL_MODE,
  CommandFault,
  type ContactRole,
  DEFAULT_EXTERNAL_REGISTRAR,
  type OwnedDomain,
  type OwnedDomainSeed,
  type RenewalMode,
  SandboxStateError,
  addDays,
  addMonths,
  newAuthCode,
  normalizeDomain,
  normalizeNameserver,
  tldOf,
} from './model';
import { RenewalLayer } from './renewals';

/** Domains entering and changing in the account: seeding, registration (AddDomain), activation, ModifyDomain, transfer out. */
export abstract class DomainLayer extends RenewalLayer {
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

  seedOwned(d: OwnedDomainSeed): OwnedDomain {
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

  protected putOwned(domain: string, d: Omit<Parameters<DomainLayer['seedOwned']>[0], 'domain'>): OwnedDomain {
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

  protected activate(record: OwnedDomain, at: Date): void {
    const termMs = record.expiresAt.getTime() - record.createdAt.getTime();
    record.lifecycle = 'ACTIVE';
    record.activatesAt = undefined;
    record.createdAt = at;
    record.updatedAt = at;
    record.expiresAt = new Date(at.getTime() + termMs);
    record.paidUntil = new Date(record.expiresAt.getTime());
    this.appendLog(record.domain, 'CREATE', 'SUCCESSFUL', record.user, at, [`domain ${record.domain} created`]);
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
      secdns?: OwnedDomain['secdns'];
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
    if (change.secdns) record.secdns = change.secdns;
    record.updatedAt = this.now();
    return record;
  }

  generateAuthCode(): string {
    return newAuthCode();
  }
}

import { bulkDomainPlan, bulkDomainsSchema, type BulkDomains } from '../../shared/rate-limit';
import { transferOutRequestSchema, type TransferOutRequest } from '../../shared/transfers-out';
import {
  externalDomainSchema,
  ownedDomainSchema,
  parseBody,
  premiumChannelPropertySchema,
  premiumPriceSchema,
  registrationPolicySchema,
  restorePolicySchema,
  tldPeriodsSchema,
  transferOutSchema,
  transferPolicySchema,
  updatePolicySchema,
} from '../control';
import { type UpdatePolicy } from '../updates';
import {
  SandboxStateError,
  statusesOf,
  type ContactFields,
  type OwnedDomainSeed,
  type PremiumPrice,
  type RegistrationPolicy,
  type RestorePolicy,
  type TldPeriods,
  type TransferPolicy,
} from '../registry';
import { canonicalDomain, type SandboxDeletedDomainView, type SandboxDomainView } from './views';
import { IspapiSandboxBase } from './base';

/** Controls of the domains: seeding, lifecycle settings and events, transfers in and out, the domain view. */
export abstract class IspapiDomainControls extends IspapiSandboxBase {
  // ---- lifecycle -------------------------------------------------------------------------------

  setTldPeriods(tld: string, periods: Partial<TldPeriods>): void {
    this.registry.setTldPeriods(tld, parseBody(tldPeriodsSchema, periods));
  }

  setRestorePolicy(p: RestorePolicy): void {
    this.registry.restorePolicy = parseBody(restorePolicySchema, p);
  }

  /** CheckDomains' premium channel column: PREMIUMCHANNELS (the reference's table, default) or PREMIUMCHANNEL (its example). */
  setPremiumChannelProperty(name: 'PREMIUMCHANNELS' | 'PREMIUMCHANNEL'): void {
    this.registry.premiumChannelProperty = parseBody(premiumChannelPropertySchema, { name }).name;
  }

  /** ModifyDomain at once (default), or answered PENDING=1 and applied afterMs later on the sandbox clock. */
  setUpdatePolicy(p: UpdatePolicy): void {
    this.registry.updates.policy = parseBody(updatePolicySchema, p);
  }

  /** As if it expired unrenewed: dates moved back so FAILUREDATE is now, then deleted (restorable). */
  expireDomain(domain: string): void {
    this.registry.settle();
    this.registry.expireDomain(this.nameOf(domain));
  }

  /** Deleted now with its dates unchanged (restorable for DELETIONRESTORABLEPERIOD). */
  deleteDomain(domain: string): void {
    this.registry.settle();
    this.registry.deleteDomain(this.nameOf(domain));
  }

  /**
   * Another registrar took the domain. By default the object log gets OUTBOUND_TRANSFER/SUCCESSFUL
   * and StatusDomain answers 545; `answer: 531` scripts "Authorization failed" instead, `logged:
   * false` leaves no log entry (QueryObjectList DELETEDDOMAIN then answers 545, spec 3.2).
   */
  transferOut(domain: string, opts?: { answer?: 531 | 545; logged?: boolean }): void {
    this.registry.settle();
    this.registry.transferOut(this.nameOf(domain), parseBody(transferOutSchema, opts) ?? {});
  }

  /** Another registrar asks for this domain: a transfer-out waits for our answer (TransferDomain ACTION=APPROVE/DENY). */
  requestTransferOut(domain: string, opts?: { gainingRegistrar?: string }): TransferOutRequest {
    this.registry.settle();
    const name = this.nameOf(domain);
    if (!this.registry.ownedDomain(name)) throw new SandboxStateError(`${name} is not in the account`);
    const body = parseBody(transferOutRequestSchema, opts) ?? {};
    return this.registry.transfersOut.request(name, body.gainingRegistrar ?? 'GAINING-REGISTRAR', this.registry.now());
  }

  transfersOut(): TransferOutRequest[] {
    return this.registry.transfersOut.list();
  }

  deletedDomain(domain: string): SandboxDeletedDomainView | undefined {
    this.registry.settle();
    const canonical = canonicalDomain(domain);
    const x = canonical === undefined ? undefined : this.registry.deletedDomain(canonical);
    if (!x) return undefined;
    return {
      domain: x.domain,
      deletedAt: x.deletedAt.toISOString(),
      expiresAt: x.expiresAt.toISOString(),
      restorableUntil: x.restorableUntil.toISOString(),
      restorePending: x.restoreCompletesAt !== undefined,
    };
  }

  seedExternalDomain(d: {
    domain: string;
    authCode: string;
    nameservers: string[];
    transferLock?: boolean;
    registrar?: string;
    /** in another account of this registrar: a usertransfer (TransferDomain ACTION=USERTRANSFER) */
    internal?: boolean;
  }): void {
    this.registry.seedExternal(parseBody(externalDomainSchema, d));
  }

  seedDomain(d: OwnedDomainSeed): void {
    this.registry.seedOwned(parseBody(ownedDomainSchema, d));
  }

  /**
   * Many domains at once (`<prefix><n>.<tld>`, expiries spread over `spreadDays`), AUTOEXPIRE, for
   * portfolio tests and benchmarks: 100,000 take about a second.
   */
  seedDomains(b: BulkDomains): { seeded: number; first: string; last: string } {
    const input = parseBody(bulkDomainsSchema, b);
    const plan = bulkDomainPlan(input, this.registry.now());
    this.registry.seedOwnedMany(plan, input.nameservers);
    return { seeded: plan.length, first: plan[0]!.domain, last: plan[plan.length - 1]!.domain };
  }

  removeDomain(domain: string): void {
    const canonical = canonicalDomain(domain);
    if (!canonical) throw new SandboxStateError(`not a domain name: ${domain}`);
    this.registry.remove(canonical);
  }

  setTransferPolicy(p: TransferPolicy): void {
    this.registry.policy = parseBody(transferPolicySchema, p);
  }

  setRegistrationPolicy(p: RegistrationPolicy): void {
    this.registry.registrationPolicy = parseBody(registrationPolicySchema, p);
  }

  /** A pending (REQUESTEDCREATE) registration becomes ACTIVE now. */
  activateRegistration(domain: string): void {
    this.registry.settle();
    const canonical = canonicalDomain(domain);
    if (!canonical) throw new SandboxStateError(`not a domain name: ${domain}`);
    this.registry.activateRegistration(canonical);
  }

  /** Makes a name premium at this price (null: not premium, even with a "premium-" label). */
  setPremium(domain: string, price: PremiumPrice | null): void {
    const canonical = canonicalDomain(domain);
    if (!canonical) throw new SandboxStateError(`not a domain name: ${domain}`);
    this.registry.setPremium(canonical, price === null ? null : parseBody(premiumPriceSchema, price));
  }

  /** A contact handle for this data (the one identical data already has), as AddDomain's inline contacts make. */
  seedContact(fields: ContactFields): string {
    return this.registry.contactHandleFor({ ...fields });
  }

  /** Inline contact data behind a handle the sandbox created. */
  contact(handle: string): ContactFields | undefined {
    return this.registry.contact(handle);
  }

  approveTransfer(domain: string): void {
    this.registry.settle();
    this.registry.completeTransfer(this.pendingName(domain));
  }

  rejectTransfer(domain: string, reason?: string): void {
    this.registry.settle();
    this.registry.failTransfer(this.pendingName(domain), reason);
  }

  pendingTransfers(): Array<{ domain: string; requestedAt: string; requestedNameservers: string[] }> {
    this.registry.settle();
    return this.registry.listPendingTransfers().map((t) => ({
      domain: t.domain,
      requestedAt: t.requestedAt.toISOString(),
      requestedNameservers: [...t.requestedNameservers],
    }));
  }

  domain(domain: string): SandboxDomainView | undefined {
    this.registry.settle();
    const canonical = canonicalDomain(domain);
    const d = canonical === undefined ? undefined : this.registry.ownedDomain(canonical);
    if (!d) return undefined;
    return {
      domain: d.domain,
      nameservers: [...d.nameservers],
      transferLock: d.transferLock,
      expiresAt: d.expiresAt.toISOString(),
      paidUntil: d.paidUntil.toISOString(),
      statuses: statusesOf(d),
      privacy: d.privacy,
      renewalMode: d.renewalMode,
      contacts: {
        owner: d.contacts.OWNERCONTACT,
        admin: d.contacts.ADMINCONTACT,
        tech: d.contacts.TECHCONTACT,
        billing: d.contacts.BILLINGCONTACT,
      },
      extras: { ...d.extras },
      roid: d.roid,
      premiumClass: d.premiumClass,
    };
  }
}

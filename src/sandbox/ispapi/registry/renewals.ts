import {
  CommandFault,
  type DeletedDomain,
  type OwnedDomain,
  addDays,
  addMonths,
  formatApiDate,
  renewalKey,
  tldOf,
} from './model';
import { RegistryState } from './state';

/**
 * The renewal system (spec 2.13) and the renewal commands: AUTORENEW charges, finalization,
 * deletion of unpaid domains into the restorable list, RenewDomain, PayDomainRenewal and
 * RestoreDomain, plus the controls that expire or delete a domain.
 */
export abstract class RenewalLayer extends RegistryState {
  /**
   * The renewal system, lazily (spec 2.13): AUTORENEW charges on ACCOUNTINGDATE (PAIDUNTIL moves a
   * year); a paid-ahead renewal is executed at FINALIZATIONDATE (EXPIRATION catches up with
   * PAIDUNTIL); a domain still unpaid at FAILUREDATE is deleted (restorable for
   * DELETIONRESTORABLEPERIOD, then gone). Events run in time order, each at its own date.
   */
  protected settleRenewals(now: number): void {
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
  protected renewalQuiet(d: OwnedDomain, now: number): boolean {
    const quiet = this.quietUntil.get(d);
    return quiet !== undefined && now < quiet.until && quiet.key === renewalKey(d);
  }

  protected runRenewalSystem(d: OwnedDomain, now: number): void {
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
  protected autorenew(d: OwnedDomain, at: Date): void {
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
  protected finalize(d: OwnedDomain, at: Date): void {
    d.expiresAt = new Date(d.paidUntil.getTime());
    d.updatedAt = at;
    d.autorenewFailedFor = undefined;
    this.appendLog(d.domain, 'RENEW', 'SUCCESSFUL', this.defaultUser, at, [
      `EXPIRATIONDATE=${formatApiDate(d.expiresAt)}`,
    ]);
  }

  /** FAILUREDATE passed unpaid: out of the account, into the restorable deleted-domain list. */
  protected expire(d: OwnedDomain, at: Date, why = `renewal mode ${d.renewalMode}, not paid`): void {
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

  protected finishRestore(x: DeletedDomain, at: Date): void {
    this.deleted.delete(x.domain);
    x.record.updatedAt = at;
    x.record.autorenewFailedFor = undefined;
    this.owned.set(x.domain, x.record);
    this.appendLog(x.domain, 'RESTORE', 'SUCCESSFUL', this.defaultUser, at, [
      `EXPIRATIONDATE=${formatApiDate(x.record.expiresAt)}`,
    ]);
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

  // ---- renewals (API) ------------------------------------------------------------------------

  /** A domain the renewal commands may act on: in the account and created. */
  protected renewable(domain: string): OwnedDomain {
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
}

import { joinDomainName } from '../../../registrars/openprovider/domain-name';
import { addAmsterdamDays } from '../../../registrars/openprovider/dates';
import {
  CLOCK_ROUTE,
  MAX_TERM_YEARS,
  PARKING_NAMESERVERS,
  RENEW_ROUTE,
  RESTORE_ROUTE,
  type SandboxDomain,
  addYears,
  randomAuthCode,
} from './model';
import { ApiError, ERR } from './errors';
import { CustomerLayer } from './customers';

/** The domain lifecycle after registration (spec 7): autorenew on renewal_date, soft and hard quarantine, renew, restore, delete, expire, transfer out. */
export abstract class LifecycleLayer extends CustomerLayer {
  /**
   * The clock passed renewal_date: effective autorenew (on, or default with the reseller setting
   * on) renews one year and charges ("autorenew"), repeatedly if the clock jumped years; otherwise
   * the domain is deleted into soft + hard quarantine (spec 7). Past the hard quarantine: purged.
   */
  protected settleLifecycle(d: SandboxDomain, now: number): void {
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

  protected effectiveAutorenew(d: SandboxDomain): boolean {
    return d.autorenew === 'on' || (d.autorenew === 'default' && this.resellerAutorenew);
  }

  /** DEL from `at`: soft quarantine only on expiry (and only for TLDs with one), then hard quarantine. */
  protected quarantine(d: SandboxDomain, at: Date, soft: boolean): void {
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
  protected extend(d: SandboxDomain, years: number): void {
    d.expiresAt = addYears(d.expiresAt ?? this.now(), years);
    if (d.registryExpiresAt) d.registryExpiresAt = addYears(d.registryExpiresAt, years);
    if (d.renewalDate) d.renewalDate = addYears(d.renewalDate, years);
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
}

import {
  ACCOUNT_DEFAULT_RENEWAL_MODE,
  AUCTION_DAYS,
  type ApplicationOutcomeStatus,
  type ContactRole,
  DEFAULT_AUCTION_URL,
  type DomainApplication,
  type PendingDrop,
  SandboxStateError,
  addDays,
  addMonths,
  isFinalApplicationStatus,
  newAuthCode,
  normalizeDomain,
  tldOf,
} from './model';
import { TransferLayer } from './transfers';

/** The pending-delete (drop) list and domain applications: backorders, .swiss go-live, auctions (spec 2.10, 3.5, 3.8). */
export abstract class ApplicationLayer extends TransferLayer {
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

  protected openApplications(domain: string): DomainApplication[] {
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

  protected openOrFail(domain: string): DomainApplication[] {
    const name = normalizeDomain(domain);
    const open = this.openApplications(name);
    if (open.length === 0) throw new SandboxStateError(`no open application for ${name}`);
    return open;
  }

  protected settleApplications(now: number): void {
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
  protected decide(
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
  protected adoptFromApplication(app: DomainApplication, at: Date, charge: boolean): void {
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
}

import {
  applicationOutcomeSchema,
  auctionSchema,
  dropSchema,
  parseBody,
  tradePolicySchema,
  zoneOptionsSchema,
} from '../control';
import { type TradePolicy, type ZoneOptions } from '../trades';
import { type ApplicationOutcomeStatus } from '../registry';
import {
  applicationView,
  tradeView,
  type SandboxApplicationView,
  type SandboxDropView,
  type SandboxTradeView,
} from './views';
import { IspapiDomainControls } from './domains';

/** Controls of the drop list, domain applications (backorders, .swiss) and changes of registrant (trades). */
export abstract class IspapiApplicationControls extends IspapiDomainControls {
  // ---- drop list and applications (backorders, .swiss) ----------------------------------------

  /** Puts a domain on the pending-delete list, dropping at dropAt (QueryDomainPendingDeleteList FINALIZATIONDATE). */
  seedDrop(d: { domain: string; dropAt: Date; score?: number }): void {
    this.registry.seedDrop(parseBody(dropSchema, d));
  }

  /** The drop list as the API shows it now (names already dropped are gone). */
  pendingDrops(): SandboxDropView[] {
    return this.registry
      .pendingDrops()
      .map((d) => ({ domain: d.domain, dropAt: d.dropAt.toISOString(), score: d.score }));
  }

  /** Every application still known (cleaned-up ones are gone), oldest first. */
  applications(filter: { domain?: string } = {}): SandboxApplicationView[] {
    this.registry.settle();
    const domain = filter.domain === undefined ? undefined : this.nameOf(filter.domain);
    return this.registry.listApplications({ domain }).map(applicationView);
  }

  /**
   * Scripts the registry's answer for the domain's open applications, and for ones placed later:
   * afterMs (default 0) after this call or after the application, whichever is later, on the
   * sandbox clock. SUCCESSFUL with several open backorders starts an auction (AUCTION-PENDING for
   * all) instead; finish it with resolveAuction. SUCCESSFUL and AUCTION-WON put the domain into the
   * account (a .swiss domain for its period, a caught backorder for a year).
   */
  setApplicationOutcome(
    domain: string,
    outcome: { status: ApplicationOutcomeStatus; afterMs?: number; auctionUrl?: string },
  ): void {
    this.registry.setApplicationOutcome(this.nameOf(domain), parseBody(applicationOutcomeSchema, outcome));
  }

  /** The registry approves now (SUCCESSFUL): a .swiss domain is created with a 1-year expiry. */
  approveApplication(domain: string): void {
    this.registry.settle();
    this.registry.approveApplication(this.nameOf(domain));
  }

  /** The registry refuses now (FAILED). */
  refuseApplication(domain: string): void {
    this.registry.settle();
    this.registry.refuseApplication(this.nameOf(domain));
  }

  /** The applications of the domain disappear (auto-cleanup, or deleted by an admin): StatusDomainApplication answers 545. */
  cleanupApplication(domain: string): void {
    this.registry.settle();
    this.registry.cleanupApplication(this.nameOf(domain));
  }

  /** Ends the auction among the domain's backorders: AUCTION-WON for the winner, AUCTION-LOST for the others. */
  resolveAuction(domain: string, winnerApplicationId: string): void {
    this.registry.settle();
    const { winner } = parseBody(auctionSchema, { winner: winnerApplicationId });
    this.registry.resolveAuction(this.nameOf(domain), winner);
  }

  // ---- changes of registrant (trades) ------------------------------------------------------

  /** Every trade the sandbox knows (a cancelled one is gone), with its log. */
  trades(): SandboxTradeView[] {
    this.registry.settle();
    return this.registry.trades.list().map(tradeView);
  }

  /** The old registrant confirms (IRTP), or the registry approves (ccTLD trade): SUCCESSFUL now. */
  confirmTrade(domain: string): void {
    this.registry.settle();
    this.registry.trades.confirm(this.nameOf(domain));
  }

  /** The old registrant denies, or the registry refuses: FAILED now. */
  denyTrade(domain: string, reason?: string): void {
    this.registry.settle();
    this.registry.trades.deny(this.nameOf(domain), reason);
  }

  /**
   * How ccTLD registry trades answer: realtime (default), or pending until confirmTrade/denyTrade,
   * or decided `afterMs` later on the sandbox clock. Unconfirmed IRTP changes lapse after 14 days
   * on the sandbox clock whatever the policy (advanceClock lets them expire).
   */
  setTradePolicy(p: TradePolicy): void {
    this.registry.trades.policy = parseBody(tradePolicySchema, p);
  }

  /** QueryDomainOptions' answer for a TLD (ZONEPOLICYREGISTRANTNAMECHANGEBY, REPOSITORY). */
  setZoneOptions(tld: string, o: ZoneOptions): void {
    this.registry.trades.setZoneOptions(tld, parseBody(zoneOptionsSchema, o));
  }

  /** End of the 60-day IRTP transfer lock left by a trade, if it still runs. */
  tradeLockUntil(domain: string): string | undefined {
    this.registry.settle();
    return this.registry.trades.lockedUntil(this.nameOf(domain))?.toISOString();
  }
}

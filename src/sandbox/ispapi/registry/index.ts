import { TradeBook } from '../trades';
import { TransfersOut } from '../../shared/transfers-out';
import { PendingUpdates } from '../updates';
import { ApplicationLayer } from './applications';
import { HostBook } from './hosts';
import { CommandFault, LOG_INDEX_BASE } from './model';

/**
 * The sandbox's in-memory registry: our account's portfolio, domains held at other registrars,
 * pending transfers and the object log. No HTTP and no wire format here; rules that the API
 * answers with an error code throw a CommandFault, which the command layer formats.
 *
 * Built in layers, one protocol object each over the shared state: state.ts (records, reads,
 * contacts, availability, log) < renewals.ts < domains.ts < transfers.ts < applications.ts < this
 * class, which adds trades and held updates and runs every time-driven rule in settle().
 */

export * from './model';

export class IspapiRegistry extends ApplicationLayer {
  /** changes of registrant (TradeDomain) and the IRTP transfer locks they leave */
  readonly trades: TradeBook = new TradeBook(this);
  /** ModifyDomain changes held pending (PENDING=1) under the update policy */
  readonly updates = new PendingUpdates<Parameters<IspapiRegistry['modify']>[1]>();
  /** transfers out of the account waiting for our answer (TransferDomain ACTION=APPROVE/DENY) */
  readonly transfersOut = new TransfersOut();
  /** host objects (AddNameserver & co.) */
  readonly hosts: HostBook = new HostBook(this);

  reset(): void {
    this.owned.clear();
    this.external.clear();
    this.removed.clear();
    this.transfers.clear();
    this.log = [];
    this.nextLogIndex = LOG_INDEX_BASE;
    this.nextHandle = 1;
    this.nextRoid = 1;
    this.nextApplication = 10_700;
    this.contacts.clear();
    this.contactIndex.clear();
    this.contactCreated.clear();
    this.contactUpdated.clear();
    this.premium.clear();
    this.premiumChannelProperty = 'PREMIUMCHANNELS';
    this.policy = this.initialPolicy;
    this.registrationPolicy = this.initialRegistrationPolicy;
    this.restorePolicy = this.lifecycleOptions.restorePolicy ?? { mode: 'immediate' };
    this.deleted.clear();
    this.notYours.clear();
    this.unloggedTransfersOut.clear();
    this.applications.clear();
    this.applicationOutcomes.clear();
    this.nextOutcomeSeq = 1;
    this.drops.clear();
    this.trades.reset();
    this.transfersOut.clear();
    this.updates.reset();
    this.hosts.reset();
    this.resetTldPeriods();
    this.account.reset();
  }

  /**
   * Applies the transfer policy to transfers whose time has come. Called before every request, so
   * a controllable clock is all a test needs: no timers.
   */
  settle(): void {
    const now = this.now().getTime();
    for (const d of this.owned.values()) {
      if (d.lifecycle === 'REQUESTEDCREATE' && d.activatesAt && d.activatesAt.getTime() <= now) {
        this.activate(d, d.activatesAt);
      }
    }
    this.settleTransfers(now);
    this.settleApplications(now);
    this.trades.settle(now);
    this.settleUpdates(now);
    this.settleRenewals(now);
  }

  /** Held ModifyDomain changes take effect; one whose domain left the account or is not active lapses. */
  private settleUpdates(now: number): void {
    for (const { domain, change } of this.updates.takeDue(now)) {
      try {
        this.modify(domain, change);
      } catch (err) {
        if (!(err instanceof CommandFault)) throw err;
      }
    }
  }
}

import { TransferLayer } from './transfers';
import { TransfersOut } from '../../shared/transfers-out';
import { DEFAULT_BALANCE, toCents } from './model';
import { NameserverBook } from './hosts';

/**
 * The in-memory state behind the Openprovider sandbox: the reseller's domains and customers,
 * domains "registered elsewhere" that can be transferred in, and pending transfers with their
 * scripted outcome. Pure state and rules; HTTP lives in ./server. Errors are ApiError with the
 * real API's codes (shared/specs/openprovider.md 2.3, 7).
 *
 * Built in layers over the shared state, one resource each: state.ts < customers.ts < lifecycle.ts
 * < domains.ts < transfers.ts < this class, which resets and settles (runs every time-driven rule).
 */

export * from './model';
export { ApiError, ERR } from './errors';
export * from './prices';

export class OpenproviderRegistry extends TransferLayer {
  /** transfers out of the account waiting for our answer (POST /domains/{id}/transfer/approve) */
  readonly transfersOut = new TransfersOut();

  /** name server (host) objects (/dns/nameservers) */
  readonly nameservers: NameserverBook = new NameserverBook(this);

  reset(): void {
    this.transfersOut.clear();
    this.nameservers.reset();
    this.domains.clear();
    this.external.clear();
    this.customers.clear();
    this.tlds.clear();
    this.chargeList = [];
    this.chargeSeq = 0;
    this.balanceCents = toCents(DEFAULT_BALANCE);
    this.resellerAutorenew = false;
    this.nextDomainId = 40_000_001;
    this.nextCustomerNumber = 100_001;
    this.policy = { mode: 'manual' };
    this.registrationPolicy = { mode: 'active' };
  }

  // ---- transfers settle lazily against the clock, so a fake `now` drives them too ----

  settle(): void {
    const now = this.now().getTime();
    for (const d of [...this.domains.values()].sort((a, b) => a.id - b.id)) {
      const activateAt = d.registration?.activateAt;
      if (d.status === 'REQ' && d.type === 'NEW' && activateAt && activateAt.getTime() <= now) {
        this.completeRegistration(d, activateAt);
      }
      const t = d.transfer;
      if (d.status === 'REQ' && t?.decideAt && t.decision && t.decideAt.getTime() <= now) {
        if (t.decision === 'approve') this.completeTransfer(d);
        else this.failTransfer(d, t.reason ?? 'Transfer rejected by the losing registrar');
      }
      this.settleLifecycle(d, now);
    }
  }
}
export { toWireDomain } from './wire';

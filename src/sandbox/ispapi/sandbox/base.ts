import { type FiredFault, type IspapiFault } from '../faults';
import { InFlight, type ActiveFault } from '../../shared/faults';
import { CallRateLimit } from '../../shared/rate-limit';
import { type Charge, type TldPrices } from '../billing';
import { balanceSchema, loseAnswerSchema, parseBody, pricesSchema } from '../control';
import { SandboxStateError, type IspapiRegistry } from '../registry';
import { canonicalDomain, type JournalEntry } from './views';
import { IspapiFaults } from '../faults';

/**
 * The state every control of the ISPAPI sandbox works on (registry, clock offset, journal, fault
 * plan, call limit) and the controls of the account itself: faults, clock, money, rate limit and
 * the journal. domains.ts and applications.ts add the controls per protocol object; the
 * IspapiSandbox in ../server.ts adds HTTP.
 */
export abstract class IspapiSandboxBase {
  protected entries: JournalEntry[] = [];
  protected seq = 0;
  protected readonly faultPlan = new IspapiFaults();
  protected readonly requestsInFlight = new InFlight();
  protected readonly callLimit = new CallRateLimit();

  protected constructor(
    protected readonly registry: IspapiRegistry,
    protected readonly clockState: { offsetMs: number },
  ) {}

  /**
   * The next `times` (default 1) calls of `command` are executed (and charged) but answered by
   * destroying the connection: the client sees a socket error, as when a proxy or network drops
   * the answer. This is how tests prove exactly-once.
   */
  loseAnswer(f: { command: string; times?: number }): void {
    const fault = parseBody(loseAnswerSchema, f);
    this.faultPlan.add({ command: fault.command, fault: 'lose-answer', times: fault.times ?? 1 });
  }

  /**
   * Scripts a fault for the next `times` (default 1; 'always' until cleared) calls of `command`
   * (any command when absent), each hit with `probability` (default 1) drawn from the seeded
   * random source. The kinds and what they do are listed in ./faults.ts and docs/sandbox.md.
   */
  injectFault(fault: IspapiFault): void {
    this.faultPlan.add(fault);
  }

  clearFaults(): void {
    this.faultPlan.clear();
  }

  /** Restarts the random source that probabilistic faults draw from. */
  setFaultSeed(seed: number): void {
    this.faultPlan.seed(seed);
  }

  /** The faults still scripted and every call a fault hit so far. */
  faults(): { seed: number; faults: Array<ActiveFault<IspapiFault>>; fired: FiredFault[] } {
    return this.faultPlan.view();
  }

  /** API requests received and not answered yet. */
  inFlight(): number {
    return this.requestsInFlight.value;
  }

  // ---- clock --------------------------------------------------------------------------------

  /** The sandbox clock: the `now` option plus the offset. */
  clock(): { now: string; offsetMs: number } {
    return { now: this.registry.now().toISOString(), offsetMs: this.clockState.offsetMs };
  }

  setClockOffset(offsetMs: number): void {
    this.clockState.offsetMs = offsetMs;
  }

  /** Moves the sandbox clock forward (the renewal system catches up lazily on the next request). */
  advanceClock(ms: number): void {
    this.clockState.offsetMs += ms;
  }

  // ---- money ---------------------------------------------------------------------------------

  /** Every charge in order: renewals, payments, restores, AUTORENEW, registrations, transfers, registry trades. */
  charges(filter: { domain?: string } = {}): Charge[] {
    this.registry.settle();
    return this.registry.account.charges({ domain: filter.domain ? canonicalDomain(filter.domain) : undefined });
  }

  /** What StatusAccount answers. */
  account(): { amount: string; credit: string; currency: string } {
    this.registry.settle();
    return this.registry.account.status();
  }

  setBalance(b: { amount: string; credit?: string }): void {
    const parsed = parseBody(balanceSchema, b);
    this.registry.account.setBalance(parsed.amount, parsed.credit);
  }

  setPrices(tld: string, prices: TldPrices): void {
    this.registry.account.setPrices(tld, parseBody(pricesSchema, prices));
  }

  journal(filter: { command?: string; domain?: string } = {}): JournalEntry[] {
    const command = filter.command?.toLowerCase();
    const domain = filter.domain?.toLowerCase();
    return this.entries
      .filter((e) => !command || e.command.toLowerCase() === command)
      .filter((e) => !domain || e.params.DOMAIN?.toLowerCase() === domain)
      .map((e) => ({ ...e, params: { ...e.params } }));
  }

  /** At most `callsPerSecond` API calls in any second (null: no limit); more are answered 425. */
  setRateLimit(callsPerSecond: number | null): void {
    this.callLimit.set(callsPerSecond);
  }

  rateLimit(): { callsPerSecond: number | null; rejected: number } {
    return this.callLimit.describe();
  }

  protected nameOf(domain: string): string {
    const canonical = canonicalDomain(domain);
    if (!canonical) throw new SandboxStateError(`not a domain name: ${domain}`);
    return canonical;
  }

  protected pendingName(domain: string): string {
    const canonical = canonicalDomain(domain);
    if (!canonical || !this.registry.pendingTransfer(canonical)) {
      throw new SandboxStateError(`no pending transfer for ${domain}`);
    }
    return canonical;
  }
}

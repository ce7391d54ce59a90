import { CommandFault, SandboxStateError } from './errors';
import type { ContactRole, OwnedDomain } from './registry/model';
// The state layer, not IspapiRegistry: the registry holds a TradeBook, so naming the whole class here would close an import cycle.
import type { RegistryState } from './registry/state';

/**
 * Changes of registrant in the sandbox (spec 2.8, 3.3, 3.4): IRTP trades confirmed by the reseller
 * as designated agent (immediate), IRTP trades the old registrant must confirm within 14 days
 * (sandbox clock), and ccTLD registry trades that answer at once or stay pending. A trade that
 * completes without the lock opt-out locks the domain for 60 days: unlocking answers 552 until then.
 * A registry trade costs the TLD's `trade` price, charged once when it succeeds; an IRTP change is
 * free (the spec names no fee for it, only for ccTLD trades).
 */

/** ZONEPOLICYREGISTRANTNAMECHANGEBY per TLD, and the registry back end (REPOSITORY). */
export interface ZoneOptions {
  policy: 'ICANN-TRADE' | 'TRADE' | 'UPDATE';
  repository: string;
}

const TRADE_TLDS = new Set(['it', 'ch', 'li', 'se', 'sg']);
const AFNIC_TLDS = new Set(['fr', 're', 'pm', 'tf', 'wf', 'yt']);
/** Fields the .it registry wants on a trade (spec 3.4); the sections must be accepted ("1"). */
const IT_REQUIRED = ['X-IT-PIN', 'X-IT-REGISTRANT-ENTITY-TYPE'];
/** Sections 3, 5, 6 and 7 of the .it contract, under the reference's TradeDomain names. */
const IT_ACCEPTED = [
  'X-IT-ACCEPT-LIABILITY-TAC',
  'X-IT-ACCEPT-REGISTRATION-TAC',
  'X-IT-ACCEPT-DIFFUSION-AND-ACCESSIBILITY-TAC',
  'X-IT-ACCEPT-EXPLICIT-TAC',
];

export const CONFIRMATION_DAYS = 14;
export const TRADE_LOCK_DAYS = 60;
const DAY_MS = 86_400_000;

/** How a ccTLD registry answers a trade: at once, or pending until decided (by hand, or afterMs later). */
export type TradePolicy =
  { mode: 'realtime' } | { mode: 'pending'; afterMs?: number; outcome?: 'SUCCESSFUL' | 'FAILED'; reason?: string };

export type TradeStatus = 'REQUESTED' | 'PENDING' | 'SUCCESSFUL' | 'FAILED';

export interface Trade {
  domain: string;
  /** irtp: ICANN change of registrant; registry: a ccTLD trade */
  kind: 'irtp' | 'registry';
  /** the old registrant must confirm (IRTP without the old-registrant DA flag, or with the lock opt-out) */
  needsConfirmation: boolean;
  status: TradeStatus;
  requestedAt: Date;
  updatedAt: Date;
  /** confirmation trades lapse at this time */
  dueAt?: Date;
  /** pending registry trades are decided at this time (trade policy) */
  decideAt?: Date;
  decision?: { status: 'SUCCESSFUL' | 'FAILED'; reason?: string };
  newContacts: Partial<Record<ContactRole, string>>;
  oldOwner: string;
  optOut: boolean;
  extras: Record<string, string>;
  log: string[];
  resends: number;
  user: string;
  reason?: string;
}

const zoneOf = (domain: string): string => domain.slice(domain.indexOf('.') + 1);

function stamp(d: Date): string {
  return d.toISOString().slice(0, 19).replace('T', ' ');
}

export class TradeBook {
  private trades = new Map<string, Trade>();
  /** domain -> end of the IRTP transfer lock */
  private locks = new Map<string, Date>();
  private zones = new Map<string, ZoneOptions>();
  policy: TradePolicy = { mode: 'realtime' };

  constructor(private readonly registry: RegistryState) {}

  reset(): void {
    this.trades.clear();
    this.locks.clear();
    this.zones.clear();
    this.policy = { mode: 'realtime' };
  }

  zoneOptions(domain: string): ZoneOptions {
    const tld = zoneOf(domain);
    const override = this.zones.get(tld);
    if (override) return override;
    const repository = `${tld.toUpperCase().replace(/\./g, '-')}-${AFNIC_TLDS.has(tld) ? 'AFNIC' : 'LIVE'}`;
    if (TRADE_TLDS.has(tld)) return { policy: 'TRADE', repository };
    return { policy: /^[a-z]{2}$/.test(tld) ? 'UPDATE' : 'ICANN-TRADE', repository };
  }

  setZoneOptions(tld: string, options: ZoneOptions): void {
    this.zones.set(tld.toLowerCase().replace(/^\./, ''), { ...options });
  }

  trade(domain: string): Trade | undefined {
    return this.trades.get(domain);
  }

  list(): Trade[] {
    return [...this.trades.values()];
  }

  lockedUntil(domain: string): Date | undefined {
    const until = this.locks.get(domain);
    return until && until.getTime() > this.registry.now().getTime() ? until : undefined;
  }

  /** ModifyDomain TRANSFERLOCK=0 during the IRTP lock (spec 2.7). */
  assertUnlockAllowed(domain: string): void {
    const until = this.lockedUntil(domain);
    if (until) {
      throw new CommandFault(
        552,
        `Object status does not allow for operation; Change of Registrant TRANSFERLOCK in place until ${stamp(until)}`,
      );
    }
  }

  /**
   * TradeDomain ACTION=request. `flags`: the DA confirmations and the lock opt-out as sent
   * (undefined = not sent). Non-material changes and UPDATE zones answer the codes the modules fall
   * back to ModifyDomain on (spec 2.8).
   */
  request(t: {
    domain: string;
    record: OwnedDomain;
    newContacts: Partial<Record<ContactRole, string>>;
    daOld: boolean;
    daNew: boolean;
    optOut?: boolean;
    extras: Record<string, string>;
    user: string;
    info: string[];
  }): Trade {
    const { domain } = t;
    const zone = this.zoneOptions(domain);
    if (zone.policy === 'UPDATE') {
      throw new CommandFault(
        219,
        'Request is not available; trade not supported for this TLD, please use UPDATE method',
      );
    }
    const running = this.trades.get(domain);
    if (running && (running.status === 'REQUESTED' || running.status === 'PENDING')) {
      // The reference's TradeDomain codes: 536 "Object already flagged for transfer" (no 553).
      throw new CommandFault(536, 'Object already flagged for transfer; a trade is already pending');
    }
    const newOwner = t.newContacts.OWNERCONTACT;
    if (!newOwner) throw new CommandFault(504, 'Missing required attribute; OWNERCONTACT0');
    if (!this.materialChange(t.record.contacts.OWNERCONTACT, newOwner)) {
      throw new CommandFault(506, 'Invalid option value; trade is only allowed for change of registrant');
    }
    if (t.optOut !== undefined && /AFNIC/i.test(zone.repository)) {
      throw new CommandFault(541, 'Invalid attribute value; X-REQUEST-OPT-OUT-TRANSFERLOCK not supported for AFNIC');
    }
    if (domain.endsWith('.it')) {
      for (const key of IT_REQUIRED) {
        if (!t.extras[key]) throw new CommandFault(504, `Missing required attribute; ${key}`);
      }
      for (const key of IT_ACCEPTED) {
        if (t.extras[key] !== '1') throw new CommandFault(504, `Missing required attribute; ${key}=1`);
      }
    }
    const now = this.registry.now();
    const kind = zone.policy === 'ICANN-TRADE' ? 'irtp' : 'registry';
    // 546 before anything happens when the account could not pay the registry's fee.
    if (kind === 'registry')
      this.registry.account.assertCanPay(this.registry.account.priceCents(zoneOf(domain), 'trade'));
    // X-CONFIRM-DA-NEW-REGISTRANT confirms for the new registrant and is required on an IRTP trade
    // (reference: QueryOrderList's example order failed "Missing required attribute;
    // X-CONFIRM-DA-NEW-REGISTRANT"); the TradeDomain table's two definitions read swapped against
    // the names, the names and the modules (spec 3.3) agree: see docs/change-registrant.md.
    if (kind === 'irtp' && !t.daNew) {
      throw new CommandFault(504, 'Missing required attribute; X-CONFIRM-DA-NEW-REGISTRANT');
    }
    // X-CONFIRM-DA-OLD-REGISTRANT=1 is the reseller confirming as the old registrant's agent: without
    // it, or with the lock opt-out, the old registrant confirms by mail within 14 days (spec 3.3).
    const needsConfirmation = kind === 'irtp' && (!t.daOld || t.optOut === true);
    const trade: Trade = {
      domain,
      kind,
      needsConfirmation,
      status: 'REQUESTED',
      requestedAt: now,
      updatedAt: now,
      newContacts: { ...t.newContacts },
      oldOwner: t.record.contacts.OWNERCONTACT,
      optOut: t.optOut === true,
      extras: { ...t.extras },
      log: [`${stamp(now)} [REQUESTED] domain trade initiated`],
      resends: 0,
      user: t.user,
    };
    this.trades.set(domain, trade);
    this.registry.appendLog(domain, 'TRADE', 'REQUEST', t.user, now, t.info);
    if (needsConfirmation) {
      trade.status = 'PENDING';
      trade.dueAt = new Date(now.getTime() + CONFIRMATION_DAYS * DAY_MS);
      const email = this.registry.contact(trade.oldOwner)?.EMAIL ?? 'the old registrant';
      trade.log.push(`${stamp(now)} [UNCONFIRMED] created APPROVE confirmation email for ${email}`);
      trade.log.push(`${stamp(now)} [EMAIL_SENT] confirmation email sent`);
    } else if (kind === 'registry' && this.policy.mode === 'pending') {
      trade.status = 'PENDING';
      trade.log.push(`${stamp(now)} [PENDING] trade requested at registry`);
      if (this.policy.afterMs !== undefined) {
        trade.decideAt = new Date(now.getTime() + this.policy.afterMs);
        trade.decision = { status: this.policy.outcome ?? 'SUCCESSFUL', reason: this.policy.reason };
      }
    } else {
      this.complete(trade, now);
    }
    return trade;
  }

  /** TradeDomain ACTION=cancel: the pending trade disappears (StatusDomainTrade then answers 545). */
  cancel(domain: string, user: string, info: string[]): void {
    const trade = this.trades.get(domain);
    if (!trade || (trade.status !== 'PENDING' && trade.status !== 'REQUESTED')) {
      throw new CommandFault(545, 'Object not found; no pending trade for this domain');
    }
    this.trades.delete(domain);
    this.registry.appendLog(domain, 'TRADE', 'CANCEL', user, this.registry.now(), info);
  }

  resend(domain: string): Trade {
    const trade = this.trades.get(domain);
    if (!trade || trade.status !== 'PENDING' || !trade.needsConfirmation) {
      throw new CommandFault(545, 'Object not found; no confirmation pending for this domain');
    }
    trade.resends += 1;
    trade.updatedAt = this.registry.now();
    trade.log.push(`${stamp(trade.updatedAt)} [EMAIL_SENT] confirmation email re-sent`);
    return trade;
  }

  /** Lapsed confirmations fail; scripted registry decisions happen. Called before every request. */
  settle(now: number): void {
    for (const trade of this.trades.values()) {
      if (trade.status !== 'PENDING') continue;
      if (trade.dueAt && trade.dueAt.getTime() <= now) {
        this.fail(trade, trade.dueAt, 'EXPIRED', 'the old registrant did not confirm within 14 days');
      } else if (trade.decideAt && trade.decision && trade.decideAt.getTime() <= now) {
        if (trade.decision.status === 'SUCCESSFUL') this.complete(trade, trade.decideAt);
        else this.fail(trade, trade.decideAt, 'FAILED', trade.decision.reason ?? 'the registry refused the trade');
      }
    }
  }

  // ---- control ---------------------------------------------------------------------------------

  /** The old registrant confirms (IRTP), or the registry approves (ccTLD trade). */
  confirm(domain: string): Trade {
    const trade = this.pendingOrFail(domain);
    this.complete(trade, this.registry.now());
    return trade;
  }

  /** The old registrant denies, or the registry refuses. */
  deny(domain: string, reason?: string): Trade {
    const trade = this.pendingOrFail(domain);
    const why =
      reason ?? (trade.needsConfirmation ? 'the old registrant denied the change' : 'the registry refused the trade');
    this.fail(trade, this.registry.now(), trade.needsConfirmation ? 'DENIED' : 'FAILED', why);
    return trade;
  }

  private pendingOrFail(domain: string): Trade {
    const trade = this.trades.get(domain);
    if (!trade || trade.status !== 'PENDING') throw new SandboxStateError(`no pending trade for ${domain}`);
    return trade;
  }

  private complete(trade: Trade, at: Date): void {
    const record = this.registry.ownedDomain(trade.domain);
    if (!record) {
      this.fail(trade, at, 'FAILED', 'the domain is no longer in the account');
      return;
    }
    record.contacts = { ...record.contacts, ...trade.newContacts } as OwnedDomain['contacts'];
    record.updatedAt = at;
    trade.status = 'SUCCESSFUL';
    trade.updatedAt = at;
    trade.log.push(`${stamp(at)} [SUCCESSFUL] domain trade succeeded`);
    if (trade.kind === 'registry') {
      const cents = this.registry.account.priceCents(zoneOf(trade.domain), 'trade');
      // Booked even past the credit limit: the registry has already changed the registrant.
      this.registry.account.charge({ domain: trade.domain, command: 'TradeDomain', kind: 'trade', cents, at }, true);
    }
    if (trade.kind === 'irtp' && !trade.optOut) {
      this.locks.set(trade.domain, new Date(at.getTime() + TRADE_LOCK_DAYS * DAY_MS));
      record.transferLock = true;
    }
    this.registry.appendLog(trade.domain, 'TRADE', 'SUCCESSFUL', this.registry.defaultUser, at, [
      `OWNERCONTACT=${record.contacts.OWNERCONTACT}`,
      `OLD-OWNERCONTACT=${trade.oldOwner}`,
    ]);
  }

  private fail(trade: Trade, at: Date, word: 'EXPIRED' | 'DENIED' | 'FAILED', reason: string): void {
    trade.status = 'FAILED';
    trade.updatedAt = at;
    trade.reason = reason;
    trade.log.push(`${stamp(at)} [${word}] ${reason}`);
    this.registry.appendLog(trade.domain, 'TRADE', 'FAILED', this.registry.defaultUser, at, [`REASON=${reason}`]);
  }

  /** Two handles name a different registrant when first name, last name, organisation or e-mail differ. */
  private materialChange(oldHandle: string, newHandle: string): boolean {
    if (oldHandle === newHandle) return false;
    const before = this.registry.contact(oldHandle);
    const after = this.registry.contact(newHandle);
    if (!before || !after) return true;
    const key = (c: Record<string, string>) =>
      JSON.stringify([c.FIRSTNAME ?? '', c.LASTNAME ?? '', c.ORGANIZATION ?? '', (c.EMAIL ?? '').toLowerCase()]);
    return key(before) !== key(after);
  }
}

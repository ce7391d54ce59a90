import { CommandFault } from './errors';

/**
 * The sandbox account's money: a balance with a credit limit, a per-TLD price table and every
 * charge as a journal-visible event. Amounts are integer cents so sums are exact.
 */

export type ChargeKind = 'renew' | 'pay' | 'restore' | 'autorenew' | 'register' | 'transfer' | 'backorder' | 'trade';

export interface Charge {
  seq: number;
  /** sandbox clock time of the charge, ISO 8601 UTC */
  at: string;
  domain: string;
  /** the API command that caused it, or AUTORENEW for the renewal system */
  command: string;
  /** decimal string, e.g. "10.00" */
  amount: string;
  currency: string;
  kind: ChargeKind;
}

/** Per-TLD prices as decimal strings; a missing key falls back to the defaults. */
export interface TldPrices {
  /** per year */
  renew?: string;
  /** per year; default: the renew price */
  register?: string;
  /** per year; default: the renew price */
  transfer?: string;
  /** the restore fee, on top of one renewal year */
  restore?: string;
  /** a caught backorder (charged when the application turns SUCCESSFUL); default: the renew price */
  backorder?: string;
  /**
   * a ccTLD registry trade (change of registrant at a TRADE zone), charged once when it succeeds;
   * IRTP changes at ICANN-TRADE zones cost nothing; default: the renew price
   */
  trade?: string;
}

export const DEFAULT_PRICES: Required<TldPrices> = {
  renew: '10.00',
  register: '10.00',
  transfer: '10.00',
  restore: '50.00',
  backorder: '10.00',
  trade: '10.00',
};
export const DEFAULT_BALANCE = '1000.00';
export const DEFAULT_CREDIT = '0.00';
export const ACCOUNT_CURRENCY = 'USD';

export function toCents(amount: string): number {
  const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(amount.trim());
  if (!m) throw new RangeError(`not a decimal amount: ${amount}`);
  const cents = Number(m[2]) * 100 + Number((m[3] ?? '0').padEnd(2, '0'));
  return m[1] === '-' ? -cents : cents;
}

export function formatCents(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(Math.round(cents));
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

export class SandboxAccount {
  private balanceCents: number;
  private creditCents: number;
  private entries: Charge[] = [];
  private seq = 0;
  private prices = new Map<string, TldPrices>();

  constructor(
    private readonly initialBalance = DEFAULT_BALANCE,
    private readonly initialCredit = DEFAULT_CREDIT,
    private readonly initialPrices: Record<string, TldPrices> = {},
  ) {
    this.balanceCents = toCents(initialBalance);
    this.creditCents = toCents(initialCredit);
    for (const [tld, p] of Object.entries(initialPrices)) this.prices.set(tld.toLowerCase(), { ...p });
  }

  reset(): void {
    this.balanceCents = toCents(this.initialBalance);
    this.creditCents = toCents(this.initialCredit);
    this.entries = [];
    this.seq = 0;
    this.prices.clear();
    for (const [tld, p] of Object.entries(this.initialPrices)) this.prices.set(tld.toLowerCase(), { ...p });
  }

  setBalance(amount: string, credit?: string): void {
    this.balanceCents = toCents(amount);
    if (credit !== undefined) this.creditCents = toCents(credit);
  }

  setPrices(tld: string, prices: TldPrices): void {
    const key = tld.toLowerCase().replace(/^\./, '');
    this.prices.set(key, { ...this.prices.get(key), ...prices });
  }

  /** The TLDs given their own prices (constructor or PUT /_sandbox/prices/<tld>), lower case, sorted. */
  pricedTlds(): string[] {
    return [...this.prices.keys()].sort();
  }

  /** Price in cents for `kind` on this TLD: per-year kinds scale by months / 12. */
  priceCents(tld: string, kind: keyof TldPrices, months = 12): number {
    const own = this.prices.get(tld.toLowerCase()) ?? {};
    const yearly = own[kind] ?? (kind === 'restore' ? undefined : own.renew) ?? DEFAULT_PRICES[kind];
    const cents = toCents(yearly);
    return kind === 'restore' || kind === 'trade' ? cents : Math.round((cents * months) / 12);
  }

  status(): { amount: string; credit: string; currency: string } {
    return {
      amount: formatCents(this.balanceCents),
      credit: formatCents(this.creditCents),
      currency: ACCOUNT_CURRENCY,
    };
  }

  canPay(cents: number): boolean {
    return this.balanceCents - cents >= -this.creditCents;
  }

  /** 546 when the account cannot pay all of `cents` (nothing is charged then). */
  assertCanPay(cents: number): void {
    if (!this.canPay(cents)) {
      throw new CommandFault(
        546,
        `Credit limit exceeded; ${formatCents(cents)} ${ACCOUNT_CURRENCY} needed, ${formatCents(
          this.balanceCents + this.creditCents,
        )} available`,
      );
    }
  }

  /** Books a charge; `force` books it even past the credit limit (the registry already acted). */
  charge(c: { domain: string; command: string; kind: ChargeKind; cents: number; at: Date }, force = false): Charge {
    if (!force) this.assertCanPay(c.cents);
    this.balanceCents -= c.cents;
    const entry: Charge = {
      seq: ++this.seq,
      at: c.at.toISOString(),
      domain: c.domain,
      command: c.command,
      amount: formatCents(c.cents),
      currency: ACCOUNT_CURRENCY,
      kind: c.kind,
    };
    this.entries.push(entry);
    return entry;
  }

  charges(filter: { domain?: string } = {}): Charge[] {
    const domain = filter.domain?.toLowerCase();
    return this.entries.filter((e) => !domain || e.domain === domain).map((e) => ({ ...e }));
  }
}

import { isFreeName } from '../../shared/world';

/**
 * The Openprovider sandbox's records and stateless rules: policies, premium and unsupported
 * extensions, TLD configuration, charges, domains, customers, and the money and name helpers the
 * registry layers share. Errors are ApiError with the real API's codes (./errors.ts).
 */

export type TransferPolicy = { mode: 'manual' } | { mode: 'approve' | 'reject'; afterMs: number; reason?: string };

/** How POST /domains answers: realtime ACT, or REQ that turns ACT after `afterMs` on the sandbox clock. */
export type RegistrationPolicy = { mode: 'active' } | { mode: 'pending'; afterMs: number };

/** A premium name's create price (per year), as POST /domains/check quotes it. */
export interface PremiumPrice {
  price: number;
  currency: string;
}

/** Names that are premium: default, first label starts with "premium-" at 120.00 USD. */
export type PremiumRule = (fullName: string) => PremiumPrice | undefined;

export const DEFAULT_PREMIUM_RULE: PremiumRule = (fullName) =>
  fullName.toLowerCase().startsWith('premium-') ? { price: 120, currency: 'USD' } : undefined;

/** Extensions this sandbox reseller cannot sell (POST /domains/check and POST /domains answer 307). */
export const DEFAULT_UNSUPPORTED_EXTENSIONS: readonly string[] = [
  'gov',
  'mil',
  'int',
  'edu',
  'test',
  'example',
  'invalid',
  'localhost',
  'local',
];

/**
 * Per-extension rules (GET /tlds/{name}: soft_quarantine_period, quarantine_period, prices).
 * Days are calendar days in Europe/Amsterdam; prices per year in `currency`.
 */
export interface TldConfig {
  /** soft quarantine after an expiry (restorable at the normal renewal price); 0 = none */
  softQuarantineDays: number;
  /** hard quarantine (redemption; restore fee) after the soft quarantine or an explicit delete */
  quarantineDays: number;
  /** renewal_date is this many days before expiration_date (spec 3.6: usually 2) */
  renewalOffsetDays: number;
  currency: string;
  prices: { create: number; renew: number; transfer: number; restore: number; softRestore: number };
  /** how the owner changes: a handle swap by PUT /domains/{id} (modify_owner_allowed), or POST /domains/trade */
  ownerChange: 'update' | 'trade';
}

/** Registries that change owners by a trade (spec 3.12; the ISPAPI sandbox's TRADE zones). */
export const TRADE_EXTENSIONS = new Set(['it', 'ch', 'li', 'se', 'sg']);

/** gTLDs: 30 days soft + 30 days hard quarantine; two-letter (country) extensions: no soft quarantine. */
export function defaultTldConfig(extension: string): TldConfig {
  const last = extension.toLowerCase().split('.').at(-1) ?? '';
  return {
    softQuarantineDays: /^[a-z]{2}$/.test(last) ? 0 : 30,
    quarantineDays: 30,
    renewalOffsetDays: 2,
    currency: 'EUR',
    prices: { create: 10, renew: 10, transfer: 10, restore: 50, softRestore: 10 },
    ownerChange: TRADE_EXTENSIONS.has(last) ? 'trade' : 'update',
  };
}

export type ChargeKind = 'renew' | 'restore' | 'soft-restore' | 'autorenew' | 'register' | 'transfer';

/** One movement of the reseller's money. */
export interface Charge {
  seq: number;
  /** ISO 8601 UTC (for autorenewals: the renewal date it happened at) */
  at: string;
  domain: string;
  /** the API route that caused it ('POST /v1beta/domains/{id}/renew'), or 'clock' for autorenewals */
  route: string;
  /** decimal string, e.g. "10.00" */
  amount: string;
  currency: string;
  kind: ChargeKind;
}

/** name servers Openprovider parks quarantined domains on (spec 3.9) */
export const PARKING_NAMESERVERS: readonly string[] = ['ina1.registrar.eu', 'ina2.registrar.eu', 'ina3.registrar.eu'];
export const DEFAULT_BALANCE = '100000.00';
export const ACCOUNT_CURRENCY = 'EUR';
export const CLOCK_ROUTE = 'clock';
export const RENEW_ROUTE = 'POST /v1beta/domains/{id}/renew';
export const RESTORE_ROUTE = 'POST /v1beta/domains/{id}/restore';

export interface HistoryEntry {
  at: Date;
  subject: string;
  contents: string;
  type: 'I' | 'E';
}

export interface SandboxDomain {
  id: number;
  name: string;
  extension: string;
  status: 'ACT' | 'REQ' | 'SCH' | 'FAI' | 'DEL';
  /** registration period in `unit`s (NEW domains) */
  period: number;
  /** POST /domains `unit`: y (default), q (quarters) or m (months); answered as the domain's `unit` */
  unit?: PeriodUnit;
  /** `comments` given on create or update (a failure reason is answered in their place) */
  comments?: string;
  additionalData: Record<string, unknown>;
  /** premium fee accepted at registration */
  acceptedPremiumFee?: number;
  /** a pending registration (REQ) turns ACT at this time, if set */
  registration?: { activateAt?: Date };
  type: 'NEW' | 'TRANSFER';
  nameservers: string[];
  isLocked: boolean;
  autorenew: 'on' | 'off' | 'default';
  isPrivateWhoisEnabled: boolean;
  /** dnssec_keys (../dnssec.ts); none: unsigned */
  dnssecKeys?: Array<{ flags: number; protocol: number; alg: number; pub_key: string }>;
  ownerHandle: string;
  adminHandle: string;
  techHandle: string;
  billingHandle: string;
  authCode: string;
  orderDate: Date;
  activeDate?: Date;
  /** expiration_date (Openprovider's copy of the registry expiry) */
  expiresAt?: Date;
  /** registry_expiration_date when it differs from expiresAt (seeded); moves with it */
  registryExpiresAt?: Date;
  /** renewal_date when seeded explicitly; else expiresAt - the TLD's renewal offset; moves with it */
  renewalDate?: Date;
  /** DEL: end of the soft quarantine (undefined: none, e.g. explicit delete or ccTLD) */
  softQuarantineUntil?: Date;
  /** DEL: end of the hard quarantine; afterwards the record is purged (isDeleted) */
  hardQuarantineUntil?: Date;
  deletedAt?: Date;
  /** name servers before parking, put back by a restore */
  parkedNameservers?: string[];
  lastChanged: Date;
  /** purged (or replaced by a newer record): only found by searches with is_deleted=true */
  isDeleted: boolean;
  history: HistoryEntry[];
  transfer?: {
    requestedAt: Date;
    /** name servers asked for in the transfer request: applied on completion (spec 6, #525) */
    requestedNameservers?: string[];
    decideAt?: Date;
    decision?: 'approve' | 'reject';
    reason?: string;
  };
  failureReason?: string;
}

export interface ExternalDomain {
  domain: string;
  authCode: string;
  nameservers: string[];
  transferLock: boolean;
  expiresAt: Date;
}

export interface Customer {
  handle: string;
  id: number;
  data: Record<string, unknown>;
  createdAt: Date;
}

export const RENEWAL_OFFSET_MS = 2 * 86_400_000;
export const MAX_TERM_YEARS = 10;
/** the "unset" date the real API writes for deleted_at and friends */
export const ZERO_DATE = '0000-00-00 00:00:00';

export type PeriodUnit = 'y' | 'q' | 'm';
export const MONTHS_PER_UNIT: Record<PeriodUnit, number> = { y: 12, q: 3, m: 1 };

/** `date` plus `period` units (calendar months in UTC, like addYears). */
export function addPeriod(date: Date, period: number, unit: PeriodUnit = 'y'): Date {
  if (unit === 'y') return addYears(date, period);
  const d = new Date(date.getTime());
  d.setUTCMonth(d.getUTCMonth() + period * MONTHS_PER_UNIT[unit]);
  return d;
}

export function addYears(date: Date, years: number): Date {
  const d = new Date(date.getTime());
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return d;
}

export interface Handles {
  owner: string;
  admin?: string;
  tech?: string;
  billing?: string;
}

/** first label starts with "reserved-": reserved by the registry (sandbox rule) */
export function isReservedName(fullName: string): boolean {
  return fullName.toLowerCase().startsWith('reserved-');
}

export function globToRegExp(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`, 'i');
}

export { isFreeName };

export function normaliseHost(host: string): string {
  return host.trim().toLowerCase().replace(/\.$/, '');
}

export function randomAuthCode(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789#!';
  let out = '';
  for (let i = 0; i < 12; i++) out += alphabet[Math.floor(Math.random() * alphabet.length)];
  return out;
}

export function toCents(amount: string | number): number {
  const n = typeof amount === 'number' ? amount : Number(amount);
  if (!Number.isFinite(n)) throw new Error(`not an amount: ${amount}`);
  return Math.round(n * 100);
}

export function fromCents(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

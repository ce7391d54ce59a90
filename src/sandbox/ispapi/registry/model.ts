import { randomBytes } from 'node:crypto';
import { parseDomainName } from '../../../domain/domain-name';
import { CommandFault } from '../errors';

/**
 * The ISPAPI sandbox registry's records and rules that need no state: policies, the domain,
 * transfer, application and log records, the renewal-system periods per TLD, and the date and
 * name helpers every layer of the registry (and the command layer) uses.
 */

export type TransferPolicy = { mode: 'manual' } | { mode: 'approve' | 'reject'; afterMs: number; reason?: string };

/**
 * How the registry answers a registration: at once (ACTIVE), or accepted now and created later
 * (PENDING=1, STATUS REQUESTEDCREATE) once afterMs passed on the sandbox clock.
 */
export type RegistrationPolicy = { mode: 'active' } | { mode: 'pending'; afterMs: number };

export type RenewalMode = 'AUTORENEW' | 'AUTOEXPIRE' | 'AUTODELETE';
export const RENEWAL_MODES: readonly RenewalMode[] = ['AUTORENEW', 'AUTOEXPIRE', 'AUTODELETE'];
/** What AddDomain gets without RENEWALMODE: the account default, AUTORENEW as on a fresh account. */
export const ACCOUNT_DEFAULT_RENEWAL_MODE: RenewalMode = 'AUTORENEW';

export interface PremiumPrice {
  amount: string;
  currency: string;
  /** an aftermarket listing: CheckDomains shows only the channel (CLASS empty); bought as AFTERMARKET_PURCHASE_<channel> */
  aftermarket?: boolean;
}

/** A premium name as CheckDomains PREMIUMCHANNELS=* shows it. */
export interface PremiumOffer extends PremiumPrice {
  channel: string;
  class: string;
}

export const DEFAULT_PREMIUM_PRICE: PremiumPrice = { amount: '120.00', currency: 'USD' };
export const DEFAULT_PREMIUM_CHANNEL = 'NAMEMEDIA';
export const DEFAULT_UNSUPPORTED_TLDS: readonly string[] = ['invalidtld'];

/** Inline contact data as AddDomain sends it (FIRSTNAME, LASTNAME, ... upper-case sub-keys). */
export type ContactFields = Record<string, string>;

export { CommandFault, SandboxStateError, type ResponseProperties } from '../errors';

export const CONTACT_ROLES = ['OWNERCONTACT', 'ADMINCONTACT', 'TECHCONTACT', 'BILLINGCONTACT'] as const;
export type ContactRole = (typeof CONTACT_ROLES)[number];

export interface OwnedDomain {
  domain: string;
  nameservers: string[];
  transferLock: boolean;
  authCode: string;
  createdAt: Date;
  updatedAt: Date;
  /** registry expiry (EXPIRATIONDATE) */
  expiresAt: Date;
  /** end of the period paid in the renewal system (PAIDUNTILDATE); ahead of expiresAt until finalized */
  paidUntil: Date;
  transferredAt?: Date;
  renewalMode: RenewalMode;
  /** the paid-until time whose AUTORENEW charge failed (NEXTACTION expireunpaid) */
  autorenewFailedFor?: number;
  contacts: Record<ContactRole, string>;
  user: string;
  /** REQUESTEDCREATE: ordered, not yet created at the registry (becomes ACTIVE at activatesAt) */
  lifecycle: 'ACTIVE' | 'REQUESTEDCREATE';
  activatesAt?: Date;
  /** X-ACCEPT-WHOISTRUSTEE-TAC */
  privacy: boolean;
  /** TLD fields (X-CA-LEGALTYPE ...) as sent */
  extras: Record<string, string>;
  roid: string;
  /** premium class when registered as a premium name */
  premiumClass?: string;
  /** DNSSEC delegation data (ModifyDomain SECDNS-*, ../commands/dnssec.ts) */
  secdns?: { ds: string[]; keys: string[]; maxSigLife?: number };
}

export interface ExternalDomain {
  domain: string;
  /** null: never seeded, so any non-empty code is accepted (people can try transfers freely) */
  authCode: string | null;
  nameservers: string[];
  transferLock: boolean;
  registrar: string;
  createdAt: Date;
  expiresAt: Date;
  /** in another account of this registrar: a usertransfer, not a registry transfer (USERTRANSFERREQUIRED=1) */
  internal?: boolean;
}

export interface PendingTransfer {
  domain: string;
  requestedAt: Date;
  updatedAt: Date;
  requestedNameservers: string[];
  periodMonths: number;
  user: string;
  log: string[];
  contacts: Partial<Record<ContactRole, string>>;
}

export interface ObjectLogEntry {
  index: number;
  date: Date;
  type: string;
  status: string;
  objectId: string;
  objectClass: 'DOMAIN';
  user: string;
  info: string[];
}

export const DEFAULT_EXTERNAL_REGISTRAR = 'OTHER-REGISTRAR';
export const DEFAULT_EXTERNAL_NAMESERVERS = ['ns1.old-registrar.example', 'ns2.old-registrar.example'];
export const DEFAULT_REJECT_REASON = 'transfer rejected by the losing registrar';
/** Real log indexes are large numbers; starting high keeps clients from assuming small ones. */
export const LOG_INDEX_BASE = 627_992_982;
const DAY_MS = 86_400_000;

/** Renewal-system periods in days (spec 2.13); registries differ, so this is per TLD. */
export interface TldPeriods {
  /** ACCOUNTINGDATE = PAIDUNTILDATE + accounting (AUTORENEW charges then) */
  accounting: number;
  /** FINALIZATIONDATE = EXPIRATIONDATE + finalization (a paid renewal is executed at the registry then) */
  finalization: number;
  /** FAILUREDATE = PAIDUNTILDATE + failure (an unpaid domain is deleted then) */
  failure: number;
  /** DELETIONRESTORABLEPERIOD: a deleted domain can be restored this long */
  deletionRestorable: number;
}
export const DEFAULT_PERIODS: TldPeriods = { accounting: -5, finalization: 1, failure: 44, deletionRestorable: 30 };
/**
 * Built-in TLD data. .eu is a "finalize before expiry" TLD (spec 3.2, issue #82): its failure date
 * does not lie after the paid-until date, so the module shows the finalization-based expiry.
 */
export const DEFAULT_TLD_PERIODS: Record<string, Partial<TldPeriods>> = {
  de: { accounting: -7, finalization: 0, failure: 1 },
  at: { accounting: -7, finalization: 0, failure: 1 },
  eu: { accounting: -14, finalization: -7, failure: -7 },
  swiss: { accounting: -5, finalization: 1, failure: 44 },
};

export function tldOf(domain: string): string {
  return domain.slice(domain.indexOf('.') + 1);
}

export interface DateModel {
  expiration: Date;
  paidUntil: Date;
  accounting: Date;
  finalization: Date;
  failure: Date;
  periods: TldPeriods;
}

/** A domain removed from the account by the renewal system, restorable for a while (QueryObjectList DELETEDDOMAIN). */
export interface DeletedDomain {
  domain: string;
  deletedAt: Date;
  /** the registry expiry it had when deleted */
  expiresAt: Date;
  restorableUntil: Date;
  record: OwnedDomain;
  /** RestoreDomain accepted and charged; the domain returns at this time */
  restoreCompletesAt?: Date;
}

/** How RestoreDomain is answered: restored at once, or accepted now (PENDING=1) and done afterMs later. */
export type RestorePolicy = { mode: 'immediate' } | { mode: 'pending'; afterMs: number };

// ---- domain applications (spec 2.10, 3.5, 3.8) ------------------------------------------------

export const APPLICATION_STATUSES = [
  'REQUESTED',
  'ACTIVE',
  'SUCCESSFUL',
  'FAILED',
  'AUCTION-PENDING',
  'AUCTION-WON',
  'AUCTION-LOST',
] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];
/** The outcomes a test can script (setApplicationOutcome). */
export const APPLICATION_OUTCOMES = ['SUCCESSFUL', 'FAILED', 'AUCTION-PENDING', 'AUCTION-WON', 'AUCTION-LOST'] as const;
export type ApplicationOutcomeStatus = (typeof APPLICATION_OUTCOMES)[number];
const FINAL_APPLICATION_STATUSES: ReadonlySet<ApplicationStatus> = new Set([
  'SUCCESSFUL',
  'FAILED',
  'AUCTION-WON',
  'AUCTION-LOST',
]);
export const isFinalApplicationStatus = (status: ApplicationStatus): boolean => FINAL_APPLICATION_STATUSES.has(status);

/** Auctions among several backorders run 3 days at premiumsale.com, in USD (spec 3.8). */
export const AUCTION_DAYS = 3;
export const DEFAULT_AUCTION_URL = 'https://premiumsale.com/auction';

export interface DomainApplication {
  /** APPLICATION: the id StatusDomainApplication takes */
  id: string;
  domain: string;
  /** the class as the modules send it */
  kind: 'BACKORDER' | 'GOLIVE';
  /** the class the API resolves it to: COM_BACKORDER, SWISS_GOLIVE */
  cls: string;
  status: ApplicationStatus;
  createdAt: Date;
  updatedAt: Date;
  contacts: Record<ContactRole, string>;
  nameservers: string[];
  periodMonths: number;
  /** X-... fields as sent (X-SWISS-UID, X-CORE-INTENDED-USE ...) */
  extras: Record<string, string>;
  /** the account that placed it */
  user: string;
  auction?: { url: string; startedAt: Date; endsAt: Date; ended: boolean };
  /** the scripted outcome (seq) already applied to this application */
  appliedOutcome?: number;
}

/** A scripted outcome for a domain's open applications: due afterMs after it was set or after the application, whichever is later. */
export interface ApplicationOutcome {
  status: ApplicationOutcomeStatus;
  afterMs: number;
  auctionUrl?: string;
  setAt: Date;
  seq: number;
}

/** A domain on the pending-delete (drop) list: FINALIZATIONDATE is when it drops. */
export interface PendingDrop {
  domain: string;
  dropAt: Date;
  score: number;
}

export function formatApiDate(d: Date): string {
  return d.toISOString().slice(0, 19).replace('T', ' ');
}

export function addDays(d: Date, days: number): Date {
  return new Date(d.getTime() + days * DAY_MS);
}

export function addMonths(d: Date, months: number): Date {
  const out = new Date(d.getTime());
  out.setUTCMonth(out.getUTCMonth() + months);
  return out;
}

/** Canonical ASCII form, or a 505 naming the parameter. */
export function normalizeDomain(value: string, key = 'DOMAIN'): string {
  const parsed = parseDomainName(value);
  if (!parsed.ok) throw new CommandFault(505, `Invalid attribute value syntax; ${key} (${value}): ${parsed.rule}`);
  return parsed.value.ascii;
}

export function normalizeNameserver(value: string, key = 'NAMESERVER'): string {
  const parsed = parseDomainName(value);
  if (!parsed.ok) throw new CommandFault(505, `Invalid attribute value syntax; ${key} (${value})`);
  return parsed.value.ascii;
}

export function newAuthCode(): string {
  return randomBytes(9).toString('base64url');
}

export function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').trim();
}

export interface TransferEligibility {
  available: boolean;
  description: string;
  authIsValid: 'YES' | 'NO' | 'UNKNOWN';
  locked: boolean;
  external?: ExternalDomain;
}

/** What the renewal system's next event depends on. */
export function renewalKey(d: OwnedDomain): string {
  return `${d.expiresAt.getTime()}|${d.paidUntil.getTime()}|${d.renewalMode}|${d.autorenewFailedFor ?? ''}|${d.lifecycle}`;
}

export function statusesOf(d: OwnedDomain): string[] {
  return d.transferLock ? [d.lifecycle, 'clientTransferProhibited'] : [d.lifecycle];
}

/** A domain put into the account by a test or the control surface (seedOwned / seedDomain). */
export interface OwnedDomainSeed {
  domain: string;
  nameservers: string[];
  expiresAt?: Date;
  /** PAIDUNTILDATE; default expiresAt (nothing paid ahead) */
  paidUntil?: Date;
  transferLock?: boolean;
  authCode?: string;
  /** default AUTOEXPIRE, as this engine registers */
  renewalMode?: RenewalMode;
  /** the registrant's inline ISPAPI fields (FIRSTNAME, LASTNAME, EMAIL ...); default a handle without data */
  owner?: ContactFields;
}

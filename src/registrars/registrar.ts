/**
 * The one interface workflows (through activities) use to act on a registrar. Named for domain
 * operations, not for either API. Adapters translate to and from the wire and throw only
 * RegistrarError subclasses (see ./errors).
 *
 * Domain names passed in are already validated ASCII (A-label) forms.
 */
import type { Contact, ContactRole } from '../domain/contact';
import type { DomainLifecycle } from '../domain/lifecycle';
import type { RegistrarName } from './names';

// The names live in ./names (pure, importable by contracts and workflows); re-exported for old imports.
export { REGISTRAR_NAMES, type RegistrarName } from './names';

export interface RegistrarCapabilities {
  transfer: boolean;
  transferLock: boolean;
  register: boolean;
  /** contacts are registrar objects (handles) that must exist before a registration */
  contactHandles: boolean;
  privacy: boolean;
}

export type AvailabilityStatus = 'available' | 'taken' | 'reserved' | 'premium' | 'unsupported' | 'unknown';

export interface Money {
  /** decimal string as the registrar quotes it, e.g. "120.00" */
  amount: string;
  /** ISO 4217, e.g. USD */
  currency: string;
}

export interface Availability {
  domain: string;
  status: AvailabilityStatus;
  /** the registration price for premium names */
  premiumPrice?: Money;
  /** the registrar's premium class, where it gives one (ISPAPI CLASS, e.g. PREMIUM_NAMEMEDIA) */
  premiumClass?: string;
  /** the registrar's words */
  reason?: string;
}

/** A contact as a handle the registrar already has, or as data the registrar takes inline. */
export type ContactInput = { handle: string } | { contact: Contact };

export interface RegisterRequest {
  domain: string;
  periodYears: number;
  nameservers?: string[];
  contacts: Record<ContactRole, ContactInput>;
  /** TLD extras by the neutral keys of src/domain/tld-policy.ts, e.g. { legalType: 'CCO' } */
  extras: Record<string, string>;
  /** set only when the caller accepted this premium price */
  premiumPrice?: Money;
}

export interface RegisterResult {
  /** pending: the registry accepted the order but has not created the domain yet */
  state: 'active' | 'pending';
  /** true when the domain was already in this account (an earlier attempt went through) */
  alreadyRegistered: boolean;
  expiresAt?: string;
  /** the registrar's reference (ISPAPI ROID, Openprovider domain id) */
  reference?: string;
  /**
   * true when the order's settings (the registrar's auto-renewal off) could not be applied because
   * the domain was not visible yet: register again once it is active (idempotent; it applies them)
   */
  settingsPending?: true;
}

export interface TransferCheck {
  /** true when the registrar says the transfer can be requested with this auth code */
  possible: boolean;
  /** the registrar's reason when not possible */
  reason?: string;
  /** the registrar said the auth code is wrong */
  authInvalid?: boolean;
  /** the domain is locked at the losing registrar */
  locked?: boolean;
}

export interface TransferRequest {
  domain: string;
  authCode: string;
  /** years; undefined lets the adapter pick the registry's default (free transfers, 0Y ...) */
  periodYears?: number;
  nameservers?: string[];
  /** TLD fields the transfer carries, by neutral key (src/domain/tld-fields/operations.ts), e.g. .ca legalType */
  extras?: Record<string, string>;
}

export interface TransferRequestResult {
  /** true when a transfer for this domain was already pending, so nothing new was sent */
  alreadyPending: boolean;
  /** the registrar's reference for the transfer, when it gives one */
  reference?: string;
}

export type TransferState = 'pending' | 'completed' | 'failed';

export interface TransferStatus {
  state: TransferState;
  /** the registrar's own status word, e.g. REQUESTED, PENDING, ACT, FAI */
  registrarStatus?: string;
  /** why it failed, in the registrar's words */
  reason?: string;
}

export interface DomainInfo {
  domain: string;
  /** active: registered and usable; pending: ordered, not yet created at the registry */
  state: 'active' | 'pending' | 'other';
  /** registrar status words, e.g. ACTIVE, clientTransferProhibited */
  statuses: string[];
  nameservers: string[];
  /** undefined when the registry has no transfer lock */
  transferLock?: boolean;
  /** registry expiry, ISO 8601 UTC */
  expiresAt?: string;
  /** WHOIS privacy / ID protection */
  privacy?: boolean;
  /** registrar reference (ISPAPI ROID, Openprovider domain id) */
  reference?: string;
}

export interface Registrar {
  readonly name: RegistrarName;
  readonly capabilities: RegistrarCapabilities;

  checkTransfer(domain: string, authCode: string): Promise<TransferCheck>;
  /** Idempotent: a transfer already pending for this domain is reported, not requested again. */
  requestTransfer(request: TransferRequest): Promise<TransferRequestResult>;
  getTransferStatus(domain: string): Promise<TransferStatus>;
  /** null when the domain is not in this account */
  getDomain(domain: string): Promise<DomainInfo | null>;
  setNameservers(domain: string, nameservers: string[]): Promise<void>;
  setTransferLock(domain: string, locked: boolean): Promise<void>;

  checkAvailability(domains: string[]): Promise<Availability[]>;
  /**
   * Returns a handle for this contact, reusing one whose data is identical (or whose name and
   * organisation match, after updating it), creating one otherwise. Only with contactHandles.
   */
  ensureContact(contact: Contact): Promise<{ handle: string; reused: boolean }>;
  /**
   * Registers the domain with renewal left to this engine (ISPAPI RENEWALMODE=AUTOEXPIRE,
   * Openprovider autorenew off). Idempotent: a domain already in this account is reported, not
   * ordered again.
   */
  register(request: RegisterRequest): Promise<RegisterResult>;
  setPrivacy(domain: string, enabled: boolean): Promise<void>;

  /**
   * Where the domain is in its life (see src/domain/lifecycle.ts), read fresh from the registrar.
   * A domain no longer in the account is classified (deleted, restorable, transferred away), not an error.
   */
  readLifecycle(domain: string): Promise<DomainLifecycle>;
  /**
   * Extends the term once. `currentExpiresAt` is the registry expiry the caller saw: the adapter
   * passes it as a guard where the API has one, so a repeated call cannot renew a second term.
   * `method: 'pay'` uses the pay path of registries without an explicit renewal.
   */
  renew(request: RenewRequest): Promise<RenewResult>;
  /** Restores a deleted domain (soft quarantine: normal fee; hard quarantine: restore fee). */
  restore(request: RestoreRequest): Promise<RenewResult>;
}

export interface RenewRequest {
  domain: string;
  periodYears: number;
  /** registry expiry the caller read just before, ISO 8601 UTC */
  currentExpiresAt: string;
  method: 'renew' | 'pay';
}

export interface RestoreRequest {
  domain: string;
  phase: 'soft-quarantine' | 'hard-quarantine';
}

export interface RenewResult {
  /** true when the registrar said the term was already extended (e.g. ISPAPI 555): nothing was charged now */
  alreadyDone: boolean;
  /** new registry (or paid-until) expiry when the answer carries it */
  newExpiresAt?: string;
  /** registry answered "pending" (restores can take days) */
  pending: boolean;
}

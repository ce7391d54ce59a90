/**
 * The one interface workflows (through activities) use to act on a registrar. Named for domain
 * operations, not for either API. Adapters translate to and from the wire and throw only
 * RegistrarError subclasses (see ./errors).
 *
 * Domain names passed in are already validated ASCII (A-label) forms.
 */
export const REGISTRAR_NAMES = ['ispapi', 'openprovider'] as const;
export type RegistrarName = (typeof REGISTRAR_NAMES)[number];

export interface RegistrarCapabilities {
  transfer: boolean;
  transferLock: boolean;
  register: boolean;
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
  /** registrar status words, e.g. ACTIVE, clientTransferProhibited */
  statuses: string[];
  nameservers: string[];
  /** undefined when the registry has no transfer lock */
  transferLock?: boolean;
  /** registry expiry, ISO 8601 UTC */
  expiresAt?: string;
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
}

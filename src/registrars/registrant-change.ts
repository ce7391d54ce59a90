import type { RegistrantIdentity, RegistrarChangePolicy } from '../domain/registrant-change';
import type { ContactInput } from './registrar';

/**
 * Changing a domain's registrant (docs/architecture.md: "change registrant (designated-agent,
 * confirmation or trade)"). The procedure is chosen by src/domain/registrant-change.ts; this is what a registrar
 * must do for it. Offered by adapters through `registrantChanger()`.
 */

export interface TradeRequest {
  domain: string;
  /** the new registrant: inline data (ISPAPI) or a handle (Openprovider, after ensureContacts) */
  registrant: ContactInput;
  /**
   * designated-agent: the reseller confirms for the old and the new registrant (IRTP, immediate);
   * old-registrant: the old registrant confirms by mail; registry: a ccTLD trade
   */
  confirmation: 'designated-agent' | 'old-registrant' | 'registry';
  /** the IRTP lock opt-out flag; undefined = not sent (no IRTP trade, or an AFNIC registry) */
  optOutTransferLock?: boolean;
  /** TLD extras by the neutral keys of src/domain/registrant-change.ts */
  extras: Record<string, string>;
}

export interface TradeAnswer {
  /**
   * completed: done now; pending: waiting for a confirmation or the registry; use-update: the
   * registry wants a contact update instead (ISPAPI 506/219, spec 2.8) and nothing was changed
   */
  state: 'completed' | 'pending' | 'use-update';
  /** a trade for this domain was already running or done: nothing new was sent */
  alreadyRequested: boolean;
  /** the registrar's words */
  registrarStatus: string;
  /** end of the transfer lock the change left, ISO 8601 UTC, when the registrar says */
  transferLockUntil?: string;
}

export interface TradeStatusAnswer {
  /** none: the registrar knows no trade for the domain (cancelled, or never requested) */
  state: 'pending' | 'completed' | 'denied' | 'expired' | 'failed' | 'none';
  registrarStatus: string;
  /** why it did not complete, in the registrar's words */
  reason?: string;
  transferLockUntil?: string;
}

export interface PendingVerification {
  /** PENDING, OVERDUE ... */
  status: string;
  /** when the old registrant's confirmation lapses, ISO 8601 UTC */
  dueAt?: string;
}

export interface RegistrantChanger {
  /** What the registrar says about owner changes for this domain (undefined fields: it does not say). */
  queryRegistrantChangePolicy(domain: string): Promise<RegistrarChangePolicy>;
  /** The registrant as the registrar holds it now. */
  currentRegistrant(domain: string): Promise<RegistrantIdentity>;
  /** Requests the trade once: a running trade, or a registrant already changed, is reported, not repeated. */
  tradeDomain(request: TradeRequest): Promise<TradeAnswer>;
  tradeStatus(domain: string): Promise<TradeStatusAnswer>;
  /** The old registrant's pending confirmation, if any. */
  pendingVerification(domain: string): Promise<PendingVerification | undefined>;
  /** Sends the confirmation mail to the old registrant again. */
  resendConfirmation(domain: string): Promise<void>;
  /** Withdraws a pending trade; nothing pending is not an error. */
  cancelTrade(domain: string): Promise<void>;
  /** The plain contact update: the registrant replaced in place (TLD extras such as the .ca legal type sent along). */
  updateOwner(request: { domain: string; registrant: ContactInput; extras: Record<string, string> }): Promise<void>;
}

export function isRegistrantChangeRegistrar(
  registrar: unknown,
): registrar is { registrantChanger(): RegistrantChanger } {
  return typeof (registrar as { registrantChanger?: unknown } | undefined)?.registrantChanger === 'function';
}

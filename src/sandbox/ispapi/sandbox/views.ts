import { parseDomainName } from '../../../domain/domain-name';
import { type IspapiFaultKind } from '../faults';
import { type Trade } from '../trades';
import { type ApplicationStatus, type DomainApplication, type RenewalMode } from '../registry';

/** What the ISPAPI sandbox's controls answer: journal entries and read-only views of its records. */

export interface JournalEntry {
  seq: number;
  at: string;
  command: string;
  params: Record<string, string>;
  login: string;
  /** authenticated with s_session (no password sent) */
  viaSession?: true;
  code: number;
  description: string;
  /** the command ran but its answer was dropped (loseAnswer) */
  answerLost?: true;
  /** the command ran but an injected fault damaged its answer (lost, truncated, timed out) */
  fault?: IspapiFaultKind;
}

export interface SandboxDeletedDomainView {
  domain: string;
  deletedAt: string;
  /** the registry expiry it had when deleted */
  expiresAt: string;
  restorableUntil: string;
  restorePending: boolean;
}

export interface SandboxDomainView {
  domain: string;
  nameservers: string[];
  transferLock: boolean;
  expiresAt: string;
  statuses: string[];
  /** X-ACCEPT-WHOISTRUSTEE-TAC */
  privacy: boolean;
  renewalMode: RenewalMode;
  /** PAIDUNTILDATE, ISO 8601 */
  paidUntil: string;
  /** contact handles by role */
  contacts: { owner: string; admin: string; tech: string; billing: string };
  /** TLD fields as sent, e.g. { 'X-CA-LEGALTYPE': 'CCO' } */
  extras: Record<string, string>;
  roid: string;
  /** the premium class a premium name was bought under */
  premiumClass?: string;
}

export interface SandboxApplicationView {
  application: string;
  domain: string;
  /** as sent: BACKORDER or GOLIVE */
  kind: 'BACKORDER' | 'GOLIVE';
  /** resolved: COM_BACKORDER, SWISS_GOLIVE */
  class: string;
  status: ApplicationStatus;
  createdAt: string;
  updatedAt: string;
  /** contact handles by role */
  contacts: { owner: string; admin: string; tech: string; billing: string };
  nameservers: string[];
  extras: Record<string, string>;
  auctionUrl?: string;
}

export interface SandboxTradeView {
  domain: string;
  /** irtp: ICANN change of registrant; registry: a ccTLD trade */
  kind: 'irtp' | 'registry';
  status: 'REQUESTED' | 'PENDING' | 'SUCCESSFUL' | 'FAILED';
  /** the old registrant must confirm by mail */
  needsConfirmation: boolean;
  requestedAt: string;
  /** when an unconfirmed change lapses */
  dueAt?: string;
  newOwner?: string;
  oldOwner: string;
  optOutTransferLock: boolean;
  extras: Record<string, string>;
  resends: number;
  log: string[];
  reason?: string;
}

export function tradeView(t: Trade): SandboxTradeView {
  return {
    domain: t.domain,
    kind: t.kind,
    status: t.status,
    needsConfirmation: t.needsConfirmation,
    requestedAt: t.requestedAt.toISOString(),
    ...(t.dueAt ? { dueAt: t.dueAt.toISOString() } : {}),
    ...(t.newContacts.OWNERCONTACT ? { newOwner: t.newContacts.OWNERCONTACT } : {}),
    oldOwner: t.oldOwner,
    optOutTransferLock: t.optOut,
    extras: { ...t.extras },
    resends: t.resends,
    log: [...t.log],
    ...(t.reason ? { reason: t.reason } : {}),
  };
}

export interface SandboxDropView {
  domain: string;
  dropAt: string;
  score: number;
}

export function applicationView(a: DomainApplication): SandboxApplicationView {
  return {
    application: a.id,
    domain: a.domain,
    kind: a.kind,
    class: a.cls,
    status: a.status,
    createdAt: a.createdAt.toISOString(),
    updatedAt: a.updatedAt.toISOString(),
    contacts: {
      owner: a.contacts.OWNERCONTACT,
      admin: a.contacts.ADMINCONTACT,
      tech: a.contacts.TECHCONTACT,
      billing: a.contacts.BILLINGCONTACT,
    },
    nameservers: [...a.nameservers],
    extras: { ...a.extras },
    ...(a.auction ? { auctionUrl: a.auction.url } : {}),
  };
}

export function canonicalDomain(domain: string): string | undefined {
  const parsed = parseDomainName(domain);
  return parsed.ok ? parsed.value.ascii : undefined;
}

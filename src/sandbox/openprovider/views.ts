import { joinDomainName } from '../../registrars/openprovider/domain-name';
import { type SandboxDomain } from './registry';
import { type FaultTimes } from '../shared/faults';

/** What the Openprovider sandbox records and shows: journal entries, scripted faults, the domain view. */

export interface JournalEntry {
  seq: number;
  at: string;
  method: string;
  /** method and route template, e.g. 'POST /v1beta/domains/transfer', 'PUT /v1beta/domains/{id}' */
  route: string;
  /** the path actually called, with query */
  path: string;
  domain?: string;
  /** request body with secrets masked */
  body?: unknown;
  /** the envelope's code (undefined for injected raw bodies) */
  code?: number;
  /** HTTP status */
  status: number;
  /** the call was executed but its answer never sent (loseAnswer): the connection was destroyed */
  lost?: boolean;
  /** an injected fault answered instead of the registry: the call was not executed */
  injected?: true;
}

/** A scripted answer for the next matching call(s): error codes, maintenance, or a raw (broken) body. */
export interface InjectedFault {
  /** route as in the journal (e.g. 'GET /v1beta/domains'); any API route when absent */
  route?: string;
  code?: number;
  desc?: string;
  data?: string;
  maintenance?: boolean;
  httpStatus?: number;
  /** sent verbatim instead of an envelope (truncated JSON, HTML error pages) */
  rawBody?: string;
  /** how many calls it answers (default 1; 'always' until cleared) */
  times?: FaultTimes;
  /** chance that a matching call is hit, drawn from the seeded random source (default 1) */
  probability?: number;
  /** the answer comes this much later; alone, the call is answered normally after the delay */
  latencyMs?: number;
  /** the connection is closed before any answer; the call is not executed */
  reset?: boolean;
  /** no answer until the client gives up (at most timeoutMs); the call is not executed */
  timeout?: boolean;
  timeoutMs?: number;
  /**
   * "Accepted but the answer lost": the call is executed normally (renewed, charged ...), then the
   * connection is destroyed without a response. Other answer fields are ignored.
   */
  loseAnswer?: boolean;
}

/** Fields that make a fault change the answer; latencyMs alone only delays it. */
export const ANSWER_FAULT_FIELDS = [
  'code',
  'desc',
  'data',
  'maintenance',
  'httpStatus',
  'rawBody',
  'loseAnswer',
  'reset',
  'timeout',
] as const satisfies ReadonlyArray<keyof InjectedFault>;

export interface SandboxDomainView {
  id: number;
  domain: string;
  status: string;
  type: string;
  nameservers: string[];
  transferLock: boolean;
  autorenew: string;
  isPrivateWhoisEnabled: boolean;
  /** same as isPrivateWhoisEnabled */
  privacy: boolean;
  handles: { owner: string; admin: string; tech: string; billing: string };
  /** additional_data sent with the registration (TLD extras) */
  additionalData: Record<string, unknown>;
  /** registration period in years */
  period: number;
  /** accept_premium_fee of a premium registration */
  acceptedPremiumFee?: number;
  authCode: string;
  /** expiration_date, ISO 8601 UTC */
  expiresAt?: string;
  /** registry_expiration_date, ISO 8601 UTC */
  registryExpiresAt?: string;
  /** renewal_date (Openprovider's own expiry, before the registry's), ISO 8601 UTC */
  renewalDate?: string;
  softQuarantineUntil?: string;
  hardQuarantineUntil?: string;
  /** purged: only found with is_deleted=true */
  isDeleted: boolean;
  failureReason?: string;
}

export function view(d: SandboxDomain, renewalDate: Date | undefined): SandboxDomainView {
  return {
    id: d.id,
    domain: joinDomainName(d),
    status: d.status,
    type: d.type,
    nameservers: [...d.nameservers],
    transferLock: d.isLocked,
    autorenew: d.autorenew,
    isPrivateWhoisEnabled: d.isPrivateWhoisEnabled,
    privacy: d.isPrivateWhoisEnabled,
    handles: { owner: d.ownerHandle, admin: d.adminHandle, tech: d.techHandle, billing: d.billingHandle },
    additionalData: { ...d.additionalData },
    period: d.period,
    ...(d.acceptedPremiumFee !== undefined ? { acceptedPremiumFee: d.acceptedPremiumFee } : {}),
    authCode: d.authCode,
    expiresAt: d.expiresAt?.toISOString(),
    registryExpiresAt: (d.registryExpiresAt ?? d.expiresAt)?.toISOString(),
    renewalDate: renewalDate?.toISOString(),
    softQuarantineUntil: d.softQuarantineUntil?.toISOString(),
    hardQuarantineUntil: d.hardQuarantineUntil?.toISOString(),
    isDeleted: d.isDeleted,
    failureReason: d.failureReason,
  };
}

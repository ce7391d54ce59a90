import { RegistrarError, RegistrarRejectedError, RegistrarTemporaryError } from '../errors';
import type {
  DomainInfo,
  Registrar,
  RegistrarCapabilities,
  TransferCheck,
  TransferRequest,
  TransferRequestResult,
  TransferStatus,
} from '../registrar';
import { OpenproviderClient, type OpenproviderClientOptions } from './client';
import { NOT_IN_ACCOUNT_CODES } from './codes';
import { OpenproviderDateError, parseOptionalOpenproviderDate } from './dates';
import { joinDomainName, OpenproviderDomainNameError, splitDomainName, type OpenproviderDomain } from './domain-name';
import {
  checkDomainsDataSchema,
  domainObjectSchema,
  listDomainsDataSchema,
  transferDataSchema,
  updateDataSchema,
  type WireDomainObject,
} from './wire';

/** Contact handles (XX123456-CC) used for transfers; admin/tech/billing default to the owner. */
export interface OpenproviderHandles {
  owner: string;
  admin?: string;
  tech?: string;
  billing?: string;
}

export type OpenproviderRegistrarOptions = ({ client: OpenproviderClient } | OpenproviderClientOptions) & {
  /** needed by requestTransfer: Openprovider transfers carry contact handles */
  handles?: OpenproviderHandles;
};

const REGISTRAR = 'openprovider';
/** statuses of a transfer still under way: requested, scheduled, pending more information */
const PENDING = new Set(['REQ', 'SCH', 'PEN']);
/** statuses that end a transfer without the domain: failed, rejected, deleted */
const FAILED = new Set(['FAI', 'REJ', 'DEL']);

export class OpenproviderRegistrar implements Registrar {
  readonly name = 'openprovider' as const;
  readonly capabilities: RegistrarCapabilities = { transfer: true, transferLock: true, register: true };
  readonly client: OpenproviderClient;
  private readonly handles: OpenproviderHandles | undefined;

  constructor(options: OpenproviderRegistrarOptions) {
    this.client = 'client' in options ? options.client : new OpenproviderClient(options);
    this.handles = options.handles;
  }

  /**
   * Openprovider has no transfer pre-check that validates the auth code or the lock: the auth code
   * is only judged by the registry when the transfer is requested. So this answers what can be
   * known: the domain must be registered (POST /domains/check says not "free") and not already
   * in this account. An empty auth code is refused locally (spec 6, #229).
   */
  async checkTransfer(domain: string, authCode: string): Promise<TransferCheck> {
    const operation = 'checkTransfer';
    const split = this.split(domain, operation);
    if (authCode.trim() === '') return { possible: false, authInvalid: true, reason: 'the auth code is empty' };

    const own = await this.findDomain(split, operation);
    if (own && own.status === 'ACT') {
      return { possible: false, reason: 'the domain is already in this Openprovider account' };
    }
    if (own && PENDING.has(own.status)) return { possible: true, reason: `a transfer is already ${own.status}` };

    let result;
    try {
      result = await this.client.call('POST', '/domains/check', checkDomainsDataSchema, {
        operation: 'POST /domains/check',
        body: { domains: [split], with_price: false },
      });
    } catch (err) {
      // Invalid extension / label (307, 300-306): an answer, not a failure of the check.
      if (err instanceof RegistrarRejectedError)
        return { possible: false, reason: err.details.description ?? err.message };
      throw err;
    }
    const fullName = joinDomainName(split);
    const row =
      (result.data.results ?? []).find((r) => r.domain.toLowerCase() === fullName) ?? result.data.results?.[0];
    if (!row) throw this.temporary(operation, 'POST /domains/check answered without a result for the domain');
    if (row.status === 'free') {
      return { possible: false, reason: `the domain is not registered (${row.reason || 'free'}): register it instead` };
    }
    if (row.status === 'active') return { possible: true };
    return { possible: false, reason: `the domain is ${row.status}${row.reason ? `: ${row.reason}` : ''}` };
  }

  /**
   * Idempotent: looks the domain up first; a transfer already under way (REQ/SCH/PEN) or one
   * that already completed (ACT of type TRANSFER) is reported without a second POST.
   * `periodYears` is not sent: Openprovider transfers take no period (spec 3.3).
   */
  async requestTransfer(request: TransferRequest): Promise<TransferRequestResult> {
    const operation = 'requestTransfer';
    const split = this.split(request.domain, operation);
    if (request.authCode.trim() === '') {
      throw new RegistrarRejectedError('requestTransfer: the auth code is empty', {
        registrar: REGISTRAR,
        operation,
        code: '317',
        description: 'Empty authorization code!',
      });
    }
    const handles = this.handles;
    if (!handles?.owner) {
      throw new RegistrarRejectedError('requestTransfer: no owner handle configured for Openprovider transfers', {
        registrar: REGISTRAR,
        operation,
      });
    }

    const existing = await this.findDomain(split, operation);
    const already = existing && this.alreadyTransferring(existing);
    if (already) return already;
    if (existing && existing.status === 'ACT') {
      throw new RegistrarRejectedError(`requestTransfer: ${joinDomainName(split)} is already in this account`, {
        registrar: REGISTRAR,
        operation,
        code: '326',
        description: 'Domain is already in your account',
      });
    }

    const body: Record<string, unknown> = {
      domain: split,
      auth_code: request.authCode,
      owner_handle: handles.owner,
      admin_handle: handles.admin ?? handles.owner,
      tech_handle: handles.tech ?? handles.owner,
      billing_handle: handles.billing ?? handles.owner,
      autorenew: 'default',
    };
    // Name servers only when asked for, never substituted (spec 6, #525); no null ip fields (#230).
    if (request.nameservers && request.nameservers.length > 0)
      body.name_servers = toWireNameservers(request.nameservers);
    try {
      const result = await this.client.call('POST', '/domains/transfer', transferDataSchema, {
        operation: 'POST /domains/transfer',
        body,
      });
      return { alreadyPending: false, reference: result.data.id != null ? String(result.data.id) : undefined };
    } catch (err) {
      // 514 (already being transferred) / 326 (already in account): maybe our own earlier attempt.
      if (err instanceof RegistrarRejectedError && (err.details.code === '514' || err.details.code === '326')) {
        const again = await this.findDomain(split, operation);
        const pending = again && this.alreadyTransferring(again);
        if (pending) return pending;
      }
      throw err;
    }
  }

  async getTransferStatus(domain: string): Promise<TransferStatus> {
    const operation = 'getTransferStatus';
    const split = this.split(domain, operation);
    const found = await this.findDomain(split, operation);
    if (!found) {
      return { state: 'failed', reason: 'no transfer for this domain in the Openprovider account' };
    }
    const status = found.status;
    if (status === 'ACT') return { state: 'completed', registrarStatus: status };
    if (PENDING.has(status)) return { state: 'pending', registrarStatus: status };
    if (FAILED.has(status)) {
      const full = await this.getById(found.id, operation, { with_history: true });
      return { state: 'failed', registrarStatus: status, reason: failureReason(full ?? found) };
    }
    // Undocumented status: still pending; the workflow's own deadline bounds the wait.
    return { state: 'pending', registrarStatus: status };
  }

  async getDomain(domain: string): Promise<DomainInfo | null> {
    const operation = 'getDomain';
    const split = this.split(domain, operation);
    const found = await this.findDomain(split, operation);
    if (!found) return null;
    const full = await this.getById(found.id, operation, { with_registry_statuses: true });
    if (!full || full.is_deleted === true) return null;
    return toDomainInfo(full, operation);
  }

  async setNameservers(domain: string, nameservers: string[]): Promise<void> {
    const operation = 'setNameservers';
    const id = await this.requireId(this.split(domain, operation), operation);
    await this.client.call('PUT', `/domains/${id}`, updateDataSchema, {
      operation: 'PUT /domains/{id}',
      body: { name_servers: toWireNameservers(nameservers) },
    });
  }

  async setTransferLock(domain: string, locked: boolean): Promise<void> {
    const operation = 'setTransferLock';
    const id = await this.requireId(this.split(domain, operation), operation);
    await this.client.call('PUT', `/domains/${id}`, updateDataSchema, {
      operation: 'PUT /domains/{id}',
      body: { is_locked: locked },
    });
  }

  async close(): Promise<void> {
    await this.client.close();
  }

  /**
   * GET /domains?full_name=... (exact name, as upmind does). Deleted records are skipped; when
   * several remain (an old failed request next to a new one) the newest id wins.
   */
  private async findDomain(split: OpenproviderDomain, operation: string): Promise<WireDomainObject | undefined> {
    const fullName = joinDomainName(split);
    const result = await this.client.call('GET', '/domains', listDomainsDataSchema, {
      operation: `${operation}: GET /domains`,
      query: { full_name: fullName, limit: 100 },
    });
    return (result.data.results ?? [])
      .filter((d) => d.is_deleted !== true && joinDomainName(d.domain) === fullName)
      .sort((a, b) => b.id - a.id)[0];
  }

  private async getById(
    id: number,
    operation: string,
    query: Record<string, boolean>,
  ): Promise<WireDomainObject | undefined> {
    try {
      const result = await this.client.call('GET', `/domains/${id}`, domainObjectSchema, {
        operation: `${operation}: GET /domains/{id}`,
        query,
      });
      return result.data;
    } catch (err) {
      if (err instanceof RegistrarError && NOT_IN_ACCOUNT_CODES.has(Number(err.details.code))) return undefined;
      throw err;
    }
  }

  private async requireId(split: OpenproviderDomain, operation: string): Promise<number> {
    const found = await this.findDomain(split, operation);
    if (!found) {
      throw new RegistrarRejectedError(`${operation}: ${joinDomainName(split)} is not in this Openprovider account`, {
        registrar: REGISTRAR,
        operation,
        code: '320',
        description: 'The domain is not in your account; please transfer it to your account first.',
      });
    }
    return found.id;
  }

  private alreadyTransferring(d: WireDomainObject): TransferRequestResult | undefined {
    if (PENDING.has(d.status) || (d.status === 'ACT' && d.type === 'TRANSFER')) {
      return { alreadyPending: true, reference: String(d.id) };
    }
    return undefined;
  }

  private split(domain: string, operation: string): OpenproviderDomain {
    try {
      return splitDomainName(domain);
    } catch (err) {
      if (err instanceof OpenproviderDomainNameError) {
        throw new RegistrarRejectedError(`${operation}: ${err.message}`, { registrar: REGISTRAR, operation });
      }
      throw err;
    }
  }

  private temporary(operation: string, message: string): RegistrarTemporaryError {
    return new RegistrarTemporaryError(`${operation}: ${message}`, { registrar: REGISTRAR, operation });
  }
}

export function toWireNameservers(nameservers: string[]): Array<{ name: string; seq_nr: number }> {
  return nameservers.map((name, index) => ({ name: name.toLowerCase().replace(/\.$/, ''), seq_nr: index }));
}

function toDomainInfo(d: WireDomainObject, operation: string): DomainInfo {
  const nameservers = [...(d.name_servers ?? [])]
    .sort((a, b) => (a.seq_nr ?? 0) - (b.seq_nr ?? 0))
    .map((ns) => ns.name.toLowerCase())
    .filter((name) => name !== '');
  const prohibited = d.is_locked === true || (d.registry_statuses?.client_transfer_prohibited?.value ?? 0) > 0;
  const statuses = [d.status];
  if (prohibited) statuses.push('clientTransferProhibited');
  let expiresAt: string | undefined;
  try {
    // registry expiry (DomainInfo.expiresAt); Openprovider's own earlier renewal_date is not it.
    expiresAt =
      parseOptionalOpenproviderDate(d.registry_expiration_date, 'registry_expiration_date') ??
      parseOptionalOpenproviderDate(d.expiration_date, 'expiration_date');
  } catch (err) {
    if (err instanceof OpenproviderDateError) {
      throw new RegistrarRejectedError(`${operation}: ${err.message}`, { registrar: REGISTRAR, operation });
    }
    throw err;
  }
  if (d.status === 'ACT' && expiresAt === undefined) {
    throw new RegistrarRejectedError(`${operation}: active domain ${joinDomainName(d.domain)} has no expiry date`, {
      registrar: REGISTRAR,
      operation,
    });
  }
  return {
    domain: joinDomainName(d.domain),
    statuses,
    nameservers,
    transferLock: d.is_lockable === false ? undefined : d.is_locked === true,
    expiresAt,
  };
}

/** The newest history entry says why a request failed; else the comments; else a generic text. */
function failureReason(d: WireDomainObject): string {
  const history = [...(d.history ?? [])].filter((h) => (h.contents ?? h.subject ?? '').trim() !== '');
  history.sort((a, b) => (Date.parse(a.timestamp ?? '') || 0) - (Date.parse(b.timestamp ?? '') || 0));
  const last = history[history.length - 1];
  const text = last?.contents?.trim() || last?.subject?.trim() || d.comments?.trim();
  return text || `transfer ended with Openprovider status ${d.status}`;
}

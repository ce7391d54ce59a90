import { joinDomainName, splitDomainName, type OpenproviderDomain } from '../../../registrars/openprovider/domain-name';
import { type Handles, type SandboxDomain, addYears, normaliseHost, isFreeName } from './model';
import { ERR } from './errors';
import { DomainLayer } from './domains';
import { checkTransferRules } from './tld-rules';

/** Inbound transfers: request, the losing side's verdict (policy or control), completion or failure. */
export abstract class TransferLayer extends DomainLayer {
  /** POST /domains/transfer */
  transfer(input: {
    domain: OpenproviderDomain;
    authCode: string;
    handles: Handles;
    nameservers?: string[];
    at?: Date;
    autorenew?: 'on' | 'off' | 'default';
    additionalData?: Record<string, unknown>;
  }): SandboxDomain {
    const full = joinDomainName(input.domain);
    const own = this.byName(full);
    if (own && (own.status === 'REQ' || own.status === 'SCH')) throw ERR.alreadyTransferring();
    if (own && own.status === 'ACT') throw ERR.alreadyInAccount();
    const external = this.external.get(full);
    if (!external && isFreeName(full)) throw ERR.transferFree();
    if (input.authCode.trim() === '') throw ERR.emptyAuthCode();
    if (external && external.authCode !== input.authCode) throw ERR.wrongAuthCode();
    this.requireHandles(input.handles);
    checkTransferRules(input.domain.extension, input.additionalData ?? {});
    const tld = this.tld(input.domain.extension);
    this.requireFunds(tld.prices.transfer, tld.currency);
    if (own) own.isDeleted = true; // an earlier failed request is replaced
    const now = this.now();
    const d = this.insert({
      ...input.domain,
      status: input.at ? 'SCH' : 'REQ',
      type: 'TRANSFER',
      nameservers: external?.nameservers ?? [],
      isLocked: external?.transferLock ?? false,
      handles: input.handles,
      authCode: input.authCode,
      autorenew: input.autorenew,
      additionalData: input.additionalData ?? {},
    });
    d.transfer = { requestedAt: now, requestedNameservers: input.nameservers };
    if (this.policy.mode !== 'manual') {
      d.transfer.decideAt = new Date(now.getTime() + this.policy.afterMs);
      d.transfer.decision = this.policy.mode;
      d.transfer.reason = this.policy.reason;
    }
    d.history.push({
      at: now,
      subject: 'transfer requested',
      contents: `Domain: ${full} Action: transfer requested Status: ${d.status}`,
      type: 'I',
    });
    return d;
  }

  approveTransfer(domain: string): SandboxDomain {
    const d = this.pendingTransfer(domain);
    this.completeTransfer(d);
    return d;
  }

  rejectTransfer(domain: string, reason = 'Transfer rejected by the losing registrar'): SandboxDomain {
    const d = this.pendingTransfer(domain);
    this.failTransfer(d, reason);
    return d;
  }

  // ---- internals ----

  protected pendingTransfer(domain: string): SandboxDomain {
    const full = joinDomainName(splitDomainName(domain));
    const d = this.byName(full);
    if (!d || (d.status !== 'REQ' && d.status !== 'SCH')) throw new Error(`no pending transfer for ${full}`);
    return d;
  }

  protected completeTransfer(d: SandboxDomain): void {
    const now = this.now();
    const full = joinDomainName(d);
    const external = this.external.get(full);
    d.status = 'ACT';
    d.activeDate = now;
    // Like real registries: the domain keeps the name servers it had at the losing registrar,
    // unless the transfer request named some; the registry adds a year (most gTLDs); locked after.
    if (d.transfer?.requestedNameservers && d.transfer.requestedNameservers.length > 0) {
      d.nameservers = d.transfer.requestedNameservers.map(normaliseHost);
    }
    d.expiresAt = addYears(external?.expiresAt ?? addYears(now, 1), 1);
    const tld = this.tld(d.extension);
    this.charge(d, 'transfer', tld.prices.transfer, tld.currency, 'POST /v1beta/domains/transfer', now);
    d.isLocked = true;
    d.lastChanged = now;
    d.transfer = undefined;
    this.external.delete(full);
    d.history.push({
      at: now,
      subject: 'transfer succeeded',
      contents: `Domain: ${full} Action: transfer succeeded Status: ACT`,
      type: 'I',
    });
  }

  protected failTransfer(d: SandboxDomain, reason: string): void {
    const now = this.now();
    d.status = 'FAI';
    d.failureReason = reason;
    d.lastChanged = now;
    d.transfer = undefined;
    d.history.push({ at: now, subject: 'transfer failed', contents: reason, type: 'E' });
  }
}

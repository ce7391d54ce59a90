import {
  CommandFault,
  type ContactRole,
  DEFAULT_EXTERNAL_NAMESERVERS,
  DEFAULT_EXTERNAL_REGISTRAR,
  DEFAULT_REJECT_REASON,
  type OwnedDomain,
  type PendingTransfer,
  SandboxStateError,
  type TransferEligibility,
  addDays,
  addMonths,
  formatApiDate,
  newAuthCode,
  oneLine,
  tldOf,
} from './model';
import { DomainLayer } from './domains';

/** Inbound transfers: eligibility (CheckDomainTransfer), request, cancel, and the losing side's verdict (policy or control). */
export abstract class TransferLayer extends DomainLayer {
  protected settleTransfers(now: number): void {
    const policy = this.policy;
    if (policy.mode === 'manual') return;
    const due = [...this.transfers.values()]
      .filter((t) => t.requestedAt.getTime() + policy.afterMs <= now)
      .sort((a, b) => a.requestedAt.getTime() - b.requestedAt.getTime());
    for (const transfer of due) {
      const at = new Date(transfer.requestedAt.getTime() + policy.afterMs);
      if (policy.mode === 'approve') this.completeTransfer(transfer.domain, at);
      else this.failTransfer(transfer.domain, policy.reason ?? DEFAULT_REJECT_REASON, at);
    }
  }

  /**
   * The losing side's verdict on a transfer. 540 (ours already) is an error on both commands; the
   * rest is a 218/219 answer for CheckDomainTransfer and a refusal for TransferDomain.
   */
  transferEligibility(domain: string, auth: string | undefined): TransferEligibility {
    if (this.owned.has(domain)) {
      throw new CommandFault(540, 'Attribute value is not unique; DOMAIN is already assigned to your account');
    }
    if (this.transfers.has(domain)) {
      return {
        available: false,
        description: 'Request is not available; DOMAIN TRANSFER IS PROHIBITED BY STATUS (requested)',
        authIsValid: 'UNKNOWN',
        locked: false,
      };
    }
    const external = this.externalFor(domain);
    if (!external) {
      return {
        available: false,
        description: 'Request is not available; DOMAIN IS NOT REGISTERED',
        authIsValid: 'UNKNOWN',
        locked: false,
      };
    }
    const authIsValid: TransferEligibility['authIsValid'] =
      auth === undefined || auth === ''
        ? 'UNKNOWN'
        : (external.authCode === null ? auth.length > 0 : auth === external.authCode)
          ? 'YES'
          : 'NO';
    const locked = external.transferLock;
    const reasons = [locked ? 'STATUS (clientTransferProhibited)' : '', authIsValid === 'NO' ? 'WRONG AUTH' : '']
      .filter(Boolean)
      .join('/');
    if (reasons !== '') {
      return {
        available: false,
        description: `Request is not available; DOMAIN TRANSFER IS PROHIBITED BY ${reasons}`,
        authIsValid,
        locked,
        external,
      };
    }
    return { available: true, description: 'Request is available', authIsValid, locked, external };
  }

  requestTransfer(t: {
    domain: string;
    requestedNameservers: string[];
    periodMonths: number;
    user: string;
    contacts: Partial<Record<ContactRole, string>>;
    /** the logged command and response, as StatusObjectLog shows them */
    info: string[];
  }): PendingTransfer {
    const now = this.now();
    const stamp = formatApiDate(now);
    const transfer: PendingTransfer = {
      domain: t.domain,
      requestedAt: now,
      updatedAt: now,
      requestedNameservers: t.requestedNameservers,
      periodMonths: t.periodMonths,
      user: t.user,
      contacts: t.contacts,
      log: [
        `${stamp} [INITIATED] domain transfer initiated`,
        `${stamp} [REQUESTED] domain transfer requested at registry`,
      ],
    };
    this.transfers.set(t.domain, transfer);
    this.appendLog(t.domain, 'TRANSFER', 'REQUEST', t.user, now, t.info);
    return transfer;
  }

  cancelTransfer(domain: string, user: string, info: string[]): void {
    const transfer = this.transfers.get(domain);
    if (!transfer) throw new CommandFault(545, 'Object not found; no pending transfer for this domain');
    const now = this.now();
    this.transfers.delete(domain);
    this.appendLog(domain, 'TRANSFER', 'CANCEL', user, now, info);
    // Outcome detection reads INBOUND_TRANSFER entries only, so a cancel must end there too.
    this.appendLog(domain, 'INBOUND_TRANSFER', 'FAILED', this.defaultUser, now, [
      'INBOUND_TRANSFER FAILED',
      'REASON=transfer cancelled by the gaining registrar',
    ]);
  }

  /** The losing registrar let go: the domain joins our account with the nameservers it had there. */
  completeTransfer(domain: string, at: Date = this.now()): OwnedDomain {
    const transfer = this.transfers.get(domain);
    if (!transfer) throw new SandboxStateError(`no pending transfer for ${domain}`);
    const external = this.externalFor(domain);
    const handle = this.newContactHandle().replace(/^P-/, 'AUTO-');
    const expiresAt = addMonths(external?.expiresAt ?? addDays(at, 180), transfer.periodMonths);
    const record: OwnedDomain = {
      domain,
      nameservers: [...(external?.nameservers ?? DEFAULT_EXTERNAL_NAMESERVERS)],
      transferLock: false,
      authCode: newAuthCode(),
      createdAt: external?.createdAt ?? addMonths(at, -30),
      updatedAt: at,
      expiresAt,
      paidUntil: expiresAt,
      transferredAt: at,
      renewalMode: 'AUTOEXPIRE',
      contacts: {
        OWNERCONTACT: transfer.contacts.OWNERCONTACT ?? handle,
        ADMINCONTACT: transfer.contacts.ADMINCONTACT ?? handle,
        TECHCONTACT: transfer.contacts.TECHCONTACT ?? handle,
        BILLINGCONTACT: transfer.contacts.BILLINGCONTACT ?? handle,
      },
      user: transfer.user,
      lifecycle: 'ACTIVE',
      privacy: false,
      extras: {},
      roid: this.newRoid(domain),
    };
    this.transfers.delete(domain);
    this.external.delete(domain);
    this.forget(domain);
    this.owned.set(domain, record);
    if (transfer.periodMonths > 0) {
      // Affordability was checked at request time; the registry has acted, so book it regardless.
      const cents = this.account.priceCents(tldOf(domain), 'transfer', transfer.periodMonths);
      this.account.charge({ domain, command: 'TransferDomain', kind: 'transfer', cents, at }, true);
    }
    this.appendLog(domain, 'INBOUND_TRANSFER', 'SUCCESSFUL', this.defaultUser, at, [
      'INBOUND_TRANSFER SUCCESSFUL',
      `OLD-REGISTRAR=${external?.registrar ?? DEFAULT_EXTERNAL_REGISTRAR}`,
      `EXPIRATIONDATE=${formatApiDate(record.expiresAt)}`,
    ]);
    return record;
  }

  failTransfer(domain: string, reason: string = DEFAULT_REJECT_REASON, at: Date = this.now()): void {
    if (!this.transfers.has(domain)) throw new SandboxStateError(`no pending transfer for ${domain}`);
    this.transfers.delete(domain);
    this.appendLog(domain, 'INBOUND_TRANSFER', 'FAILED', this.defaultUser, at, [
      'INBOUND_TRANSFER FAILED',
      `REASON=${oneLine(reason) || DEFAULT_REJECT_REASON}`,
    ]);
  }
}

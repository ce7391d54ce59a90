/**
 * Transfers out of the account: answer a pending transfer-out (approve or deny, where the registry
 * asks the losing registrar) and release a .uk domain to another registrar's tag (push). Kept
 * apart from the Registrar interface; a registrar without it does not implement it.
 */
export interface OutboundTransfer {
  domain: string;
  /** undefined: the registrar shows no pending transfer-out in its domain data (cannot tell) */
  pending: boolean | undefined;
  /** the registrar's words (status) for people */
  registrarStatus?: string;
}

export type OutboundAnswer = 'approve' | 'deny';

export interface OutboundTransferRegistrar {
  /** Whether a transfer-out of this domain is waiting for an answer. */
  outboundTransfer(domain: string): Promise<OutboundTransfer>;
  /** Approves or denies the pending transfer-out (ISPAPI TransferDomain ACTION=APPROVE/DENY). */
  answerOutboundTransfer(domain: string, answer: OutboundAnswer): Promise<void>;
  /** Releases the domain to another registrar's tag (.uk detagging; ISPAPI PushDomain TARGET). */
  pushDomain(domain: string, tag: string): Promise<void>;
}

export function isOutboundTransferRegistrar(registrar: unknown): registrar is OutboundTransferRegistrar {
  const r = registrar as Partial<OutboundTransferRegistrar> | undefined;
  return (
    typeof r?.outboundTransfer === 'function' &&
    typeof r.answerOutboundTransfer === 'function' &&
    typeof r.pushDomain === 'function'
  );
}

import { z } from 'zod';

/**
 * Transfers out of the sandbox account waiting for the losing registrar's answer: another
 * registrar asked for one of our domains (the control surface plays that registrar). Both
 * sandboxes hold one book; the registry answers approve (the domain leaves), deny (it stays) or
 * nothing (the registry's own default after its waiting time is not simulated: a test decides).
 */
/** The control surface's body: which registrar asks (default GAINING-REGISTRAR). */
export const transferOutRequestSchema = z
  .strictObject({
    gainingRegistrar: z
      .string()
      .regex(/^[A-Za-z0-9 ._-]{1,64}$/, 'must be 1-64 letters, digits, dots, dashes')
      .optional(),
  })
  .optional();

export interface TransferOutRequest {
  domain: string;
  /** the registrar asking, e.g. GAINING-REGISTRAR */
  gainingRegistrar: string;
  requestedAt: Date;
}

export class TransfersOut {
  private readonly pending = new Map<string, TransferOutRequest>();

  request(domain: string, gainingRegistrar: string, at: Date): TransferOutRequest {
    const entry = { domain: domain.toLowerCase(), gainingRegistrar, requestedAt: at };
    this.pending.set(entry.domain, entry);
    return entry;
  }

  get(domain: string): TransferOutRequest | undefined {
    return this.pending.get(domain.toLowerCase());
  }

  /** Removes and returns the request (answered, or the domain left another way). */
  take(domain: string): TransferOutRequest | undefined {
    const entry = this.get(domain);
    if (entry) this.pending.delete(entry.domain);
    return entry;
  }

  list(): TransferOutRequest[] {
    return [...this.pending.values()];
  }

  clear(): void {
    this.pending.clear();
  }
}

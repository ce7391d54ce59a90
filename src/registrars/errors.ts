/**
 * Every registrar failure is one of four kinds (docs/architecture.md). Activities turn them into
 * Temporal retry decisions; nothing below the activities knows Temporal exists.
 */
export type RegistrarErrorKind = 'temporary' | 'rejected' | 'authentication' | 'funds';

export interface RegistrarErrorDetails {
  registrar: string;
  /** the registrar's own code (ISPAPI 3-digit code, Openprovider numeric code, or an HTTP status) */
  code?: string;
  /** the registrar's own text, unchanged */
  description?: string;
  /** the operation the adapter was performing, e.g. TransferDomain */
  operation?: string;
}

export class RegistrarError extends Error {
  override readonly name: string = 'RegistrarError';
  constructor(
    readonly kind: RegistrarErrorKind,
    message: string,
    readonly details: RegistrarErrorDetails,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  get retryable(): boolean {
    return this.kind === 'temporary';
  }
}

export class RegistrarTemporaryError extends RegistrarError {
  override readonly name = 'RegistrarTemporaryError';
  constructor(message: string, details: RegistrarErrorDetails, options?: { cause?: unknown }) {
    super('temporary', message, details, options);
  }
}

export class RegistrarRejectedError extends RegistrarError {
  override readonly name = 'RegistrarRejectedError';
  constructor(message: string, details: RegistrarErrorDetails, options?: { cause?: unknown }) {
    super('rejected', message, details, options);
  }
}

export class RegistrarAuthenticationError extends RegistrarError {
  override readonly name = 'RegistrarAuthenticationError';
  constructor(message: string, details: RegistrarErrorDetails, options?: { cause?: unknown }) {
    super('authentication', message, details, options);
  }
}

export class RegistrarFundsError extends RegistrarError {
  override readonly name = 'RegistrarFundsError';
  constructor(message: string, details: RegistrarErrorDetails, options?: { cause?: unknown }) {
    super('funds', message, details, options);
  }
}

/** An operation this registrar cannot do at all (capability flag false). */
export class RegistrarUnsupportedError extends RegistrarError {
  override readonly name = 'RegistrarUnsupportedError';
  constructor(registrar: string, operation: string) {
    super('rejected', `${registrar} does not support ${operation}`, { registrar, operation });
  }
}

export function registrarError(
  kind: RegistrarErrorKind,
  message: string,
  details: RegistrarErrorDetails,
  options?: { cause?: unknown },
): RegistrarError {
  switch (kind) {
    case 'temporary':
      return new RegistrarTemporaryError(message, details, options);
    case 'rejected':
      return new RegistrarRejectedError(message, details, options);
    case 'authentication':
      return new RegistrarAuthenticationError(message, details, options);
    case 'funds':
      return new RegistrarFundsError(message, details, options);
  }
}

/** The error type names that must never be retried by Temporal. */
export const NON_RETRYABLE_REGISTRAR_ERRORS = [
  'RegistrarRejectedError',
  'RegistrarAuthenticationError',
  'RegistrarFundsError',
  'RegistrarUnsupportedError',
] as const;

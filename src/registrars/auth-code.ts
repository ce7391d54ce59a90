/**
 * Transfer auth codes of domains in the account: read the current one, or have a new one made.
 * Kept apart from the Registrar interface (docs/architecture.md, capabilities as their own files).
 * The code is a secret: adapters never log it and callers return it only to whoever asked.
 */
export interface AuthCodeAnswer {
  domain: string;
  authCode: string;
  /** when the code stops working, where the registry says (.de AuthInfo1), ISO 8601 */
  expiresAt?: string;
  /** how the registrar made or read it, for people: e.g. "StatusDomain AUTH", "DENIC AuthInfo1" */
  source: string;
}

export interface AuthCodeRegistrar {
  /** The current auth code (for .de at ISPAPI: a new AuthInfo1, the only code DENIC has). */
  getAuthCode(domain: string): Promise<AuthCodeAnswer>;
  /** Makes a new random auth code and returns it, read back from the registrar. */
  resetAuthCode(domain: string): Promise<AuthCodeAnswer>;
}

export function isAuthCodeRegistrar(registrar: unknown): registrar is AuthCodeRegistrar {
  const r = registrar as Partial<AuthCodeRegistrar> | undefined;
  return typeof r?.getAuthCode === 'function' && typeof r.resetAuthCode === 'function';
}

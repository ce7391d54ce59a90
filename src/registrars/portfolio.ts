import type { DomainFacts } from '../domain/portfolio';

/** One domain of the account as a list call shows it. */
export interface PortfolioEntry {
  /** ASCII (A-label), lower case */
  domain: string;
  facts: DomainFacts;
}

export interface PortfolioPage {
  entries: PortfolioEntry[];
  /** opaque cursor of the next page; undefined after the last page */
  next?: string;
  /** how many domains the registrar says the account holds (when the answer carries it) */
  total?: number;
  /** list rows that could not be read (a garbage date ...): reported, never guessed */
  problems: Array<{ domain?: string; message: string }>;
}

/**
 * Reading a whole account cheaply: pages of domains with the facts the portfolio keeps, one
 * registrar call per page, and the registrar's own auto-renewal switch (kept off so that only this
 * engine renews). Both adapters offer it. A domain the list no longer shows is classified with
 * Registrar.readLifecycle (transferred away, expired, deleted).
 */
export interface PortfolioRegistrar {
  /** One page of at most `limit` domains from `cursor` (undefined: the first page). One registrar call. */
  listPortfolio(request: { cursor?: string; limit: number }): Promise<PortfolioPage>;
  /** Turns the registrar's own auto-renewal on or off (ISPAPI AUTORENEW / AUTOEXPIRE, Openprovider on / off). */
  setRegistrarAutorenew(domain: string, enabled: boolean): Promise<void>;
}

export function isPortfolioRegistrar(registrar: unknown): registrar is PortfolioRegistrar {
  const r = registrar as Partial<PortfolioRegistrar> | undefined;
  return typeof r?.listPortfolio === 'function' && typeof r.setRegistrarAutorenew === 'function';
}

import type { ContactInput } from './registrar';
import type { ContactRole } from '../domain/contact';

/**
 * Drop-catching, offered by registrars that run a backorder service (HEXONET). Kept apart from the
 * Registrar interface: a registrar without it simply does not implement it.
 */
export type BackorderStatus =
  | 'REQUESTED'
  | 'ACTIVE'
  | 'PROCESSING'
  | 'SUCCESSFUL'
  | 'FAILED'
  | 'AUCTION-PENDING'
  | 'AUCTION-WON'
  | 'AUCTION-LOST'
  | 'CANCELLED';

export interface BackorderApplication {
  /** the registrar's application id (ISPAPI APPLICATION) */
  reference: string;
  status: BackorderStatus;
  auctionUrl?: string;
}

export interface BackorderRegistrar {
  /** When the domain drops (is deleted and may be caught), ISO 8601 UTC; undefined when not dropping. */
  dropDate(domain: string): Promise<string | undefined>;
  /**
   * Places the backorder once: an application already placed for this domain is returned, not
   * repeated. With `placedSince` (when the backorder started, ISO 8601) one the registry has already
   * decided counts too if it was placed since then: a retry after the drop finds its caught or
   * failed application instead of placing another (or being told the domain is already ours).
   */
  placeBackorder(request: {
    domain: string;
    contacts: Record<ContactRole, ContactInput>;
    placedSince?: string;
  }): Promise<BackorderApplication>;
  /** CANCELLED when the registrar no longer knows the application (ISPAPI 545). */
  backorderStatus(reference: string): Promise<BackorderApplication>;
}

export function isBackorderRegistrar(registrar: unknown): registrar is BackorderRegistrar {
  const r = registrar as Partial<BackorderRegistrar> | undefined;
  return (
    typeof r?.dropDate === 'function' &&
    typeof r.placeBackorder === 'function' &&
    typeof r.backorderStatus === 'function'
  );
}

/**
 * What a registrar account sells and what it costs us (issue 17 point 2): per TLD the periods and
 * the cost of a registration, renewal, transfer, restore and trade, in the account's currency.
 * Kept apart from the Registrar interface like the other capabilities; the catalogue sync reads it.
 * Amounts are decimal strings ("10.00") so no float rounding creeps into money.
 */
export interface CatalogueEntry {
  /** lower case, without the leading dot: "com", "co.uk" */
  tld: string;
  /** the registration periods in years the registrar takes */
  periods: number[];
  currency: string;
  /** one year's registration (ISPAPI: SETUP + ANNUAL) */
  register: string;
  /** one year's renewal */
  renew: string;
  /** a transfer in (one year included) */
  transfer: string;
  /** the restore fee, or null when the registrar publishes none */
  restore: string | null;
  /** a registrant change that the registry bills (ccTLD trade), or null when none is published */
  trade: string | null;
}

export interface CatalogueRegistrar {
  /** Every TLD the account sells, sorted by TLD. */
  readCatalogue(): Promise<CatalogueEntry[]>;
}

export function isCatalogueRegistrar(registrar: unknown): registrar is CatalogueRegistrar {
  return typeof (registrar as Partial<CatalogueRegistrar> | undefined)?.readCatalogue === 'function';
}

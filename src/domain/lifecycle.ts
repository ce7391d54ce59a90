/**
 * A registrar-neutral phase of a domain's life, derived by each adapter from what its registrar
 * reports. Workflows decide on these phases, never on registrar status words.
 */
export const LIFECYCLE_PHASES = [
  /** registered and paid through its term */
  'active',
  /** ordered, not yet created at the registry */
  'pending-create',
  /** past its expiry (or paid-until) date but still in the account and renewable as usual */
  'expired-grace',
  /** deleted on expiry, restorable for the normal renewal fee (Openprovider soft quarantine) */
  'soft-quarantine',
  /** deleted, restorable only for a restore fee (redemption; ISPAPI DELETEDDOMAIN; Openprovider hard quarantine) */
  'hard-quarantine',
  /** deletion requested, not yet final */
  'pending-delete',
  /** gone from the registry or no longer restorable */
  'deleted',
  /** left this account for another registrar */
  'transferred-away',
] as const;
export type LifecyclePhase = (typeof LIFECYCLE_PHASES)[number];

export interface DomainLifecycle {
  domain: string;
  phase: LifecyclePhase;
  /** the registry's expiry, ISO 8601 UTC */
  registryExpiresAt?: string;
  /** the expiry shown to people (ISPAPI: paid-until / finalization rule; Openprovider: renewal_date) */
  displayExpiresAt?: string;
  /** how a renewal is paid: an explicit renewal, or the pay path of registries without one (ISPAPI 510) */
  renewalMethod: 'renew' | 'pay';
  /** soft quarantine ends (restore at the normal fee until then) */
  softQuarantineUntil?: string;
  /** hard quarantine / redemption ends (restore fee until then) */
  hardQuarantineUntil?: string;
  /** the restore fee when the registrar tells it */
  restoreFee?: { amount: string; currency: string };
  /** the registrar's own words for the state, for people */
  registrarStatus?: string;
}

/**
 * ccTLD registries without an explicit renewal (ISPAPI answers 510 to RenewDomain): the renewal
 * is paid ahead with PayDomainRenewal, and must be paid before the registry's expiry.
 */
export const PAY_RENEWAL_TLDS = new Set([
  'amsterdam', 'at', 'be', 'ch', 'co.at', 'com.ar', 'com.lv', 'com.ru', 'com.ve', 'co.ve', 'de', 'dk',
  'eu', 'info.ve', 'it', 'jp', 'li', 'lu', 'lv', 'net.lv', 'net.ru', 'net.ve', 'nl', 'no', 'or.at',
  'org.lv', 'org.ru', 'org.ve', 'pp.ru', 'ru', 'web.ve',
]); // prettier-ignore

/** The registry suffix a pay-renewal rule applies to (longest match: co.at before at). */
export function needsPayRenewal(asciiDomain: string): boolean {
  const labels = asciiDomain.split('.');
  for (let i = 1; i < labels.length; i++) {
    if (PAY_RENEWAL_TLDS.has(labels.slice(i).join('.'))) return true;
  }
  return false;
}

/**
 * Whether the term ending on `expiresOn` (YYYY-MM-DD) has been extended already: the registry
 * expiry or the paid-until date shown to people lies beyond it. Checked before every paying call.
 */
export function termExtendedBeyond(lifecycle: DomainLifecycle, expiresOn: string): boolean {
  if (lifecycle.phase !== 'active' && lifecycle.phase !== 'expired-grace') return false;
  return [lifecycle.registryExpiresAt, lifecycle.displayExpiresAt].some(
    (date) => date !== undefined && date.slice(0, 10) > expiresOn,
  );
}

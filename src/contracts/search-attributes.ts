import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/**
 * The project's custom search attributes: the Web UI becomes a portfolio view. Kept within the dev
 * server's SQLite caps (10 Keyword, 3 Datetime, 3 Bool). Never personal data: they bypass the payload codec.
 */
export const DomainName = defineSearchAttributeKey('DomainName', SearchAttributeType.KEYWORD);
export const Registrar = defineSearchAttributeKey('Registrar', SearchAttributeType.KEYWORD);
export const LifecycleState = defineSearchAttributeKey('LifecycleState', SearchAttributeType.KEYWORD);
export const CustomerId = defineSearchAttributeKey('CustomerId', SearchAttributeType.KEYWORD);
export const ExpiresAt = defineSearchAttributeKey('ExpiresAt', SearchAttributeType.DATETIME);
export const DropAt = defineSearchAttributeKey('DropAt', SearchAttributeType.DATETIME);
/** the `domain` entity's wish: this engine renews at the due date */
export const AutoRenew = defineSearchAttributeKey('AutoRenew', SearchAttributeType.BOOL);
/** the `domain` entity's facts digest (src/domain/portfolio.ts): a sync skips domains whose digest matches */
export const FactsDigest = defineSearchAttributeKey('FactsDigest', SearchAttributeType.KEYWORD);

/** applyZone's read-back: the zone equals its declared state (false: drift left after the apply) */
export const ZoneInSync = defineSearchAttributeKey('ZoneInSync', SearchAttributeType.BOOL);

export const ALL_SEARCH_ATTRIBUTES = [
  DomainName,
  Registrar,
  LifecycleState,
  CustomerId,
  ExpiresAt,
  DropAt,
  AutoRenew,
  FactsDigest,
  ZoneInSync,
];

/**
 * Every ISPAPI command the adapter (src/registrars/ispapi/*) can send: what a role user must be
 * allowed (docs/configuration.md, "Pointing it at the real HEXONET OT&E system"), or the API answers
 * 531 "forbidden by ACL". test/unit/ispapi-commands.test.ts keeps it equal to the commands the code
 * sends and the list in docs/configuration.md complete.
 */
export const ISPAPI_ADAPTER_COMMANDS = [
  'AddDomain',
  'AddDomainApplication',
  'CheckDomainTransfer',
  'CheckDomains',
  'ModifyDomain',
  'PayDomainRenewal',
  'QueryDomainApplicationList',
  'QueryDomainList',
  'QueryDomainOptions',
  'QueryDomainPendingDeleteList',
  'QueryDomainPendingRegistrantVerificationList',
  'QueryObjectList',
  'QueryObjectLogList',
  'RenewDomain',
  'ResendDomainTransferConfirmationEmails',
  'RestoreDomain',
  'SetDomainRenewalMode',
  // only with useSession (ISPAPI_USE_SESSION): the client's login and logout
  'StartSession',
  'EndSession',
  'StatusContact',
  'StatusDomain',
  'StatusDomainApplication',
  'StatusDomainTrade',
  'StatusDomainTransfer',
  'StatusObjectLog',
  'TradeDomain',
  'TransferDomain',
  // everyday operations (./management, docs/domain-operations.md)
  'DeleteDomain',
  'PushDomain',
  'DENIC_CreateAuthInfo1',
  'QueryDomainSuggestionList',
  // host objects (./hosts, docs/hosts.md)
  'AddNameserver',
  'ModifyNameserver',
  'DeleteNameserver',
  'StatusNameserver',
  'CheckNameserver',
  // contact handles (./contacts, docs/domain-management.md)
  'AddContact',
  // DNS zones (./dns-zone, docs/dns.md)
  'CreateDNSZone',
  'StatusDNSZone',
  'QueryDNSZoneRRList',
  'UpdateDNSZone',
  // the price catalogue (./catalogue)
  'StatusUser',
] as const;

export type IspapiAdapterCommand = (typeof ISPAPI_ADAPTER_COMMANDS)[number];

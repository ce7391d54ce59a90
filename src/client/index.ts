/**
 * The client library for other TypeScript services: start, signal, update and query every
 * workflow with the same validation as the command line (invalid input throws ValidationError
 * naming the field, before anything reaches Temporal). Connect with connectClient, which sets up
 * the payload codec from the environment like the worker does.
 */
export { connectClient, TemporalUnavailableError, type ClientSettings } from './connect';
export { startTransfer, getTransferState, requestTransferCheck, type StartedTransfer } from './transfer';
export { startRegistration, getRegistrationState, type StartedRegistration } from './register';
export { startRenewal, getRenewalState, type StartedRenewal } from './renew';
export { deposit, reserve, release, capture, getAccount } from './account';
export { startBackorder, cancelBackorder, getBackorderState, type StartedBackorder } from './backorder';
export { startSwissApplication, getSwissApplicationState, type StartedSwissApplication } from './swiss';
export {
  startRegistrantChange,
  getRegistrantChangeState,
  resendRegistrantConfirmation,
  cancelRegistrantChange,
  registrantChangeIdFor,
  type StartedRegistrantChange,
} from './change-registrant';
export {
  getDomainEntity,
  setDomainAutorenew,
  setDomainPrivacy,
  renewThroughEntity,
  observeDomain,
  domainEntityStartOperation,
  domainEntityId,
  type DomainEntityTarget,
} from './domain';
export { setNameservers, setTransferLock, updateContact, type DomainChangeTarget } from './domain-changes';
export {
  startSync,
  getSyncProgress,
  triggerSync,
  ensureSyncSchedules,
  startImport,
  getImportProgress,
  type SyncScheduleSettings,
  type StartedImport,
} from './sync';
export { runHost, createHost, setHostIps, deleteHost, showHost, checkHost, listHosts, HostBusyError } from './hosts';
export {
  startBulkChange,
  getBulkState,
  pauseBulkChange,
  resumeBulkChange,
  cancelBulkChange,
  type StartedBulkChange,
} from './bulk';
export * from './dnssec';
export * from './dns-drift';
export { ValidationError } from '../domain/validation';
export {
  zoneFromText,
  planZone,
  exportZone,
  startZoneApply,
  getZoneApplyState,
  applyZoneTemplate,
  type StartedZoneApply,
  type TemplateApply,
} from './dns';
export * from '../contracts';
export {
  startDeletion,
  getDeletionState,
  fetchAuthCode,
  runTransferOut,
  type StartedDeletion,
} from './domain-operations';
export { checkDomains, suggestDomains, MAX_CHECK_NAMES, type SuggestRequest } from './lookup';
export { startCatalogueSync, getCatalogue, ensureCatalogueSchedules } from './catalogue';
export { checkAccount, accountNote, type KnownAccounts } from './accounts';
export { ensureIntervalSchedule, type IntervalSchedule } from './schedules';

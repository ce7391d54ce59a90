/**
 * The contracts layer: every workflow's input schema, result and state types, workflow ID,
 * signal/query/Update handles and the search attributes. Workflows, activities, the client
 * library and the command line import from here; nothing here imports a workflow. Part of the
 * workflow bundle, so the determinism lint applies: a schema change is a workflow change.
 */
export * from './common';
export * from './duration';
export * from './search-attributes';
export * from './transfer';
export * from './register';
export * from './renew';
export * from './account';
export * from './backorder';
export * from './swiss';
export * from './change-registrant';
export * from './domain';
export * from './domain-changes';
export * from './portfolio';
export * from './events';
export * from './dns-drift';
export * from './dnssec';
export * from './hosts';
export * from './change-feed';
export * from './dns';
export * from './delete';
export * from './auth-code';
export * from './transfer-out';
export * from './bulk';
export * from './registrar-account';
export * from './catalogue';

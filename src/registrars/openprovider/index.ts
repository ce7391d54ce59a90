export { OpenproviderRegistrar, type OpenproviderHandles, type OpenproviderRegistrarOptions } from './adapter';
export {
  DEFAULT_TOKEN_TTL_MS,
  OPENPROVIDER_API_PREFIX,
  OPENPROVIDER_ENDPOINTS,
  OpenproviderClient,
  type OpenproviderClientOptions,
} from './client';
export { classifyOpenproviderCode, maskSecrets } from './codes';
export {
  formatOpenproviderDate,
  OpenproviderDateError,
  parseOpenproviderDate,
  parseOptionalOpenproviderDate,
} from './dates';
export { MULTI_LABEL_EXTENSIONS, splitDomainName } from './domain-name';
export {
  fromCustomer,
  normaliseContact,
  splitPhone,
  splitStreetLine,
  toCustomer,
  toCustomerUpdate,
  type WireCustomerData,
} from './customer';

export { transferDomain } from './transfer-domain';
export { registerDomain } from './register-domain';
export { customerAccount } from './customer-account';
export { renewDomain } from './renew-domain';
export { backorder } from './backorder';
export { swissApplication } from './swiss-application';
export { deliverChangeEvent } from './deliver-change-event';
export { changeRegistrant } from './change-registrant';

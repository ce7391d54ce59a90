export { transferDomain } from './transfer-domain';
export { registerDomain } from './register-domain';

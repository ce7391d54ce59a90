export { transferDomain } from './transfer-domain';

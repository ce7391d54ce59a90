export { createRegistrarActivities, type RegistrarActivities, type RegistrarSet } from './registrar';

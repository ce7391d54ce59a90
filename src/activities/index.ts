export { createRegistrarActivities, type RegistrarActivities, type RegistrarSet } from './registrar';
export { createMailActivities, type MailActivities } from './mail';

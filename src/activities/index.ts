export { createRegistrarActivities, type RegistrarActivities, type RegistrarSet } from './registrar';
export { createMailActivities, type MailActivities } from './mail';
export { createAccountActivities, type AccountActivities } from './account';
export { createBackorderActivities, type BackorderActivities } from './backorder';
export { createApplicationActivities, type ApplicationActivities } from './application';
export { createRegistrantChangeActivities, type RegistrantChangeActivities } from './registrant-change';
export { createWebhookActivities, type WebhookActivities } from './webhook';
export { createReportActivities, type ReportActivities } from './report';
export { createPortfolioActivities, type PortfolioActivities } from './portfolio';

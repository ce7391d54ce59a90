/**
 * Every routes module, in the order the OpenAPI document lists them. A new operation is a new
 * file beside these (registerStart / registerWorkflowRoute from ../operations) and one line here.
 */
import { backorderRoutes } from './backorder';
import { cancelRoutes } from './cancel';
import { registrantChangeRoutes } from './change-registrant';
import { deletionRoutes } from './deletion';
import { domainChangeRoutes } from './domain-changes';
import { domainOperationRoutes } from './domain-operations';
import { domainRoutes } from './domains';
import { eventRoutes } from './events';
import { hostRoutes } from './hosts';
import { registrationRoutes } from './register';
import { renewalRoutes } from './renew';
import type { GatewayRoutes } from './shared';
import { swissRoutes } from './swiss';
import { transferRoutes } from './transfer';
import { workflowRoutes } from './workflow-state';

export const ROUTES: GatewayRoutes[] = [
  workflowRoutes,
  cancelRoutes,
  transferRoutes,
  registrationRoutes,
  renewalRoutes,
  registrantChangeRoutes,
  swissRoutes,
  backorderRoutes,
  domainRoutes,
  domainChangeRoutes,
  deletionRoutes,
  domainOperationRoutes,
  hostRoutes,
  eventRoutes,
];

import type { Client } from '@temporalio/client';
import type { Logger } from 'pino';
import type { BackorderPrices } from '../config/backorder-prices';
import type { MailSettings } from '../config/mail';
import { createAccountActivities } from './account';
import { createApplicationActivities } from './application';
import { createBackorderActivities } from './backorder';
import { createMailActivities } from './mail';
import { createRegistrarActivities, type RegistrarSet } from './registrar';

export interface ActivityDependencies {
  registrars: RegistrarSet;
  mail: MailSettings;
  backorderPrices: BackorderPrices;
  /** a client on the worker's own connection: account Updates are sent through it */
  client: Client;
  taskQueue: string;
  logger?: Logger;
}

/** Every activity the workflows use, wired to their dependencies. */
export function createAllActivities(deps: ActivityDependencies) {
  return {
    ...createRegistrarActivities(deps.registrars),
    ...createMailActivities(deps.mail, deps.logger?.child({ component: 'mail' })),
    ...createAccountActivities(deps.client, deps.taskQueue),
    ...createBackorderActivities(deps.registrars, deps.backorderPrices),
    ...createApplicationActivities(deps.registrars),
  };
}

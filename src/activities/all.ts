import type { Client } from '@temporalio/client';
import type { Logger } from 'pino';
import type { BackorderPrices } from '../config/backorder-prices';
import type { MailSettings } from '../config/mail';
import type { ReportSettings, WebhookSettings } from '../config/config';
import { createAccountActivities } from './account';
import { createApplicationActivities } from './application';
import { createBackorderActivities } from './backorder';
import { createMailActivities } from './mail';
import { createPortfolioActivities } from './portfolio';
import { createRegistrarActivities, type RegistrarSet } from './registrar';
import { createDnsZoneActivities } from './dns';
import { createRegistrantChangeActivities } from './registrant-change';
import { createReportActivities } from './report';
import { createWebhookActivities } from './webhook';
import { createDnsDriftActivities } from './dns-drift';
import { createDnssecActivities } from './dnssec';
import { createChangeEventActivities } from './events';
import { createDomainChangeActivities } from './domain-changes';
import { createHostActivities } from './hosts';
import { createBulkActivities } from './bulk';
import { createDomainOperationActivities } from './domain-operations';
import { createCatalogueActivities } from './catalogue';
import { DEFAULT_MARKUPS } from '../config/prices';
import type { MarkupRules } from '../domain/pricing';

export interface ActivityDependencies {
  registrars: RegistrarSet;
  mail: MailSettings;
  backorderPrices: BackorderPrices;
  /** a client on the worker's own connection: account Updates are sent through it */
  client: Client;
  taskQueue: string;
  logger?: Logger;
  /** change event receivers and the secret that signs deliveries; none = events are not sent */
  webhooks?: WebhookSettings;
  reports?: ReportSettings;
  /** due date = expiry - this many days, for domain workflows started by an activity (default 30) */
  dueDateOffsetDays?: number;
  /** record every change event in the `change-feed` workflow (GET /v1/events); the worker process does */
  changeFeed?: boolean;
  /** the markup rules of the price catalogue (DOMAINFLOW_PRICE_MARKUPS); default the embedded ones */
  markups?: MarkupRules;
}

/** Every activity the workflows use, wired to their dependencies. */
export function createAllActivities(deps: ActivityDependencies) {
  const mail = createMailActivities(deps.mail, deps.logger?.child({ component: 'mail' }));
  const domainChanges = createDomainChangeActivities({
    registrars: deps.registrars,
    client: deps.client,
    taskQueue: deps.taskQueue,
  });
  return {
    // Handles for orders come from the contactHandle workflow too: one per contact identity.
    ...createRegistrarActivities(deps.registrars, {
      contactHandle: (registrar, contact, account) =>
        domainChanges.ensureContactHandle({ registrar, contact, ...(account ? { account } : {}) }),
    }),
    ...createDnsZoneActivities(deps.registrars),
    ...mail,
    ...createWebhookActivities(deps.webhooks ?? { urls: [] }, deps.logger?.child({ component: 'webhooks' })),
    ...createChangeEventActivities(
      deps.client,
      deps.webhooks ?? { urls: [] },
      deps.changeFeed ? { changeFeed: true } : {},
    ),
    ...createReportActivities(mail.sendMail, deps.reports ?? { sendEmpty: false }),
    ...createAccountActivities(deps.client, deps.taskQueue),
    ...createBackorderActivities(deps.registrars, deps.backorderPrices),
    ...createApplicationActivities(deps.registrars),
    ...createRegistrantChangeActivities(deps.registrars),
    ...createDnsDriftActivities({ registrars: deps.registrars, client: deps.client, taskQueue: deps.taskQueue }),
    ...createDnssecActivities(deps.registrars),
    ...createHostActivities(deps.registrars),
    ...createBulkActivities({ client: deps.client, taskQueue: deps.taskQueue, sendMail: mail.sendMail }),
    ...createPortfolioActivities({
      registrars: deps.registrars,
      client: deps.client,
      taskQueue: deps.taskQueue,
      dueDateOffsetDays: deps.dueDateOffsetDays,
    }),
    ...domainChanges,
    ...createDomainOperationActivities({ registrars: deps.registrars, client: deps.client, taskQueue: deps.taskQueue }),
    ...createCatalogueActivities({
      registrars: deps.registrars,
      markups: deps.markups ?? DEFAULT_MARKUPS,
      client: deps.client,
      taskQueue: deps.taskQueue,
    }),
  };
}

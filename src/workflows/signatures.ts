/**
 * Compile-time only (imported by nothing, never bundled): each workflow function matches the
 * signature in src/contracts that the client library, activities and CLI start it by. They start
 * workflows by type name with these types and so never load a workflow module.
 */
import type * as contracts from '../contracts';
import type { applyZone } from './apply-zone';
import type { backorder } from './backorder';
import type { changeFeed } from './change-feed';
import type { changeRegistrant } from './change-registrant';
import type { contactHandle } from './contact-handle';
import type { customerAccount } from './customer-account';
import type { deliverChangeEvent } from './deliver-change-event';
import type { domain } from './domain';
import type { syncDns } from './sync-dns';
import type { dnssecRollover } from './dnssec-rollover';
import type { setDnssec } from './set-dnssec';
import type { host } from './host';
import type { bulkChange } from './bulk-change';
import type { importPortfolio } from './import-portfolio';
import type { registerDomain } from './register-domain';
import type { renewDomain } from './renew-domain';
import type { swissApplication } from './swiss-application';
import type { syncPortfolio } from './sync-portfolio';
import type { transferDomain } from './transfer-domain';
import type { deleteDomain } from './delete-domain';
import type { domainAuthCode } from './auth-code';
import type { transferOut } from './transfer-out';
import type { catalogue } from './catalogue';
import type { syncCatalogue } from './sync-catalogue';

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;

export type WorkflowSignaturesMatch = [
  Assert<Same<typeof transferDomain, contracts.TransferDomainWorkflow>>,
  Assert<Same<typeof registerDomain, contracts.RegisterDomainWorkflow>>,
  Assert<Same<typeof renewDomain, contracts.RenewDomainWorkflow>>,
  Assert<Same<typeof customerAccount, contracts.CustomerAccountWorkflow>>,
  Assert<Same<typeof backorder, contracts.BackorderWorkflow>>,
  Assert<Same<typeof swissApplication, contracts.SwissApplicationWorkflow>>,
  Assert<Same<typeof changeRegistrant, contracts.ChangeRegistrantWorkflow>>,
  Assert<Same<typeof domain, contracts.DomainEntityWorkflow>>,
  Assert<Same<typeof syncPortfolio, contracts.SyncPortfolioWorkflow>>,
  Assert<Same<typeof importPortfolio, contracts.ImportPortfolioWorkflow>>,
  Assert<Same<typeof deliverChangeEvent, contracts.DeliverChangeEventWorkflow>>,
  Assert<Same<typeof syncDns, contracts.SyncDnsWorkflow>>,
  Assert<Same<typeof setDnssec, contracts.SetDnssecWorkflow>>,
  Assert<Same<typeof dnssecRollover, contracts.DnssecRolloverWorkflow>>,
  Assert<Same<typeof changeFeed, contracts.ChangeFeedWorkflow>>,
  Assert<Same<typeof contactHandle, contracts.ContactHandleWorkflow>>,
  Assert<Same<typeof host, contracts.HostWorkflow>>,
  Assert<Same<typeof bulkChange, contracts.BulkChangeWorkflow>>,
  Assert<Same<typeof applyZone, contracts.ApplyZoneWorkflow>>,
  Assert<Same<typeof deleteDomain, contracts.DeleteDomainWorkflow>>,
  Assert<Same<typeof domainAuthCode, contracts.AuthCodeWorkflow>>,
  Assert<Same<typeof transferOut, contracts.TransferOutWorkflow>>,
  Assert<Same<typeof catalogue, contracts.CatalogueWorkflow>>,
  Assert<Same<typeof syncCatalogue, contracts.SyncCatalogueWorkflow>>,
];

import type { Contact, ContactRole } from '../../domain/contact';
import type { ContactRegistrar, DomainContact } from '../contacts';
import type { DomainLifecycle } from '../../domain/lifecycle';
import type { HostAvailability, HostObject, HostRegistrar } from '../hosts';
import type { PortfolioPage, PortfolioRegistrar } from '../portfolio';
import type { ZoneSnapshot } from '../dns';
import type { ZoneChange } from '../../domain/dns';
import * as dnsZone from './dns-zone';
import type { AuthCodeAnswer, AuthCodeRegistrar } from '../auth-code';
import type { DeleteAnswer, DeletionRegistrar } from '../deletion';
import type { OutboundAnswer, OutboundTransfer, OutboundTransferRegistrar } from '../outbound-transfer';
import type { Suggestion, SuggestionRegistrar } from '../suggestions';
import * as management from './management';
import type {
  Availability,
  ContactInput,
  DomainInfo,
  RegisterRequest,
  RegisterResult,
  Registrar,
  RegistrarCapabilities,
  RenewRequest,
  RenewResult,
  RestoreRequest,
  TransferCheck,
  TransferRequest,
  TransferRequestResult,
  TransferStatus,
} from '../registrar';
import type { OpenproviderContext, OpenproviderRegistrarOptions } from './adapter-context';
import { OpenproviderClient } from './client';
import * as contacts from './contacts';
import * as domainContacts from './domain-contacts';
import * as hosts from './hosts';
import * as settings from './domain-settings';
import type { DnssecRecord, DnssecState } from '../../domain/dnssec';
import type { DnssecSupport } from '../dnssec';
import * as dnssec from './dnssec';
import type { CatalogueEntry } from '../catalogue';
import * as catalogue from './catalogue';
import { listOpenproviderPortfolio } from './portfolio';
import { OpenproviderRegistrantChanger } from './registrant-change';
import * as registration from './registration';
import * as renewal from './renewal';
import * as transfer from './transfer';
import type { WireDomainObject } from './wire';

export type { OpenproviderHandles, OpenproviderRegistrarOptions } from './adapter-context';
export { toWireNameservers } from './adapter-context';

/**
 * The Registrar interface over Openprovider's REST API. A facade: each capability lives in its own
 * module (./transfer, ./registration, ./contacts, ./renewal, ./domain-settings, with the shared
 * look-ups in ./domain-lookup; ./registrant-change, ./portfolio), over one context.
 */
export class OpenproviderRegistrar
  implements
    Registrar,
    PortfolioRegistrar,
    HostRegistrar,
    AuthCodeRegistrar,
    OutboundTransferRegistrar,
    DeletionRegistrar,
    SuggestionRegistrar,
    ContactRegistrar
{
  readonly name = 'openprovider' as const;
  readonly capabilities: RegistrarCapabilities = {
    transfer: true,
    transferLock: true,
    register: true,
    contactHandles: true,
    privacy: true,
  };
  readonly client: OpenproviderClient;
  private readonly ctx: OpenproviderContext;

  constructor(options: OpenproviderRegistrarOptions) {
    const client = 'client' in options ? options.client : new OpenproviderClient(options);
    this.client = client;
    this.ctx = { client, handles: options.handles, now: options.now ?? Date.now };
  }

  checkTransfer(domain: string, authCode: string): Promise<TransferCheck> {
    return transfer.checkTransfer(this.ctx, domain, authCode);
  }

  requestTransfer(request: TransferRequest): Promise<TransferRequestResult> {
    return transfer.requestTransfer(this.ctx, request);
  }

  getTransferStatus(domain: string): Promise<TransferStatus> {
    return transfer.getTransferStatus(this.ctx, domain);
  }

  getDomain(domain: string): Promise<DomainInfo | null> {
    return settings.getDomain(this.ctx, domain);
  }

  setNameservers(domain: string, nameservers: string[]): Promise<void> {
    return settings.setNameservers(this.ctx, domain, nameservers);
  }

  setTransferLock(domain: string, locked: boolean): Promise<void> {
    return settings.setTransferLock(this.ctx, domain, locked);
  }

  checkAvailability(domains: string[]): Promise<Availability[]> {
    return registration.checkAvailability(this.ctx, domains);
  }

  ensureContact(contact: Contact): Promise<{ handle: string; reused: boolean }> {
    return contacts.ensureContact(this.ctx, contact);
  }

  register(request: RegisterRequest): Promise<RegisterResult> {
    return registration.register(this.ctx, request);
  }

  listPortfolio(request: { cursor?: string; limit: number }): Promise<PortfolioPage> {
    return listOpenproviderPortfolio(this.client, (d, operation) => this.lifecycleOf(d, operation), request);
  }

  setRegistrarAutorenew(domain: string, enabled: boolean): Promise<void> {
    return settings.setRegistrarAutorenew(this.ctx, domain, enabled);
  }

  setPrivacy(domain: string, enabled: boolean): Promise<void> {
    return settings.setPrivacy(this.ctx, domain, enabled);
  }

  readLifecycle(domain: string): Promise<DomainLifecycle> {
    return renewal.readLifecycle(this.ctx, domain);
  }

  renew(request: RenewRequest): Promise<RenewResult> {
    return renewal.renew(this.ctx, request);
  }

  restore(request: RestoreRequest): Promise<RenewResult> {
    return renewal.restore(this.ctx, request);
  }

  /** A domain's contacts one role at a time (./domain-contacts; handles from ./contacts). */
  domainContact(domain: string, role: ContactRole): Promise<DomainContact | null> {
    return domainContacts.domainContact(this.ctx, domain, role);
  }

  contactHandle(contact: Contact): Promise<{ handle: string; reused: boolean }> {
    return contacts.ensureContact(this.ctx, contact);
  }

  updateContact(domain: string, role: ContactRole, contact: ContactInput): Promise<void> {
    return domainContacts.updateContact(this.ctx, domain, role, contact);
  }

  sameContactData(held: Contact, wanted: Contact): boolean {
    return domainContacts.sameCustomerData(held, wanted);
  }

  /** Owner changes: handle swap by update, or a trade (./registrant-change). */
  registrantChanger(): OpenproviderRegistrantChanger {
    return new OpenproviderRegistrantChanger(this.client);
  }

  /** The price catalogue (CatalogueRegistrar, ../catalogue.ts): GET /tlds with_price (./catalogue). */
  readCatalogue(): Promise<CatalogueEntry[]> {
    return catalogue.readCatalogue(this.ctx);
  }

  /** DNSSEC (DnssecRegistrar, ../dnssec.ts): dnssec_keys, DNSKEY only (./dnssec). */
  readonly dnssecSupport: DnssecSupport = { ds: false, dnskey: true, maxSigLife: false };

  readDnssec(domain: string): Promise<DnssecState | null> {
    return dnssec.readDnssec(this.ctx, domain);
  }

  setDnssec(domain: string, state: DnssecState): Promise<void> {
    return dnssec.setDnssec(this.ctx, domain, state);
  }

  addDnssec(domain: string, records: DnssecRecord[]): Promise<void> {
    return dnssec.addDnssec(this.ctx, domain, records);
  }

  removeDnssec(domain: string, records: DnssecRecord[]): Promise<void> {
    return dnssec.removeDnssec(this.ctx, domain, records);
  }

  async close(): Promise<void> {
    await this.client.close();
  }

  lifecycleOf(d: WireDomainObject, operation: string): DomainLifecycle {
    return renewal.lifecycleOf(this.ctx, d, operation);
  }

  // Host objects (./hosts).
  getHost(host: string): Promise<HostObject | null> {
    return hosts.getHost(this.ctx, host);
  }

  createHost(host: string, ips: string[]): Promise<void> {
    return hosts.createHost(this.ctx, host, ips);
  }

  setHostIps(host: string, ips: string[]): Promise<void> {
    return hosts.setHostIps(this.ctx, host, ips);
  }

  deleteHost(host: string): Promise<void> {
    return hosts.deleteHost(this.ctx, host);
  }

  listHosts(domain: string): Promise<HostObject[]> {
    return hosts.listHosts(this.ctx, domain);
  }

  checkHost(host: string): Promise<HostAvailability> {
    return hosts.checkHost(this.ctx, host);
  }

  // Everyday operations (./management): auth codes, transfer-out answers, .uk release, deletion, suggestions.
  getAuthCode(domain: string): Promise<AuthCodeAnswer> {
    return management.getAuthCode(this.ctx, domain);
  }

  resetAuthCode(domain: string): Promise<AuthCodeAnswer> {
    return management.resetAuthCode(this.ctx, domain);
  }

  outboundTransfer(domain: string): Promise<OutboundTransfer> {
    return management.outboundTransfer(this.ctx, domain);
  }

  answerOutboundTransfer(domain: string, answer: OutboundAnswer): Promise<void> {
    return management.answerOutboundTransfer(this.ctx, domain, answer);
  }

  pushDomain(domain: string, tag: string): Promise<void> {
    return management.pushDomain(this.ctx, domain, tag);
  }

  deleteDomain(domain: string): Promise<DeleteAnswer> {
    return management.deleteDomain(this.ctx, domain);
  }

  deleteAtExpiry(domain: string): Promise<void> {
    return management.deleteAtExpiry(this.ctx, domain);
  }

  deletesAtExpiry(domain: string): Promise<boolean> {
    return management.deletesAtExpiry(this.ctx, domain);
  }

  suggestNames(keyword: string, options: { tlds?: string[]; limit: number }): Promise<Suggestion[]> {
    return management.suggestNames(this.ctx, keyword, options);
  }

  // DNS zones (./dns-zone; src/registrars/dns.ts): Openprovider's own templates on creation.
  readonly dnsRecordTypes = dnsZone.OPENPROVIDER_DNS_TYPES;

  readZone(zone: string): Promise<ZoneSnapshot> {
    return dnsZone.readZone(this.ctx, zone);
  }

  createZone(zone: string, options: { template?: string } = {}): Promise<void> {
    return dnsZone.createZone(this.ctx, zone, options.template);
  }

  applyZoneChanges(zone: string, changes: readonly ZoneChange[]): Promise<{ calls: number }> {
    return dnsZone.applyZoneChanges(this.ctx, zone, changes);
  }
}

import type { Contact, ContactRole } from '../../domain/contact';
import type { DomainLifecycle } from '../../domain/lifecycle';
import type { ApplicationAnswer, ApplicationRegistrar, ApplicationRequest } from '../application';
import type { BackorderApplication, BackorderRegistrar } from '../backorder';
import type { ContactRegistrar, DomainContact } from '../contacts';
import { RegistrarUnsupportedError } from '../errors';
import type { HostAvailability, HostObject, HostRegistrar } from '../hosts';
import type { PortfolioPage, PortfolioRegistrar } from '../portfolio';
import type { ZoneSnapshot } from '../dns';
import type { ZoneChange } from '../../domain/dns';
import * as dnsZone from './dns-zone';
import type { AuthCodeAnswer, AuthCodeRegistrar } from '../auth-code';
import type { DeleteAnswer, DeletionRegistrar } from '../deletion';
import type { OutboundAnswer, OutboundTransfer, OutboundTransferRegistrar } from '../outbound-transfer';
import type { Suggestion, SuggestionRegistrar } from '../suggestions';
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
import type { IspapiContext } from './adapter-context';
import * as applications from './applications';
import type { DnssecRecord, DnssecState } from '../../domain/dnssec';
import type { DnssecSupport } from '../dnssec';
import * as dnssec from './dnssec';
import type { CatalogueEntry } from '../catalogue';
import * as catalogue from './catalogue';
import * as contacts from './contacts';
import * as management from './management';
import * as hosts from './hosts';
import type { IspapiClient } from './client';
import * as settings from './domain-settings';
import { listIspapiPortfolio } from './portfolio';
import { IspapiRegistrantChanger } from './registrant-change';
import * as registration from './registration';
import * as renewal from './renewal';
import * as transfer from './transfer';

export { inlineContact, ispapiDateField, ispapiDateToIso, isoToIspapiDate } from './convert';
export { ispapiDisplayExpiry, lifecycleFromDomainRow } from './lifecycle';
export { availabilityFromCheck } from './registration';
export { backorderStatusOf } from './applications';

/**
 * The Registrar interface over ISPAPI. The transfer outcome is read the way the reseller module's
 * TransferSync does (spec 3.1): a pending transfer object, else the object log and the domain.
 * A facade: each capability lives in its own module (./renewal, ./transfer, ./registration,
 * ./domain-settings, ./applications, ./registrant-change, ./portfolio), over one context.
 */
export class IspapiRegistrar
  implements
    Registrar,
    BackorderRegistrar,
    ApplicationRegistrar,
    PortfolioRegistrar,
    HostRegistrar,
    ContactRegistrar,
    AuthCodeRegistrar,
    OutboundTransferRegistrar,
    DeletionRegistrar,
    SuggestionRegistrar
{
  readonly name = 'ispapi' as const;
  readonly capabilities: RegistrarCapabilities = {
    transfer: true,
    transferLock: true,
    register: true,
    // ISPAPI takes contacts inline and keeps its own handles: nothing to create beforehand.
    contactHandles: false,
    privacy: true,
  };
  private readonly ctx: IspapiContext;

  /** `now`: the clock "expired" is judged by (tests share the sandbox clock); default the system clock */
  constructor(client: IspapiClient, options: { now?: () => Date; autoExpireWaitsMs?: readonly number[] } = {}) {
    this.ctx = { client, options, now: () => options.now?.() ?? new Date() };
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

  checkAvailability(domains: string[]): Promise<Availability[]> {
    return registration.checkAvailability(this.ctx, domains);
  }

  ensureContact(): Promise<{ handle: string; reused: boolean }> {
    return Promise.reject(new RegistrarUnsupportedError('ispapi', 'contact handles'));
  }

  register(request: RegisterRequest): Promise<RegisterResult> {
    return registration.register(this.ctx, request);
  }

  setPrivacy(domain: string, enabled: boolean): Promise<void> {
    return settings.setPrivacy(this.ctx, domain, enabled);
  }

  setNameservers(domain: string, nameservers: string[]): Promise<void> {
    return settings.setNameservers(this.ctx, domain, nameservers);
  }

  setTransferLock(domain: string, locked: boolean): Promise<void> {
    return settings.setTransferLock(this.ctx, domain, locked);
  }

  listPortfolio(request: { cursor?: string; limit: number }): Promise<PortfolioPage> {
    return listIspapiPortfolio(this.ctx.client, request, this.ctx.now());
  }

  setRegistrarAutorenew(domain: string, enabled: boolean): Promise<void> {
    return settings.setRegistrarAutorenew(this.ctx, domain, enabled);
  }

  dropDate(domain: string): Promise<string | undefined> {
    return applications.dropDate(this.ctx, domain);
  }

  placeBackorder(request: {
    domain: string;
    contacts: Record<ContactRole, ContactInput>;
    placedSince?: string;
  }): Promise<BackorderApplication> {
    return applications.placeBackorder(this.ctx, request);
  }

  backorderStatus(reference: string): Promise<BackorderApplication> {
    return applications.backorderStatus(this.ctx, reference);
  }

  /** Changes of registrant (TradeDomain and friends, ./registrant-change). */
  registrantChanger(): IspapiRegistrantChanger {
    return new IspapiRegistrantChanger(this.ctx.client);
  }

  submitApplication(request: ApplicationRequest): Promise<ApplicationAnswer> {
    return applications.submitApplication(this.ctx, request);
  }

  /** The price catalogue (CatalogueRegistrar, ../catalogue.ts): StatusUser price relations (./catalogue). */
  readCatalogue(): Promise<CatalogueEntry[]> {
    return catalogue.readCatalogue(this.ctx);
  }

  /** DNSSEC (DnssecRegistrar, ../dnssec.ts): ModifyDomain SECDNS-* (./dnssec). */
  readonly dnssecSupport: DnssecSupport = { ds: true, dnskey: true, maxSigLife: true };

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

  applicationStatus(domain: string, reference: string): Promise<ApplicationAnswer> {
    return applications.applicationStatus(this.ctx, domain, reference);
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

  // Everyday operations (./management): auth codes, transfer-out answers, push, deletion, suggestions.
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

  // A domain's contacts one role at a time (./contacts: AddContact, ModifyDomain).
  domainContact(domain: string, role: ContactRole): Promise<DomainContact | null> {
    return contacts.domainContact(this.ctx, domain, role);
  }

  contactHandle(contact: Contact): Promise<{ handle: string; reused: boolean }> {
    return contacts.contactHandle(this.ctx, contact);
  }

  updateContact(domain: string, role: ContactRole, contact: ContactInput): Promise<void> {
    return contacts.updateContact(this.ctx, domain, role, contact);
  }

  sameContactData(held: Contact, wanted: Contact): boolean {
    return contacts.sameContactData(held, wanted);
  }

  // DNS zones (./dns-zone; src/registrars/dns.ts): forwarding records included.
  readonly dnsRecordTypes = dnsZone.ISPAPI_DNS_TYPES;

  readZone(zone: string): Promise<ZoneSnapshot> {
    return dnsZone.readZone(this.ctx, zone);
  }

  createZone(zone: string): Promise<void> {
    return dnsZone.createZone(this.ctx, zone);
  }

  applyZoneChanges(zone: string, changes: readonly ZoneChange[]): Promise<{ calls: number }> {
    return dnsZone.applyZoneChanges(this.ctx, zone, changes);
  }
}

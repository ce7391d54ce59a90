import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SANDBOX_ISPAPI_CREDENTIALS } from '../../config/config';
import { parseDomainName } from '../../domain/domain-name';
import { decodeCommand, formatResponse } from '../../registrars/ispapi/wire';
import { handleCall, type SandboxAccount } from './commands';
import { IspapiFaults, type FiredFault, type IspapiFault, type IspapiFaultKind } from './faults';
import { InFlight, type ActiveFault } from '../shared/faults';
import { bulkDomainPlan, bulkDomainsSchema, CallRateLimit, type BulkDomains } from '../shared/rate-limit';
import { SandboxAccount as Ledger, type Charge, type TldPrices } from './billing';
import {
  applicationOutcomeSchema,
  auctionSchema,
  balanceSchema,
  dropSchema,
  externalDomainSchema,
  handleControl,
  loseAnswerSchema,
  ownedDomainSchema,
  parseBody,
  premiumChannelPropertySchema,
  premiumPriceSchema,
  pricesSchema,
  registrationPolicySchema,
  restorePolicySchema,
  tldPeriodsSchema,
  tradePolicySchema,
  transferOutSchema,
  transferPolicySchema,
  updatePolicySchema,
  zoneOptionsSchema,
  type ControlTarget,
} from './control';
import type { Trade, TradePolicy, ZoneOptions } from './trades';
import type { UpdatePolicy } from './updates';
import {
  IspapiRegistry,
  SandboxStateError,
  statusesOf,
  type ApplicationOutcomeStatus,
  type ApplicationStatus,
  type ContactFields,
  type DomainApplication,
  type PremiumPrice,
  type RegistrationPolicy,
  type RenewalMode,
  type RestorePolicy,
  type TldPeriods,
  type TransferPolicy,
} from './registry';

export type {
  ApplicationOutcomeStatus,
  ApplicationStatus,
  ContactFields,
  PremiumPrice,
  RegistrationPolicy,
  RenewalMode,
  RestorePolicy,
  TldPeriods,
  TransferPolicy,
} from './registry';
export type { Charge, ChargeKind, TldPrices } from './billing';
export type { TradePolicy, ZoneOptions } from './trades';
export type { SandboxAccount } from './commands';
export type { FiredFault, IspapiFault, IspapiFaultKind } from './faults';

export interface IspapiSandboxOptions {
  host?: string;
  /** 0 = a free port chosen by the OS */
  port?: number;
  /** default: one account with SANDBOX_ISPAPI_CREDENTIALS */
  accounts?: SandboxAccount[];
  now?: () => Date;
  transferPolicy?: TransferPolicy;
  /** default { mode: 'active' } */
  registrationPolicy?: RegistrationPolicy;
  /** TLDs CheckDomains answers 549 for and AddDomain refuses; default ['invalidtld'] */
  unsupportedTlds?: string[];
  /** renewal-system periods (days) per TLD, over the built-in ones (.de, .at, .eu, .swiss) */
  tldPeriods?: Record<string, Partial<TldPeriods>>;
  /** prices per TLD; default renew/register/transfer 10.00 USD a year, restore fee 50.00 */
  prices?: Record<string, TldPrices>;
  /** StatusAccount AMOUNT at start; default 1000.00 */
  balance?: string;
  /** credit limit (the balance may go this far below zero); default 0.00 */
  credit?: string;
  /** default { mode: 'immediate' } */
  restorePolicy?: RestorePolicy;
}

export interface JournalEntry {
  seq: number;
  at: string;
  command: string;
  params: Record<string, string>;
  login: string;
  code: number;
  description: string;
  /** the command ran but its answer was dropped (loseAnswer) */
  answerLost?: true;
  /** the command ran but an injected fault damaged its answer (lost, truncated, timed out) */
  fault?: IspapiFaultKind;
}

export interface SandboxDeletedDomainView {
  domain: string;
  deletedAt: string;
  /** the registry expiry it had when deleted */
  expiresAt: string;
  restorableUntil: string;
  restorePending: boolean;
}

export interface SandboxDomainView {
  domain: string;
  nameservers: string[];
  transferLock: boolean;
  expiresAt: string;
  statuses: string[];
  /** X-ACCEPT-WHOISTRUSTEE-TAC */
  privacy: boolean;
  renewalMode: RenewalMode;
  /** PAIDUNTILDATE, ISO 8601 */
  paidUntil: string;
  /** contact handles by role */
  contacts: { owner: string; admin: string; tech: string; billing: string };
  /** TLD fields as sent, e.g. { 'X-CA-LEGALTYPE': 'CCO' } */
  extras: Record<string, string>;
  roid: string;
  /** the premium class a premium name was bought under */
  premiumClass?: string;
}

export interface SandboxApplicationView {
  application: string;
  domain: string;
  /** as sent: BACKORDER or GOLIVE */
  kind: 'BACKORDER' | 'GOLIVE';
  /** resolved: COM_BACKORDER, SWISS_GOLIVE */
  class: string;
  status: ApplicationStatus;
  createdAt: string;
  updatedAt: string;
  /** contact handles by role */
  contacts: { owner: string; admin: string; tech: string; billing: string };
  nameservers: string[];
  extras: Record<string, string>;
  auctionUrl?: string;
}

export interface SandboxTradeView {
  domain: string;
  /** irtp: ICANN change of registrant; registry: a ccTLD trade */
  kind: 'irtp' | 'registry';
  status: 'REQUESTED' | 'PENDING' | 'SUCCESSFUL' | 'FAILED';
  /** the old registrant must confirm by mail */
  needsConfirmation: boolean;
  requestedAt: string;
  /** when an unconfirmed change lapses */
  dueAt?: string;
  newOwner?: string;
  oldOwner: string;
  optOutTransferLock: boolean;
  extras: Record<string, string>;
  resends: number;
  log: string[];
  reason?: string;
}

function tradeView(t: Trade): SandboxTradeView {
  return {
    domain: t.domain,
    kind: t.kind,
    status: t.status,
    needsConfirmation: t.needsConfirmation,
    requestedAt: t.requestedAt.toISOString(),
    ...(t.dueAt ? { dueAt: t.dueAt.toISOString() } : {}),
    ...(t.newContacts.OWNERCONTACT ? { newOwner: t.newContacts.OWNERCONTACT } : {}),
    oldOwner: t.oldOwner,
    optOutTransferLock: t.optOut,
    extras: { ...t.extras },
    resends: t.resends,
    log: [...t.log],
    ...(t.reason ? { reason: t.reason } : {}),
  };
}

export interface SandboxDropView {
  domain: string;
  dropAt: string;
  score: number;
}

function applicationView(a: DomainApplication): SandboxApplicationView {
  return {
    application: a.id,
    domain: a.domain,
    kind: a.kind,
    class: a.cls,
    status: a.status,
    createdAt: a.createdAt.toISOString(),
    updatedAt: a.updatedAt.toISOString(),
    contacts: {
      owner: a.contacts.OWNERCONTACT,
      admin: a.contacts.ADMINCONTACT,
      tech: a.contacts.TECHCONTACT,
      billing: a.contacts.BILLINGCONTACT,
    },
    nameservers: [...a.nameservers],
    extras: { ...a.extras },
    ...(a.auction ? { auctionUrl: a.auction.url } : {}),
  };
}

const API_PATH = '/api/call.cgi';
const CONTROL_PREFIX = '/_sandbox/';
const MAX_BODY_BYTES = 1 << 20;

class BodyTooLarge extends Error {}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new BodyTooLarge());
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, contentType: string, body: string): void {
  res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  send(res, status, 'application/json; charset=utf-8', `${JSON.stringify(body)}\n`);
}

function canonicalDomain(domain: string): string | undefined {
  const parsed = parseDomainName(domain);
  return parsed.ok ? parsed.value.ascii : undefined;
}

/**
 * A loopback HTTP server speaking the HEXONET ISPAPI wire protocol over an in-memory registry,
 * plus a JSON control surface for seeding, scripting transfer outcomes and reading the journal.
 */
export class IspapiSandbox implements ControlTarget {
  readonly url: string;
  readonly baseUrl: string;
  private entries: JournalEntry[] = [];
  private seq = 0;
  private readonly faultPlan = new IspapiFaults();
  private readonly requestsInFlight = new InFlight();
  private readonly callLimit = new CallRateLimit();

  private constructor(
    private readonly server: Server,
    private readonly registry: IspapiRegistry,
    private readonly accounts: SandboxAccount[],
    baseUrl: string,
    private readonly clockState: { offsetMs: number },
  ) {
    this.baseUrl = baseUrl;
    this.url = `${baseUrl}${API_PATH}`;
  }

  static async start(options: IspapiSandboxOptions = {}): Promise<IspapiSandbox> {
    const host = options.host ?? '127.0.0.1';
    const accounts = options.accounts ?? [{ ...SANDBOX_ISPAPI_CREDENTIALS }];
    if (accounts.length === 0) throw new Error('IspapiSandbox needs at least one account');
    const base = options.now ?? (() => new Date());
    // The `now` option is the base; advanceClock / PUT /_sandbox/clock add an offset on top.
    const clockState = { offsetMs: 0 };
    const now = (): Date => new Date(base().getTime() + clockState.offsetMs);
    const registry = new IspapiRegistry(
      now,
      options.transferPolicy ?? { mode: 'manual' },
      accounts[0]!.login,
      options.registrationPolicy ? parseBody(registrationPolicySchema, options.registrationPolicy) : undefined,
      options.unsupportedTlds,
      {
        account: new Ledger(options.balance, options.credit, options.prices),
        tldPeriods: options.tldPeriods,
        restorePolicy: options.restorePolicy ? parseBody(restorePolicySchema, options.restorePolicy) : undefined,
      },
    );
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const { port } = server.address() as AddressInfo;
    const urlHost = host.includes(':') ? `[${host}]` : host;
    const sandbox = new IspapiSandbox(server, registry, accounts, `http://${urlHost}:${port}`, clockState);
    server.on('request', (req, res) => {
      sandbox.route(req, res).catch((err: unknown) => {
        if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', `sandbox error: ${String(err)}\n`);
        else res.destroy();
      });
    });
    return sandbox;
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
    const method = req.method ?? 'GET';
    let body: string;
    try {
      body = await readBody(req);
    } catch (err) {
      if (err instanceof BodyTooLarge) return send(res, 413, 'text/plain; charset=utf-8', 'request body too large\n');
      throw err;
    }
    if (url.pathname === API_PATH) {
      if (method !== 'POST' && method !== 'GET') return send(res, 405, 'text/plain; charset=utf-8', 'use POST\n');
      this.requestsInFlight.track(res);
      // Body is a form whatever the Content-Type (spec 1.2); query fields fill in what the body lacks.
      const form = new URLSearchParams(body);
      for (const [key, value] of url.searchParams) if (!form.has(key)) form.append(key, value);
      return this.faultPlan.serve(req, res, form, {
        execute: (damaged) => this.call(form, damaged),
        now: () => this.registry.now(),
      });
    }
    const faultReply = this.faultPlan.control(method, url.pathname, body);
    if (faultReply) return sendJson(res, faultReply.status, faultReply.body);
    if (url.pathname.startsWith(CONTROL_PREFIX)) {
      const reply = handleControl(this, method, url, body);
      return sendJson(res, reply.status, reply.body);
    }
    sendJson(res, 404, {
      error: `not found: ${url.pathname} (ISPAPI is at ${API_PATH}, control at ${CONTROL_PREFIX})`,
    });
  }

  /** Runs one command and journals it; `damaged` says which injected fault spoils its answer. */
  private call(form: URLSearchParams, damaged?: IspapiFaultKind): { text: string } {
    let outcome;
    try {
      outcome = this.callLimit.admit()
        ? handleCall(this.registry, this.accounts, form)
        : {
            // Over the configured calls per second: the API's own answer (spec 1.6), nothing runs.
            response: { code: 425, description: 'Service temporarily locked; usage exceeded' },
            command: decodeCommand(form.get('s_command') ?? '').COMMAND ?? '',
            params: {},
            login: form.get('s_login') ?? '',
          };
    } catch (err) {
      // A bug in a handler must look like the API's own transient failure, not a dropped socket.
      console.error('ispapi sandbox: command failed', err);
      outcome = {
        response: { code: 421, description: 'Command failed due to server error. Client should try again' },
        command: '',
        params: {},
        login: form.get('s_login') ?? '',
      };
    }
    this.entries.push({
      seq: ++this.seq,
      at: this.registry.now().toISOString(),
      command: outcome.command,
      params: outcome.params,
      login: outcome.login,
      code: outcome.response.code,
      description: outcome.response.description,
      ...(damaged === 'lose-answer' ? { answerLost: true as const } : {}),
      ...(damaged ? { fault: damaged } : {}),
    });
    return { text: formatResponse(outcome.response) };
  }

  /**
   * The next `times` (default 1) calls of `command` are executed (and charged) but answered by
   * destroying the connection: the client sees a socket error, as when a proxy or network drops
   * the answer. This is how tests prove exactly-once.
   */
  loseAnswer(f: { command: string; times?: number }): void {
    const fault = parseBody(loseAnswerSchema, f);
    this.faultPlan.add({ command: fault.command, fault: 'lose-answer', times: fault.times ?? 1 });
  }

  /**
   * Scripts a fault for the next `times` (default 1; 'always' until cleared) calls of `command`
   * (any command when absent), each hit with `probability` (default 1) drawn from the seeded
   * random source. The kinds and what they do are listed in ./faults.ts and docs/sandbox.md.
   */
  injectFault(fault: IspapiFault): void {
    this.faultPlan.add(fault);
  }

  clearFaults(): void {
    this.faultPlan.clear();
  }

  /** Restarts the random source that probabilistic faults draw from. */
  setFaultSeed(seed: number): void {
    this.faultPlan.seed(seed);
  }

  /** The faults still scripted and every call a fault hit so far. */
  faults(): { seed: number; faults: Array<ActiveFault<IspapiFault>>; fired: FiredFault[] } {
    return this.faultPlan.view();
  }

  /** API requests received and not answered yet. */
  inFlight(): number {
    return this.requestsInFlight.value;
  }

  // ---- clock --------------------------------------------------------------------------------

  /** The sandbox clock: the `now` option plus the offset. */
  clock(): { now: string; offsetMs: number } {
    return { now: this.registry.now().toISOString(), offsetMs: this.clockState.offsetMs };
  }

  setClockOffset(offsetMs: number): void {
    this.clockState.offsetMs = offsetMs;
  }

  /** Moves the sandbox clock forward (the renewal system catches up lazily on the next request). */
  advanceClock(ms: number): void {
    this.clockState.offsetMs += ms;
  }

  // ---- money ---------------------------------------------------------------------------------

  /** Every charge in order: renewals, payments, restores, AUTORENEW, registrations, transfers, registry trades. */
  charges(filter: { domain?: string } = {}): Charge[] {
    this.registry.settle();
    return this.registry.account.charges({ domain: filter.domain ? canonicalDomain(filter.domain) : undefined });
  }

  /** What StatusAccount answers. */
  account(): { amount: string; credit: string; currency: string } {
    this.registry.settle();
    return this.registry.account.status();
  }

  setBalance(b: { amount: string; credit?: string }): void {
    const parsed = parseBody(balanceSchema, b);
    this.registry.account.setBalance(parsed.amount, parsed.credit);
  }

  setPrices(tld: string, prices: TldPrices): void {
    this.registry.account.setPrices(tld, parseBody(pricesSchema, prices));
  }

  // ---- lifecycle -------------------------------------------------------------------------------

  setTldPeriods(tld: string, periods: Partial<TldPeriods>): void {
    this.registry.setTldPeriods(tld, parseBody(tldPeriodsSchema, periods));
  }

  setRestorePolicy(p: RestorePolicy): void {
    this.registry.restorePolicy = parseBody(restorePolicySchema, p);
  }

  /** CheckDomains' premium channel column: PREMIUMCHANNELS (the reference's table, default) or PREMIUMCHANNEL (its example). */
  setPremiumChannelProperty(name: 'PREMIUMCHANNELS' | 'PREMIUMCHANNEL'): void {
    this.registry.premiumChannelProperty = parseBody(premiumChannelPropertySchema, { name }).name;
  }

  /** ModifyDomain at once (default), or answered PENDING=1 and applied afterMs later on the sandbox clock. */
  setUpdatePolicy(p: UpdatePolicy): void {
    this.registry.updates.policy = parseBody(updatePolicySchema, p);
  }

  /** As if it expired unrenewed: dates moved back so FAILUREDATE is now, then deleted (restorable). */
  expireDomain(domain: string): void {
    this.registry.settle();
    this.registry.expireDomain(this.nameOf(domain));
  }

  /** Deleted now with its dates unchanged (restorable for DELETIONRESTORABLEPERIOD). */
  deleteDomain(domain: string): void {
    this.registry.settle();
    this.registry.deleteDomain(this.nameOf(domain));
  }

  /**
   * Another registrar took the domain. By default the object log gets OUTBOUND_TRANSFER/SUCCESSFUL
   * and StatusDomain answers 545; `answer: 531` scripts "Authorization failed" instead, `logged:
   * false` leaves no log entry (QueryObjectList DELETEDDOMAIN then answers 545, spec 3.2).
   */
  transferOut(domain: string, opts?: { answer?: 531 | 545; logged?: boolean }): void {
    this.registry.settle();
    this.registry.transferOut(this.nameOf(domain), parseBody(transferOutSchema, opts) ?? {});
  }

  deletedDomain(domain: string): SandboxDeletedDomainView | undefined {
    this.registry.settle();
    const canonical = canonicalDomain(domain);
    const x = canonical === undefined ? undefined : this.registry.deletedDomain(canonical);
    if (!x) return undefined;
    return {
      domain: x.domain,
      deletedAt: x.deletedAt.toISOString(),
      expiresAt: x.expiresAt.toISOString(),
      restorableUntil: x.restorableUntil.toISOString(),
      restorePending: x.restoreCompletesAt !== undefined,
    };
  }

  private nameOf(domain: string): string {
    const canonical = canonicalDomain(domain);
    if (!canonical) throw new SandboxStateError(`not a domain name: ${domain}`);
    return canonical;
  }

  journal(filter: { command?: string; domain?: string } = {}): JournalEntry[] {
    const command = filter.command?.toLowerCase();
    const domain = filter.domain?.toLowerCase();
    return this.entries
      .filter((e) => !command || e.command.toLowerCase() === command)
      .filter((e) => !domain || e.params.DOMAIN?.toLowerCase() === domain)
      .map((e) => ({ ...e, params: { ...e.params } }));
  }

  seedExternalDomain(d: {
    domain: string;
    authCode: string;
    nameservers: string[];
    transferLock?: boolean;
    registrar?: string;
    /** in another account of this registrar: a usertransfer (TransferDomain ACTION=USERTRANSFER) */
    internal?: boolean;
  }): void {
    this.registry.seedExternal(parseBody(externalDomainSchema, d));
  }

  seedDomain(d: {
    domain: string;
    nameservers: string[];
    expiresAt?: Date;
    /** PAIDUNTILDATE; default expiresAt */
    paidUntil?: Date;
    transferLock?: boolean;
    authCode?: string;
    /** default AUTOEXPIRE */
    renewalMode?: RenewalMode;
    /** the registrant as inline ISPAPI fields, e.g. { FIRSTNAME: 'Jan', LASTNAME: 'Jansen', EMAIL: 'jan@example.nl' } */
    owner?: ContactFields;
  }): void {
    this.registry.seedOwned(parseBody(ownedDomainSchema, d));
  }

  /**
   * Many domains at once (`<prefix><n>.<tld>`, expiries spread over `spreadDays`), AUTOEXPIRE, for
   * portfolio tests and benchmarks: 100,000 take about a second.
   */
  seedDomains(b: BulkDomains): { seeded: number; first: string; last: string } {
    const input = parseBody(bulkDomainsSchema, b);
    const plan = bulkDomainPlan(input, this.registry.now());
    this.registry.seedOwnedMany(plan, input.nameservers);
    return { seeded: plan.length, first: plan[0]!.domain, last: plan[plan.length - 1]!.domain };
  }

  /** At most `callsPerSecond` API calls in any second (null: no limit); more are answered 425. */
  setRateLimit(callsPerSecond: number | null): void {
    this.callLimit.set(callsPerSecond);
  }

  rateLimit(): { callsPerSecond: number | null; rejected: number } {
    return this.callLimit.describe();
  }

  removeDomain(domain: string): void {
    const canonical = canonicalDomain(domain);
    if (!canonical) throw new SandboxStateError(`not a domain name: ${domain}`);
    this.registry.remove(canonical);
  }

  setTransferPolicy(p: TransferPolicy): void {
    this.registry.policy = parseBody(transferPolicySchema, p);
  }

  setRegistrationPolicy(p: RegistrationPolicy): void {
    this.registry.registrationPolicy = parseBody(registrationPolicySchema, p);
  }

  /** A pending (REQUESTEDCREATE) registration becomes ACTIVE now. */
  activateRegistration(domain: string): void {
    this.registry.settle();
    const canonical = canonicalDomain(domain);
    if (!canonical) throw new SandboxStateError(`not a domain name: ${domain}`);
    this.registry.activateRegistration(canonical);
  }

  /** Makes a name premium at this price (null: not premium, even with a "premium-" label). */
  setPremium(domain: string, price: PremiumPrice | null): void {
    const canonical = canonicalDomain(domain);
    if (!canonical) throw new SandboxStateError(`not a domain name: ${domain}`);
    this.registry.setPremium(canonical, price === null ? null : parseBody(premiumPriceSchema, price));
  }

  /** Inline contact data behind a handle the sandbox created. */
  contact(handle: string): ContactFields | undefined {
    return this.registry.contact(handle);
  }

  approveTransfer(domain: string): void {
    this.registry.settle();
    this.registry.completeTransfer(this.pendingName(domain));
  }

  rejectTransfer(domain: string, reason?: string): void {
    this.registry.settle();
    this.registry.failTransfer(this.pendingName(domain), reason);
  }

  pendingTransfers(): Array<{ domain: string; requestedAt: string; requestedNameservers: string[] }> {
    this.registry.settle();
    return this.registry.listPendingTransfers().map((t) => ({
      domain: t.domain,
      requestedAt: t.requestedAt.toISOString(),
      requestedNameservers: [...t.requestedNameservers],
    }));
  }

  domain(domain: string): SandboxDomainView | undefined {
    this.registry.settle();
    const canonical = canonicalDomain(domain);
    const d = canonical === undefined ? undefined : this.registry.ownedDomain(canonical);
    if (!d) return undefined;
    return {
      domain: d.domain,
      nameservers: [...d.nameservers],
      transferLock: d.transferLock,
      expiresAt: d.expiresAt.toISOString(),
      paidUntil: d.paidUntil.toISOString(),
      statuses: statusesOf(d),
      privacy: d.privacy,
      renewalMode: d.renewalMode,
      contacts: {
        owner: d.contacts.OWNERCONTACT,
        admin: d.contacts.ADMINCONTACT,
        tech: d.contacts.TECHCONTACT,
        billing: d.contacts.BILLINGCONTACT,
      },
      extras: { ...d.extras },
      roid: d.roid,
      premiumClass: d.premiumClass,
    };
  }

  // ---- drop list and applications (backorders, .swiss) ----------------------------------------

  /** Puts a domain on the pending-delete list, dropping at dropAt (QueryDomainPendingDeleteList FINALIZATIONDATE). */
  seedDrop(d: { domain: string; dropAt: Date; score?: number }): void {
    this.registry.seedDrop(parseBody(dropSchema, d));
  }

  /** The drop list as the API shows it now (names already dropped are gone). */
  pendingDrops(): SandboxDropView[] {
    return this.registry
      .pendingDrops()
      .map((d) => ({ domain: d.domain, dropAt: d.dropAt.toISOString(), score: d.score }));
  }

  /** Every application still known (cleaned-up ones are gone), oldest first. */
  applications(filter: { domain?: string } = {}): SandboxApplicationView[] {
    this.registry.settle();
    const domain = filter.domain === undefined ? undefined : this.nameOf(filter.domain);
    return this.registry.listApplications({ domain }).map(applicationView);
  }

  /**
   * Scripts the registry's answer for the domain's open applications, and for ones placed later:
   * afterMs (default 0) after this call or after the application, whichever is later, on the
   * sandbox clock. SUCCESSFUL with several open backorders starts an auction (AUCTION-PENDING for
   * all) instead; finish it with resolveAuction. SUCCESSFUL and AUCTION-WON put the domain into the
   * account (a .swiss domain for its period, a caught backorder for a year).
   */
  setApplicationOutcome(
    domain: string,
    outcome: { status: ApplicationOutcomeStatus; afterMs?: number; auctionUrl?: string },
  ): void {
    this.registry.setApplicationOutcome(this.nameOf(domain), parseBody(applicationOutcomeSchema, outcome));
  }

  /** The registry approves now (SUCCESSFUL): a .swiss domain is created with a 1-year expiry. */
  approveApplication(domain: string): void {
    this.registry.settle();
    this.registry.approveApplication(this.nameOf(domain));
  }

  /** The registry refuses now (FAILED). */
  refuseApplication(domain: string): void {
    this.registry.settle();
    this.registry.refuseApplication(this.nameOf(domain));
  }

  /** The applications of the domain disappear (auto-cleanup, or deleted by an admin): StatusDomainApplication answers 545. */
  cleanupApplication(domain: string): void {
    this.registry.settle();
    this.registry.cleanupApplication(this.nameOf(domain));
  }

  /** Ends the auction among the domain's backorders: AUCTION-WON for the winner, AUCTION-LOST for the others. */
  resolveAuction(domain: string, winnerApplicationId: string): void {
    this.registry.settle();
    const { winner } = parseBody(auctionSchema, { winner: winnerApplicationId });
    this.registry.resolveAuction(this.nameOf(domain), winner);
  }

  // ---- changes of registrant (trades) ------------------------------------------------------

  /** Every trade the sandbox knows (a cancelled one is gone), with its log. */
  trades(): SandboxTradeView[] {
    this.registry.settle();
    return this.registry.trades.list().map(tradeView);
  }

  /** The old registrant confirms (IRTP), or the registry approves (ccTLD trade): SUCCESSFUL now. */
  confirmTrade(domain: string): void {
    this.registry.settle();
    this.registry.trades.confirm(this.nameOf(domain));
  }

  /** The old registrant denies, or the registry refuses: FAILED now. */
  denyTrade(domain: string, reason?: string): void {
    this.registry.settle();
    this.registry.trades.deny(this.nameOf(domain), reason);
  }

  /**
   * How ccTLD registry trades answer: realtime (default), or pending until confirmTrade/denyTrade,
   * or decided `afterMs` later on the sandbox clock. Unconfirmed IRTP changes lapse after 14 days
   * on the sandbox clock whatever the policy (advanceClock lets them expire).
   */
  setTradePolicy(p: TradePolicy): void {
    this.registry.trades.policy = parseBody(tradePolicySchema, p);
  }

  /** QueryDomainOptions' answer for a TLD (ZONEPOLICYREGISTRANTNAMECHANGEBY, REPOSITORY). */
  setZoneOptions(tld: string, o: ZoneOptions): void {
    this.registry.trades.setZoneOptions(tld, parseBody(zoneOptionsSchema, o));
  }

  /** End of the 60-day IRTP transfer lock left by a trade, if it still runs. */
  tradeLockUntil(domain: string): string | undefined {
    this.registry.settle();
    return this.registry.trades.lockedUntil(this.nameOf(domain))?.toISOString();
  }

  reset(): void {
    this.registry.reset();
    this.entries = [];
    this.seq = 0;
    this.faultPlan.reset();
    this.callLimit.set(null);
    this.clockState.offsetMs = 0;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.close((err) => (err ? reject(err) : resolve()));
      // Keep-alive sockets (undici pools them) would hold close() open until they time out.
      this.server.closeAllConnections();
    });
  }

  private pendingName(domain: string): string {
    const canonical = canonicalDomain(domain);
    if (!canonical || !this.registry.pendingTransfer(canonical)) {
      throw new SandboxStateError(`no pending transfer for ${domain}`);
    }
    return canonical;
  }
}

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { SANDBOX_ISPAPI_CREDENTIALS } from '../../registrars/ispapi/config';
import { decodeCommand, formatResponse } from '../../registrars/ispapi/wire';
import {
  BodyTooLarge,
  closeServer,
  listen,
  readBody,
  sendJson as sendJsonWith,
  sendText,
} from '../../util/http-server';
import { handleCall, type SandboxAccount } from './commands';
import { clearSessions, holdsSession } from './commands/sessions';
import { clearDnsZones } from './registry/dns-zones';
import { handleDnsControl } from './dns-control';
import { type IspapiFaultKind } from './faults';
import { SandboxAccount as Ledger } from './billing';
import { handleControl, parseBody, registrationPolicySchema, restorePolicySchema, type ControlTarget } from './control';
import {
  IspapiRegistry,
  SandboxStateError,
  type RegistrationPolicy,
  type RestorePolicy,
  type TldPeriods,
  type TransferPolicy,
} from './registry';
import type { TldPrices } from './billing';
import { IspapiApplicationControls } from './sandbox/applications';

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
  /**
   * default: one account with SANDBOX_ISPAPI_CREDENTIALS. Each account is a separate reseller
   * account with its own domains, contacts, balance and prices (forLogin(login) controls it); the
   * other options apply to each. The first one is the one the sandbox's own controls act on.
   */
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
export type {
  JournalEntry,
  SandboxApplicationView,
  SandboxDeletedDomainView,
  SandboxDomainView,
  SandboxDropView,
  SandboxTradeView,
} from './sandbox/views';

const API_PATH = '/api/call.cgi';
const CONTROL_PREFIX = '/_sandbox/';
const MAX_BODY_BYTES = 1 << 20;

/** ISPAPI's JSON answers: charset and a trailing newline, as before the shared helper. */
function sendJson(res: ServerResponse, status: number, body: unknown): void {
  sendJsonWith(res, status, body, { headers: { 'content-type': 'application/json; charset=utf-8' }, newline: true });
}

/**
 * A loopback HTTP server speaking the HEXONET ISPAPI wire protocol over an in-memory registry,
 * plus a JSON control surface for seeding, scripting transfer outcomes and reading the journal.
 */
export class IspapiSandbox extends IspapiApplicationControls implements ControlTarget {
  readonly url: string;
  readonly baseUrl: string;

  private readonly views = new Map<string, IspapiAccountView>();

  private constructor(
    private readonly server: Server,
    private readonly registries: Map<string, IspapiRegistry>,
    private readonly accounts: SandboxAccount[],
    baseUrl: string,
    clockState: { offsetMs: number },
  ) {
    super(registries.get(accounts[0]!.login)!, clockState);
    this.baseUrl = baseUrl;
    this.url = `${baseUrl}${API_PATH}`;
  }

  /**
   * The controls of one account's registry (seed its domains, read its charges and balance); the
   * first account's are the sandbox's own. Over HTTP: /_sandbox/logins/<login>/<control>.
   */
  forLogin(login: string): IspapiApplicationControls & ControlTarget {
    const registry = this.registries.get(login);
    if (!registry) throw new SandboxStateError(`no sandbox account ${login}`);
    if (registry === this.registry) return this;
    let view = this.views.get(login);
    if (!view) this.views.set(login, (view = new IspapiAccountView(registry, this.clockState, this)));
    return view;
  }

  /** The registry a call is for: the session's account, else the account part of s_login. */
  private registryFor(form: URLSearchParams): IspapiRegistry {
    const session = form.get('s_session');
    if (session) {
      for (const registry of this.registries.values()) if (holdsSession(registry, session)) return registry;
    }
    const accountLogin = (form.get('s_login') ?? '').split('!')[0] ?? '';
    return this.registries.get(accountLogin) ?? this.registry;
  }

  static async start(options: IspapiSandboxOptions = {}): Promise<IspapiSandbox> {
    const host = options.host ?? '127.0.0.1';
    const accounts = options.accounts ?? [{ ...SANDBOX_ISPAPI_CREDENTIALS }];
    if (accounts.length === 0) throw new Error('IspapiSandbox needs at least one account');
    const base = options.now ?? (() => new Date());
    // The `now` option is the base; advanceClock / PUT /_sandbox/clock add an offset on top.
    const clockState = { offsetMs: 0 };
    const now = (): Date => new Date(base().getTime() + clockState.offsetMs);
    // One registry per account: a login sees only its own objects, as separate accounts at HEXONET do.
    const registries = new Map(
      accounts.map((account) => [
        account.login,
        new IspapiRegistry(
          now,
          options.transferPolicy ?? { mode: 'manual' },
          account.login,
          options.registrationPolicy ? parseBody(registrationPolicySchema, options.registrationPolicy) : undefined,
          options.unsupportedTlds,
          {
            account: new Ledger(options.balance, options.credit, options.prices),
            tldPeriods: options.tldPeriods,
            restorePolicy: options.restorePolicy ? parseBody(restorePolicySchema, options.restorePolicy) : undefined,
          },
        ),
      ]),
    );
    for (const registry of registries.values()) {
      registry.heldByAnotherAccount = (domain) =>
        [...registries.values()].some((other) => other !== registry && other.ownedDomain(domain) !== undefined);
    }
    const server = createServer();
    const { url } = await listen(server, host, options.port);
    const sandbox = new IspapiSandbox(server, registries, accounts, url, clockState);
    server.on('request', (req, res) => {
      sandbox.route(req, res).catch((err: unknown) => {
        if (!res.headersSent) sendText(res, 500, `sandbox error: ${String(err)}\n`);
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
      body = (await readBody(req, { limit: MAX_BODY_BYTES })).toString('utf8');
    } catch (err) {
      if (err instanceof BodyTooLarge) return sendText(res, 413, 'request body too large\n');
      throw err;
    }
    if (url.pathname === API_PATH) {
      if (method !== 'POST' && method !== 'GET') return sendText(res, 405, 'use POST\n');
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
    const dnsReply = handleDnsControl(this.registry, method, url.pathname, body);
    if (dnsReply) return sendJson(res, dnsReply.status, dnsReply.body);
    const perLogin = /^\/_sandbox\/logins\/([^/]+)(\/.*)$/.exec(url.pathname);
    if (perLogin) {
      const login = decodeURIComponent(perLogin[1]!);
      if (!this.registries.has(login)) return sendJson(res, 404, { error: `no sandbox account ${login}` });
      const inner = new URL(url);
      inner.pathname = `/_sandbox${perLogin[2]}`;
      const reply = handleControl(this.forLogin(login), method, inner, body);
      return sendJson(res, reply.status, reply.body);
    }
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
        ? handleCall(this.registryFor(form), this.accounts, form)
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
      ...('viaSession' in outcome && outcome.viaSession ? { viaSession: true as const } : {}),
      code: outcome.response.code,
      description: outcome.response.description,
      ...(damaged === 'lose-answer' ? { answerLost: true as const } : {}),
      ...(damaged ? { fault: damaged } : {}),
    });
    return { text: formatResponse(outcome.response) };
  }

  reset(): void {
    for (const registry of this.registries.values()) {
      registry.reset();
      clearSessions(registry);
      clearDnsZones(registry);
    }
    this.entries = [];
    this.seq = 0;
    this.faultPlan.reset();
    this.callLimit.set(null);
    this.clockState.offsetMs = 0;
  }

  /** Keep-alive sockets (undici pools them) would hold close() open until they time out: closeServer drops them. */
  async close(): Promise<void> {
    await closeServer(this.server);
  }
}

/** The controls over one more account's registry (IspapiSandbox.forLogin); calls are journalled by the sandbox. */
class IspapiAccountView extends IspapiApplicationControls implements ControlTarget {
  constructor(
    registry: IspapiRegistry,
    clockState: { offsetMs: number },
    /** the sandbox: its journal, faults and call limit serve every account, so they are asked there */
    private readonly owner: IspapiSandbox,
  ) {
    super(registry, clockState);
  }

  override journal(filter: { command?: string; domain?: string } = {}) {
    return this.owner.journal(filter);
  }
  override loseAnswer(f: { command: string; times?: number }): void {
    this.owner.loseAnswer(f);
  }
  override injectFault(fault: Parameters<IspapiSandbox['injectFault']>[0]): void {
    this.owner.injectFault(fault);
  }
  override clearFaults(): void {
    this.owner.clearFaults();
  }
  override setFaultSeed(seed: number): void {
    this.owner.setFaultSeed(seed);
  }
  override faults() {
    return this.owner.faults();
  }
  override inFlight(): number {
    return this.owner.inFlight();
  }
  override setRateLimit(callsPerSecond: number | null): void {
    this.owner.setRateLimit(callsPerSecond);
  }
  override rateLimit() {
    return this.owner.rateLimit();
  }

  /** This account's objects only (the sandbox's reset clears every account). */
  reset(): void {
    this.registry.reset();
    clearSessions(this.registry);
    clearDnsZones(this.registry);
  }
}

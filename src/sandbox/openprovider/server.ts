import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { maskSecrets } from '../../registrars/openprovider/codes';
import { BodyTooLarge, closeServer, listen, readBody as readRequestBody, sendJson } from '../../util/http-server';
import { hang, resetConnection, sleep } from '../shared/faults';
import { OpenproviderControlSurface } from './control';
import { DEFAULT_TOKEN_TTL_MS, SANDBOX_OPENPROVIDER_CREDENTIALS, SANDBOX_RESELLER_ID } from './constants';
import type { SandboxCoreOptions } from './controls';
import {
  ApiError,
  DEFAULT_PREMIUM_RULE,
  DEFAULT_UNSUPPORTED_EXTENSIONS,
  ERR,
  type PremiumRule,
  type RegistrationPolicy,
  type TransferPolicy,
} from './registry';
import { dispatchRoute, domainOf, matchRoute } from './routes';
import { handleDnsControl } from './dns-control';
import type { JournalEntry } from './views';

export type {
  Charge,
  ChargeKind,
  PremiumPrice,
  PremiumRule,
  RegistrationPolicy,
  TldConfig,
  TransferPolicy,
} from './registry';
export { defaultTldConfig, PARKING_NAMESERVERS } from './registry';
export {
  SANDBOX_OPENPROVIDER_CREDENTIALS,
  SANDBOX_OPENPROVIDER_DEFAULT_HANDLE,
  SANDBOX_RESELLER_ID,
} from './constants';
export type { InjectedFault, JournalEntry, SandboxDomainView } from './views';

export interface OpenproviderSandboxOptions {
  host?: string;
  /** 0 (default) picks a free port */
  port?: number;
  credentials?: { username: string; password: string };
  /** how long a login token is valid (default 48 h, like the real API); afterwards calls answer 196 */
  tokenTtlMs?: number;
  now?: () => Date;
  transferPolicy?: TransferPolicy;
  /** default { mode: 'active' }: registrations are ACT at once */
  registrationPolicy?: RegistrationPolicy;
  /** which free names are premium and at what price (default: "premium-" names at 120.00 USD) */
  premium?: PremiumRule;
  /** extensions answered with 307 (default DEFAULT_UNSUPPORTED_EXTENSIONS) */
  unsupportedExtensions?: readonly string[];
}

/** Over 1,000,000 bytes: the 500 envelope naming it, as before the shared helper. */
async function readBody(req: IncomingMessage): Promise<string> {
  try {
    return (await readRequestBody(req, { limit: 1_000_000, onExceed: 'stop' })).toString('utf8');
  } catch (err) {
    throw err instanceof BodyTooLarge ? new Error('request body too large') : err;
  }
}

/**
 * A local Openprovider REST v1beta server (real node:http on loopback) over an in-memory registry,
 * with a journal of every API call and a JSON control surface under /_sandbox.
 */
export class OpenproviderSandbox extends OpenproviderControlSurface {
  readonly baseUrl: string;

  private constructor(
    private readonly server: Server,
    baseUrl: string,
    options: SandboxCoreOptions,
    initialPolicy: TransferPolicy,
    initialRegistrationPolicy: RegistrationPolicy,
    catalog: { premium: PremiumRule; unsupportedExtensions: readonly string[] },
  ) {
    super(options, initialPolicy, initialRegistrationPolicy, catalog);
    this.baseUrl = baseUrl;
  }

  static async start(options: OpenproviderSandboxOptions = {}): Promise<OpenproviderSandbox> {
    const host = options.host ?? '127.0.0.1';
    const server = createServer();
    const { url } = await listen(server, host, options.port);
    const sandbox = new OpenproviderSandbox(
      server,
      url,
      {
        credentials: options.credentials ?? { ...SANDBOX_OPENPROVIDER_CREDENTIALS },
        tokenTtlMs: options.tokenTtlMs ?? DEFAULT_TOKEN_TTL_MS,
        now: options.now ?? (() => new Date()),
      },
      options.transferPolicy ?? { mode: 'manual' },
      options.registrationPolicy ?? { mode: 'active' },
      {
        premium: options.premium ?? DEFAULT_PREMIUM_RULE,
        unsupportedExtensions: options.unsupportedExtensions ?? DEFAULT_UNSUPPORTED_EXTENSIONS,
      },
    );
    server.on('request', (req, res) => {
      sandbox.handle(req, res).catch((err: unknown) => {
        if (!res.headersSent)
          sendJson(res, 500, { code: 399, desc: 'An unknown domain error has occurred', data: String(err) });
      });
    });
    return sandbox;
  }

  async close(): Promise<void> {
    await closeServer(this.server);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sandbox');
    const method = (req.method ?? 'GET').toUpperCase();
    const raw = await readBody(req);
    const dnsReply = handleDnsControl(this.registry, method, url.pathname, raw);
    if (dnsReply) return sendJson(res, dnsReply.status, dnsReply.body);
    if (url.pathname === '/_sandbox' || url.pathname.startsWith('/_sandbox/')) {
      this.control(method, url, raw, res);
      return;
    }
    this.requestsInFlight.track(res);
    const route = matchRoute(method, url.pathname);
    const journal: JournalEntry = {
      seq: 0,
      at: this.now().toISOString(),
      method,
      route: `${method} ${route?.template ?? url.pathname}`,
      path: `${url.pathname}${url.search}`,
      status: 0,
    };
    let body: unknown;
    let status = 200;
    let payload: unknown;
    try {
      if (raw !== '') {
        try {
          body = JSON.parse(raw);
        } catch {
          throw ERR.badRequest('body: not valid JSON');
        }
      }
      journal.body = body === undefined ? undefined : maskSecrets(body);
      journal.domain = domainOf(body, url.searchParams);
      // Over the configured calls per second: Openprovider's own answer (spec 1.3), nothing runs.
      if (!this.callLimit.admit()) throw new ApiError(50, 'Calls limit has been reached', '', 500);
      const { delayMs, fault } = this.faultPlan.take(journal.route);
      if (delayMs > 0) await sleep(delayMs);
      // Neither reaches the registry: nothing executed, nothing journaled.
      if (fault?.reset) return resetConnection(req, res);
      if (fault?.timeout) return await hang(req, res, fault.timeoutMs);
      if (fault?.loseAnswer) {
        // Executed like any call; only the answer never leaves.
        let code = 0;
        try {
          if (!route) throw new ApiError(404, 'Not found', `${method} ${url.pathname}`, 404);
          if (route.template !== '/v1beta/auth/login') this.authenticate(req);
          this.dispatch(route.template, method, route.param, body, url.searchParams, journal);
        } catch (err) {
          if (!(err instanceof ApiError)) throw err;
          code = err.code;
        }
        journal.code = code;
        journal.lost = true;
        this.record(journal);
        res.destroy();
        req.socket.destroy();
        return;
      }
      if (fault) {
        journal.injected = true;
        status = fault.httpStatus ?? (fault.code && fault.code !== 0 ? 500 : 200);
        if (fault.rawBody !== undefined) {
          journal.status = status;
          this.record(journal);
          res.writeHead(status, { 'content-type': 'application/json' });
          res.end(fault.rawBody);
          return;
        }
        payload = {
          code: fault.code ?? 0,
          desc:
            fault.desc ??
            (fault.maintenance ? 'The Openprovider system is temporarily unavailable because of maintenance' : ''),
          data: fault.data ?? '',
          ...(fault.maintenance !== undefined ? { maintenance: fault.maintenance } : {}),
        };
      } else {
        if (!route) throw new ApiError(404, 'Not found', `${method} ${url.pathname}`, 404);
        if (route.template !== '/v1beta/auth/login') this.authenticate(req);
        const data = this.dispatch(route.template, method, route.param, body, url.searchParams, journal);
        payload = { code: 0, desc: '', data };
      }
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      status = err.httpStatus;
      payload = { code: err.code, desc: err.desc, data: err.data };
    }
    journal.code = (payload as { code: number }).code;
    journal.status = status;
    this.record(journal);
    sendJson(res, status, payload);
  }

  private record(entry: JournalEntry): void {
    entry.seq = ++this.seq;
    this.journalEntries.push(entry);
  }

  private authenticate(req: IncomingMessage): void {
    const header = req.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const expiresAt = match ? this.tokens.get(match[1]!) : undefined;
    if (!expiresAt) throw ERR.authFailed();
    if (expiresAt.getTime() <= this.now().getTime()) {
      this.tokens.delete(match![1]!);
      throw ERR.authFailed();
    }
  }

  private dispatch(
    template: string,
    method: string,
    param: string | undefined,
    body: unknown,
    query: URLSearchParams,
    journal: JournalEntry,
  ): unknown {
    return dispatchRoute(`${method} ${template}`, {
      registry: this.registry,
      param,
      body,
      query,
      journal,
      login: (username, password) => this.login(username, password),
    });
  }

  /** POST /auth/login: a token valid tokenTtlMs on the sandbox clock. */
  private login(username: string, password: string): { token: string; reseller_id: number } {
    const c = this.options.credentials;
    if (username !== c.username || password !== c.password) throw ERR.authFailed();
    const token = randomBytes(16).toString('hex');
    this.tokens.set(token, new Date(this.now().getTime() + this.options.tokenTtlMs));
    return { token, reseller_id: SANDBOX_RESELLER_ID };
  }
}

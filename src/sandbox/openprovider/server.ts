import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { parseDomainName } from '../../domain/domain-name';
import { describeZodError } from '../../domain/validation';
import {
  bulkDomainPlan,
  bulkDomainsSchema,
  CallRateLimit,
  rateLimitSchema,
  splitPlanned,
  type BulkDomains,
} from '../shared/rate-limit';
import { maskSecrets } from '../../registrars/openprovider/codes';
import { formatOpenproviderDate } from '../../registrars/openprovider/dates';
import { joinDomainName, splitDomainName } from '../../registrars/openprovider/domain-name';
import {
  ApiError,
  DEFAULT_PREMIUM_RULE,
  DEFAULT_UNSUPPORTED_EXTENSIONS,
  ERR,
  globToRegExp,
  OpenproviderRegistry,
  ZERO_DATE,
  type Charge,
  type Customer,
  type PremiumRule,
  type RegistrationPolicy,
  type SandboxDomain,
  type TldConfig,
  type TransferPolicy,
} from './registry';
import {
  checkCustomerExtensionData,
  checkOwnerExtensionData,
  checkTradeAdditionalData,
  checkUpdateFields,
  customerAdditionalData,
  domainAdditionalData,
} from './additional-data';
import {
  FaultPlan,
  InFlight,
  MAX_HANG_MS,
  faultProbabilitySchema,
  faultSeedSchema,
  faultTimesSchema,
  hang,
  resetConnection,
  sleep,
  type ActiveFault,
  type FaultTimes,
} from '../shared/faults';

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

/** Default reseller login of the sandbox (also the embedded default configuration). */
export const SANDBOX_OPENPROVIDER_CREDENTIALS = { username: 'sandbox-reseller', password: 'sandbox-pass' } as const;
export const SANDBOX_RESELLER_ID = 123456;
/** the customer handle every sandbox creates at start and after reset (deterministic numbering) */
export const SANDBOX_OPENPROVIDER_DEFAULT_HANDLE = 'SR100001-NL';

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

export interface JournalEntry {
  seq: number;
  at: string;
  method: string;
  /** method and route template, e.g. 'POST /v1beta/domains/transfer', 'PUT /v1beta/domains/{id}' */
  route: string;
  /** the path actually called, with query */
  path: string;
  domain?: string;
  /** request body with secrets masked */
  body?: unknown;
  /** the envelope's code (undefined for injected raw bodies) */
  code?: number;
  /** HTTP status */
  status: number;
  /** the call was executed but its answer never sent (loseAnswer): the connection was destroyed */
  lost?: boolean;
  /** an injected fault answered instead of the registry: the call was not executed */
  injected?: true;
}

/** A scripted answer for the next matching call(s): error codes, maintenance, or a raw (broken) body. */
export interface InjectedFault {
  /** route as in the journal (e.g. 'GET /v1beta/domains'); any API route when absent */
  route?: string;
  code?: number;
  desc?: string;
  data?: string;
  maintenance?: boolean;
  httpStatus?: number;
  /** sent verbatim instead of an envelope (truncated JSON, HTML error pages) */
  rawBody?: string;
  /** how many calls it answers (default 1; 'always' until cleared) */
  times?: FaultTimes;
  /** chance that a matching call is hit, drawn from the seeded random source (default 1) */
  probability?: number;
  /** the answer comes this much later; alone, the call is answered normally after the delay */
  latencyMs?: number;
  /** the connection is closed before any answer; the call is not executed */
  reset?: boolean;
  /** no answer until the client gives up (at most timeoutMs); the call is not executed */
  timeout?: boolean;
  timeoutMs?: number;
  /**
   * "Accepted but the answer lost": the call is executed normally (renewed, charged ...), then the
   * connection is destroyed without a response. Other answer fields are ignored.
   */
  loseAnswer?: boolean;
}

/** Fields that make a fault change the answer; latencyMs alone only delays it. */
const ANSWER_FAULT_FIELDS = [
  'code',
  'desc',
  'data',
  'maintenance',
  'httpStatus',
  'rawBody',
  'loseAnswer',
  'reset',
  'timeout',
] as const satisfies ReadonlyArray<keyof InjectedFault>;

export interface SandboxDomainView {
  id: number;
  domain: string;
  status: string;
  type: string;
  nameservers: string[];
  transferLock: boolean;
  autorenew: string;
  isPrivateWhoisEnabled: boolean;
  /** same as isPrivateWhoisEnabled */
  privacy: boolean;
  handles: { owner: string; admin: string; tech: string; billing: string };
  /** additional_data sent with the registration (TLD extras) */
  additionalData: Record<string, unknown>;
  /** registration period in years */
  period: number;
  /** accept_premium_fee of a premium registration */
  acceptedPremiumFee?: number;
  authCode: string;
  /** expiration_date, ISO 8601 UTC */
  expiresAt?: string;
  /** registry_expiration_date, ISO 8601 UTC */
  registryExpiresAt?: string;
  /** renewal_date (Openprovider's own expiry, before the registry's), ISO 8601 UTC */
  renewalDate?: string;
  softQuarantineUntil?: string;
  hardQuarantineUntil?: string;
  /** purged: only found with is_deleted=true */
  isDeleted: boolean;
  failureReason?: string;
}

const API = '/v1beta';
const DEFAULT_TOKEN_TTL_MS = 48 * 60 * 60 * 1000;

class ControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

// ---- request schemas (bodies are loose: unknown fields are ignored like the real API) ----

const wireDomain = z.object({
  name: z.string().min(1, 'must not be empty'),
  extension: z.string().min(1, 'must not be empty'),
});
const wireNameservers = z.array(
  z.object({
    name: z.string().min(1, 'must not be empty'),
    // ip:null made the real API answer 399 (spec 6, #230): refuse it the same way.
    ip: z.string().optional(),
    ip6: z.string().optional(),
    seq_nr: z.number().int().optional(),
  }),
);
const handleFields = {
  owner_handle: z.string().optional(),
  admin_handle: z.string().optional(),
  tech_handle: z.string().optional(),
  billing_handle: z.string().optional(),
};
const autorenew = z.string().optional();
const loginBody = z.object({ username: z.string(), password: z.string(), ip: z.string().optional() });
const checkBody = z.object({
  domains: z.array(wireDomain).min(1, 'at least one domain'),
  with_price: z.boolean().optional(),
});
const createBody = z.object({
  domain: wireDomain,
  period: z.number().int().min(1).max(10).optional(),
  unit: z.enum(['y'], { message: 'only "y" (years) is simulated' }).optional(),
  ...handleFields,
  owner_handle: z.string().min(1, 'is required'),
  name_servers: wireNameservers.optional(),
  autorenew,
  is_private_whois_enabled: z.boolean().optional(),
  additional_data: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  accept_premium_fee: z.number().min(0).optional(),
});
const transferBody = z.object({
  domain: wireDomain,
  auth_code: z.string().optional(),
  ...handleFields,
  owner_handle: z.string().min(1, 'is required'),
  name_servers: wireNameservers.optional(),
  at: z.string().optional(),
  autorenew,
});
/** POST /domains/trade (swagger domainTradeDomainRequest); the owner handle is what changes */
const tradeBody = z.object({
  domain: wireDomain,
  ...handleFields,
  owner_handle: z.string().min(1, 'is required'),
  auth_code: z.string().optional(),
  additional_data: z.record(z.string(), z.unknown()).optional(),
});
/** Fields outside swagger domainUpdateDomainRequest are refused first (additional-data.ts). */
const updateBody = z.object({
  ...handleFields,
  name_servers: wireNameservers.optional(),
  // true: the existing name servers are deleted and name_servers is the new set; else it is merged.
  remove_nses: z.boolean().optional(),
  is_locked: z.boolean().optional(),
  autorenew,
  is_private_whois_enabled: z.boolean().optional(),
  additional_data: z.record(z.string(), z.unknown()).optional(),
});
const contactName = z.object({
  first_name: z.string().min(1, 'must not be empty'),
  last_name: z.string().min(1, 'must not be empty'),
  initials: z.string().optional(),
  prefix: z.string().optional(),
  full_name: z.string().optional(),
});
const contactAddress = z.object({
  street: z.string().min(1, 'must not be empty'),
  number: z.string().optional(),
  suffix: z.string().optional(),
  zipcode: z.string().min(1, 'must not be empty'),
  city: z.string().min(1, 'must not be empty'),
  state: z.string().optional(),
  country: z.string().regex(/^[A-Za-z]{2}$/, 'must be a two-letter country code'),
});
const contactPhone = z.object({
  country_code: z.string().regex(/^\+\d{1,3}$/, 'must be like +31'),
  area_code: z.string(),
  subscriber_number: z.string().min(1, 'must not be empty'),
});
const customerOptional = {
  company_name: z.string().optional(),
  vat: z.string().optional(),
  locale: z.string().optional(),
  comments: z.string().optional(),
  fax: z
    .object({ country_code: z.string(), area_code: z.string(), subscriber_number: z.string() })
    .partial()
    .optional(),
  tags: z.array(z.object({ key: z.string(), value: z.string() })).optional(),
  additional_data: z.record(z.string(), z.unknown()).optional(),
  // swagger customerExtensionAdditionalData: TLD data on the handle, one entry per extension
  extension_additional_data: z
    .array(z.object({ name: z.string().min(1, 'must not be empty'), data: z.record(z.string(), z.string()) }))
    .optional(),
};
const createCustomerBody = z.object({
  name: contactName,
  address: contactAddress,
  phone: contactPhone,
  email: z.email('must be an e-mail address'),
  ...customerOptional,
});
const updateCustomerBody = z.object({
  address: contactAddress.optional(),
  phone: contactPhone.optional(),
  email: z.email('must be an e-mail address').optional(),
  vat: z.string().optional(),
  locale: z.string().optional(),
  comments: z.string().optional(),
  fax: customerOptional.fax,
  tags: customerOptional.tags,
  additional_data: customerOptional.additional_data,
  extension_additional_data: customerOptional.extension_additional_data,
  // The real API only changes name/company by creating a new handle (spec 3.13).
  name: z.undefined({ message: 'cannot be changed: create a new customer handle' }).optional(),
  company_name: z.undefined({ message: 'cannot be changed: create a new customer handle' }).optional(),
});

// ---- control surface schemas ----

const nameserverList = z.array(z.string().min(1, 'must not be empty')).min(1, 'at least one name server');
const controlExternal = z.object({
  domain: z.string().min(1, 'must not be empty'),
  authCode: z.string().min(1, 'must not be empty'),
  nameservers: nameserverList,
  transferLock: z.boolean().optional(),
});
const isoDate = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time' });
const controlDomain = z.object({
  domain: z.string().min(1, 'must not be empty'),
  nameservers: nameserverList,
  expiresAt: isoDate.optional(),
  registryExpiresAt: isoDate.optional(),
  renewalDate: isoDate.optional(),
  autorenew: z.enum(['on', 'off', 'default']).optional(),
  status: z.enum(['ACT', 'REQ']).optional(),
  transferLock: z.boolean().optional(),
});
const controlClock = z.object({ advanceMs: z.number().int('must be an integer') });
const controlDelete = z.object({ soft: z.boolean().optional() });
const amount = z.union([z.number(), z.string().regex(/^-?\d+(\.\d{1,2})?$/, 'must be a decimal amount')]);
const controlReseller = z.object({ balance: amount.optional(), autoRenew: z.boolean().optional() });
const controlTld = z.object({
  softQuarantineDays: z.number().int().min(0).optional(),
  quarantineDays: z.number().int().min(0).optional(),
  renewalOffsetDays: z.number().int().min(0).optional(),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code')
    .optional(),
  prices: z
    .object({
      create: z.number().min(0).optional(),
      renew: z.number().min(0).optional(),
      transfer: z.number().min(0).optional(),
      restore: z.number().min(0).optional(),
      softRestore: z.number().min(0).optional(),
    })
    .optional(),
});
const controlLoseAnswer = z.object({ route: z.string().optional(), times: z.number().int().min(1).optional() });
const controlPolicy = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('manual') }),
  z.object({
    mode: z.enum(['approve', 'reject']),
    afterMs: z.number().int().min(0, 'must be >= 0'),
    reason: z.string().optional(),
  }),
]);
const controlRegistrationPolicy = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('active') }),
  z.object({ mode: z.literal('pending'), afterMs: z.number().int().min(0, 'must be >= 0') }),
]);
const controlReject = z.object({ reason: z.string().min(1).optional() });
const controlFault = z.object({
  route: z.string().optional(),
  code: z.number().int().optional(),
  desc: z.string().optional(),
  data: z.string().optional(),
  maintenance: z.boolean().optional(),
  httpStatus: z.number().int().min(100).max(599).optional(),
  rawBody: z.string().optional(),
  times: faultTimesSchema.optional(),
  probability: faultProbabilitySchema.optional(),
  loseAnswer: z.boolean().optional(),
  latencyMs: z.number().int().min(0).max(MAX_HANG_MS).optional(),
  reset: z.boolean().optional(),
  timeout: z.boolean().optional(),
  timeoutMs: z.number().int().min(0).max(MAX_HANG_MS).optional(),
});
const renewBody = z.object({
  id: z.number().int().optional(),
  domain: wireDomain.optional(),
  period: z.number().int().min(1, 'must be 1-10').max(10, 'must be 1-10').optional(),
});
const restoreBody = z.object({ id: z.number().int().optional(), domain: wireDomain.optional() });

function parseBody<S extends z.ZodType>(schema: S, value: unknown, root = 'body'): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw ERR.badRequest(describeZodError(parsed.error, root));
  return parsed.data;
}

function parseControl<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value ?? {});
  if (!parsed.success) throw new ControlError(400, describeZodError(parsed.error, 'body'));
  return parsed.data;
}

function queryBool(value: string | null): boolean | undefined {
  if (value === null) return undefined;
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  throw ERR.badRequest(`query: "${value}" is not a boolean`);
}

function queryInt(params: URLSearchParams, name: string, fallback: number, min: number, max: number): number {
  const raw = params.get(name);
  if (raw === null || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max)
    throw ERR.badRequest(`query.${name}: must be an integer ${min}-${max}`);
  return n;
}

/**
 * A local Openprovider REST v1beta server (real node:http on loopback) over an in-memory registry,
 * with a journal of every API call and a JSON control surface under /_sandbox.
 */
export class OpenproviderSandbox {
  readonly baseUrl: string;
  /** the customer handle created at start (owner/admin/tech/billing of sandbox transfers) */
  defaultHandle: string;
  private readonly registry: OpenproviderRegistry;
  private readonly tokens = new Map<string, Date>();
  private readonly journalEntries: JournalEntry[] = [];
  private readonly faultPlan = new FaultPlan<InjectedFault>({
    matches: (f, route) => !f.route || f.route === route,
    delayOf: (f) => f.latencyMs ?? 0,
    onlyDelays: (f) => f.latencyMs !== undefined && !ANSWER_FAULT_FIELDS.some((k) => f[k] !== undefined),
  });
  private readonly requestsInFlight = new InFlight();
  private readonly callLimit = new CallRateLimit();
  private seq = 0;
  private clockOffsetMs = 0;

  private constructor(
    private readonly server: Server,
    port: number,
    host: string,
    private readonly options: Required<Pick<OpenproviderSandboxOptions, 'credentials' | 'tokenTtlMs' | 'now'>>,
    private readonly initialPolicy: TransferPolicy,
    private readonly initialRegistrationPolicy: RegistrationPolicy,
    catalog: { premium: PremiumRule; unsupportedExtensions: readonly string[] },
  ) {
    this.baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
    this.registry = new OpenproviderRegistry(() => this.now());
    this.registry.policy = initialPolicy;
    this.registry.registrationPolicy = initialRegistrationPolicy;
    this.registry.premiumRule = catalog.premium;
    this.registry.unsupportedExtensions = new Set(catalog.unsupportedExtensions.map((e) => e.toLowerCase()));
    this.defaultHandle = this.createDefaultHandle();
  }

  static async start(options: OpenproviderSandboxOptions = {}): Promise<OpenproviderSandbox> {
    const host = options.host ?? '127.0.0.1';
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const port = (server.address() as AddressInfo).port;
    const sandbox = new OpenproviderSandbox(
      server,
      port,
      host,
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

  // ---- programmatic control (same operations as /_sandbox) ----

  journal(filter: { route?: string; domain?: string } = {}): JournalEntry[] {
    const domain = filter.domain?.toLowerCase();
    return this.journalEntries.filter(
      (e) => (!filter.route || e.route === filter.route) && (!domain || e.domain === domain),
    );
  }

  seedExternalDomain(d: { domain: string; authCode: string; nameservers: string[]; transferLock?: boolean }): void {
    this.registry.seedExternal(d);
  }

  /**
   * A domain in the account. ACT (default) with expiresAt (default now + 1 y), renewal_date
   * (default expiresAt - the TLD's renewal offset, 2 days) and registry_expiration_date (default
   * expiresAt); autorenew default "default". Dates in the past take effect at the next request
   * (autorenew, or quarantine). REQ: a registration not completed yet, without dates.
   */
  seedDomain(d: {
    domain: string;
    nameservers: string[];
    expiresAt?: Date;
    registryExpiresAt?: Date;
    renewalDate?: Date;
    autorenew?: 'on' | 'off' | 'default';
    status?: 'ACT' | 'REQ';
    transferLock?: boolean;
  }): void {
    this.registry.seedDomain({ ...d, handle: this.defaultHandle });
  }

  /** Many domains at once (`<prefix><n>.<tld>`, expiries spread over `spreadDays`), autorenew off. */
  seedDomains(b: BulkDomains): { seeded: number; first: string; last: string } {
    const input = bulkDomainsSchema.parse(b);
    const plan = bulkDomainPlan(input, this.now());
    // The plan's names are <prefix><digits>.<tld>: label and extension without parsing each one.
    const split = plan.map((d) => ({ domain: splitPlanned(d.domain), expiresAt: d.expiresAt }));
    this.registry.seedDomains(split, input.nameservers, this.defaultHandle);
    return { seeded: plan.length, first: plan[0]!.domain, last: plan[plan.length - 1]!.domain };
  }

  /** At most `callsPerSecond` API calls in any second (null: no limit); more get code 50 (HTTP 500). */
  setRateLimit(callsPerSecond: number | null): void {
    this.callLimit.set(callsPerSecond);
  }

  rateLimit(): { callsPerSecond: number | null; rejected: number } {
    return this.callLimit.describe();
  }

  /** The sandbox's clock: the `now` option plus every advanceClock. */
  now(): Date {
    return new Date(this.options.now().getTime() + this.clockOffsetMs);
  }

  /**
   * Moves the clock forward (or back) by `ms`. Nothing runs on timers: each request first brings
   * every domain up to the clock (autorenewals and their charges, quarantines, purges). Tokens
   * issued before may expire (the client logs in again on 196).
   */
  advanceClock(ms: number): Date {
    this.clockOffsetMs += ms;
    return this.now();
  }

  /** The domain expires now (whatever its dates and autorenew): soft quarantine, or hard where the TLD has none. */
  expireDomain(domain: string): void {
    this.registry.expire(joinDomainName(splitDomainName(domain)));
  }

  /** Explicit deletion: hard quarantine only; `soft: true` quarantines as on expiry (soft first). */
  deleteDomain(domain: string, options: { soft?: boolean } = {}): void {
    const d = this.registry.byName(joinDomainName(splitDomainName(domain)));
    if (!d) throw new Error(`no domain ${domain} in the account`);
    this.registry.delete(d.id, options);
  }

  /** The domain leaves for another registrar: no record afterwards, not even with is_deleted=true. */
  transferOut(domain: string): void {
    this.registry.transferOut(joinDomainName(splitDomainName(domain)));
  }

  /** Every movement of money, oldest first (autorenewals included once the clock passed them). */
  charges(filter: { domain?: string } = {}): Charge[] {
    return this.registry.charges(filter);
  }

  /** The reseller balance in EUR, e.g. "99990.00" (GET /v1beta/resellers answers it too). */
  balance(): string {
    return this.registry.balance();
  }

  /** Sets the balance; a money operation costing more answers 310 (credit not enough). */
  setBalance(amount: string | number): void {
    this.registry.setBalance(amount);
  }

  /** The reseller's global autorenew (settings.is_auto_renew_enabled): what autorenew "default" means. Default off. */
  setResellerAutorenew(enabled: boolean): void {
    this.registry.resellerAutorenew = enabled;
  }

  /** Quarantine periods, renewal offset and prices of an extension (GET /v1beta/tlds/{name}). */
  setTld(
    extension: string,
    change: Partial<Omit<TldConfig, 'prices'>> & { prices?: Partial<TldConfig['prices']> },
  ): TldConfig {
    return this.registry.setTld(extension.replace(/^\./, ''), change);
  }

  tld(extension: string): TldConfig {
    return this.registry.tld(extension.replace(/^\./, ''));
  }

  /**
   * The next `times` (default 1) calls of `route` (any route when absent) are executed, but their
   * answer is lost: the connection is destroyed without a response (journal entry `lost: true`).
   */
  loseAnswer(options: { route?: string; times?: number } = {}): void {
    this.injectFault({ ...options, loseAnswer: true });
  }

  setTransferPolicy(p: TransferPolicy): void {
    this.registry.policy = p;
  }

  approveTransfer(domain: string): void {
    this.registry.approveTransfer(domain);
  }

  rejectTransfer(domain: string, reason?: string): void {
    this.registry.rejectTransfer(domain, reason);
  }

  /** How the next POST /domains answer: ACT at once, or REQ turning ACT after afterMs (sandbox clock). */
  setRegistrationPolicy(p: RegistrationPolicy): void {
    this.registry.registrationPolicy = p;
  }

  /** Completes a pending (REQ) registration now. Throws when none is pending for the name. */
  activateRegistration(domain: string): void {
    this.registry.activateRegistration(domain);
  }

  /** Customers matching GET /customers patterns (same rules as the API). */
  customers(filter: { email?: string; lastName?: string; firstName?: string; companyName?: string } = {}): Customer[] {
    return this.registry.searchCustomers(filter);
  }

  /** Scripts the answer of the next matching API call(s). */
  injectFault(fault: InjectedFault): void {
    this.faultPlan.add({ ...fault });
  }

  clearFaults(): void {
    this.faultPlan.clear();
  }

  /** Restarts the random source that probabilistic faults draw from. */
  setFaultSeed(seed: number): void {
    this.faultPlan.seed(seed);
  }

  /** The faults still scripted. */
  faults(): { seed: number; faults: Array<ActiveFault<InjectedFault>> } {
    return this.faultPlan.list();
  }

  /** API requests received and not answered yet. */
  inFlight(): number {
    return this.requestsInFlight.value;
  }

  /** Makes every issued token invalid (the next call answers 196). */
  expireTokens(): void {
    this.tokens.clear();
  }

  /** The live record of a name (in quarantine included); purged ones only with includeDeleted. */
  domain(domain: string, options: { includeDeleted?: boolean } = {}): SandboxDomainView | undefined {
    const name = joinDomainName(splitDomainName(domain));
    const d = options.includeDeleted ? this.registry.byNameIncludingDeleted(name) : this.registry.byName(name);
    return d ? view(d, this.registry.renewalDateOf(d)) : undefined;
  }

  customer(handle: string): Customer | undefined {
    return this.registry.customer(handle);
  }

  reset(): void {
    this.callLimit.set(null);
    this.registry.reset();
    this.registry.policy = this.initialPolicy;
    this.registry.registrationPolicy = this.initialRegistrationPolicy;
    this.tokens.clear();
    this.journalEntries.length = 0;
    this.faultPlan.clear();
    this.faultPlan.seed(1);
    this.seq = 0;
    this.clockOffsetMs = 0;
    this.defaultHandle = this.createDefaultHandle();
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve, reject) => this.server.close((err) => (err ? reject(err) : resolve())));
  }

  // ---- HTTP ----

  private createDefaultHandle(): string {
    return this.registry.createCustomer({
      name: { first_name: 'Sandbox', last_name: 'Reseller' },
      address: { street: 'Sandboxstraat', number: '1', zipcode: '1011 AA', city: 'Amsterdam', country: 'NL' },
      phone: { country_code: '+31', area_code: '20', subscriber_number: '1234567' },
      email: 'sandbox-reseller@example.com',
      company_name: 'Sandbox Reseller B.V.',
    }).handle;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sandbox');
    const method = (req.method ?? 'GET').toUpperCase();
    const raw = await readBody(req);
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
    const r = this.registry;
    switch (`${method} ${template}`) {
      case 'POST /v1beta/auth/login': {
        const b = parseBody(loginBody, body);
        const c = this.options.credentials;
        if (b.username !== c.username || b.password !== c.password) throw ERR.authFailed();
        const token = randomBytes(16).toString('hex');
        this.tokens.set(token, new Date(this.now().getTime() + this.options.tokenTtlMs));
        return { token, reseller_id: SANDBOX_RESELLER_ID };
      }
      case 'GET /v1beta/domains':
        return this.listDomains(query);
      case 'POST /v1beta/domains/check': {
        const b = parseBody(checkBody, body);
        return {
          results: b.domains.map((d) => {
            const { premium, ...result } = r.check(normaliseWireDomain(d));
            const row: Record<string, unknown> = { ...result, is_premium: premium !== undefined };
            if (b.with_price) {
              row.price = {
                product: { currency: 'EUR', price: 9.5 },
                reseller: { currency: 'EUR', price: 9.5 },
              };
              if (premium) row.premium = { currency: premium.currency, price: { create: premium.price } };
            }
            return row;
          }),
        };
      }
      case 'POST /v1beta/domains': {
        const b = parseBody(createBody, body);
        const d = r.create({
          domain: normaliseWireDomain(b.domain),
          period: b.period ?? 1,
          handles: handlesOf(b) as { owner: string },
          nameservers: (b.name_servers ?? []).map((ns) => ns.name),
          autorenew: checkAutorenew(b.autorenew),
          isPrivateWhoisEnabled: b.is_private_whois_enabled,
          additionalData: b.additional_data,
          acceptPremiumFee: b.accept_premium_fee,
        });
        const wire = r.wire(d);
        // Realtime registrations carry their dates; a requested one (REQ) has none yet (spec 3.2).
        return d.status === 'ACT'
          ? {
              id: d.id,
              status: d.status,
              auth_code: d.authCode,
              activation_date: wire.active_date,
              expiration_date: wire.expiration_date,
              renewal_date: wire.renewal_date,
            }
          : { id: d.id, status: d.status };
      }
      case 'POST /v1beta/domains/transfer': {
        const b = parseBody(transferBody, body);
        let at: Date | undefined;
        if (b.at) {
          at = new Date(b.at.replace(' ', 'T'));
          if (Number.isNaN(at.getTime())) throw ERR.badRequest('body.at: not a date');
        }
        const d = r.transfer({
          domain: normaliseWireDomain(b.domain),
          authCode: b.auth_code ?? '',
          handles: handlesOf(b) as { owner: string },
          nameservers: b.name_servers?.map((ns) => ns.name),
          at,
          autorenew: checkAutorenew(b.autorenew),
        });
        return { id: d.id, status: d.status, auth_code: d.authCode };
      }
      case 'POST /v1beta/domains/trade': {
        const b = parseBody(tradeBody, body);
        const domain = normaliseWireDomain(b.domain);
        journal.domain = joinDomainName(domain);
        checkTradeAdditionalData(domain.extension, b.additional_data ?? {});
        const owner = r.customer(b.owner_handle);
        if (owner) checkOwnerExtensionData(domain.extension, b.owner_handle, owner.data);
        const d = r.trade({
          domain,
          handles: handlesOf(b) as { owner: string },
          additionalData: b.additional_data,
        });
        const wire = r.wire(d);
        return {
          creation_date: wire.creation_date,
          expiration_date: wire.expiration_date,
          renewal_date: wire.renewal_date,
          status: d.status,
        };
      }
      case 'GET /v1beta/domains/{id}': {
        const id = parseId(param);
        const d = queryBool(query.get('is_deleted')) ? r.byIdIncludingDeleted(id) : r.byId(id);
        if (!d) throw ERR.notInAccount();
        journal.domain = joinDomainName(d);
        return r.wire(d, {
          withHistory: queryBool(query.get('with_history')),
          withRegistryStatuses: queryBool(query.get('with_registry_statuses')),
          withAdditionalData: queryBool(query.get('with_additional_data')),
        });
      }
      case 'PUT /v1beta/domains/{id}': {
        const id = parseId(param);
        const existing = r.byId(id);
        if (existing) journal.domain = joinDomainName(existing);
        checkUpdateFields(body);
        const b = parseBody(updateBody, body);
        const handles = handlesOf(b);
        const d = r.update(id, {
          nameservers: b.name_servers?.map((ns) => ns.name),
          removeNameservers: b.remove_nses,
          isLocked: b.is_locked,
          autorenew: b.autorenew,
          isPrivateWhoisEnabled: b.is_private_whois_enabled,
          handles,
        });
        return { id: d.id, status: d.status };
      }
      case 'DELETE /v1beta/domains/{id}': {
        const id = parseId(param);
        const existing = r.byId(id);
        if (existing) journal.domain = joinDomainName(existing);
        const d = r.delete(id);
        return { status: d.status };
      }
      case 'POST /v1beta/domains/{id}/renew': {
        const id = parseId(param);
        const existing = r.byId(id);
        if (existing) journal.domain = joinDomainName(existing);
        const b = parseBody(renewBody, body ?? {});
        const d = r.renew(id, b.period ?? 1);
        return { status: d.status };
      }
      case 'POST /v1beta/domains/{id}/restore': {
        const id = parseId(param);
        const existing = r.byIdIncludingDeleted(id);
        if (existing) journal.domain = joinDomainName(existing);
        parseBody(restoreBody, body ?? {});
        const d = r.restore(id);
        return { status: d.status };
      }
      case 'GET /v1beta/domains/additional-data':
        return domainAdditionalData(query);
      case 'GET /v1beta/domains/additional-data/customers':
        return customerAdditionalData(query);
      case 'GET /v1beta/tlds/{name}':
        return this.tldWire(param ?? '', queryBool(query.get('with_price')) === true);
      case 'GET /v1beta/resellers':
        return {
          id: SANDBOX_RESELLER_ID,
          company_name: 'Sandbox Reseller B.V.',
          status: 'ACT',
          balance: Number(r.balance()),
          reserved_balance: 0,
          settings: { currency: 'EUR', is_auto_renew_enabled: r.resellerAutorenew },
        };
      case 'GET /v1beta/customers':
        return this.listCustomers(query);
      case 'POST /v1beta/customers': {
        const b = parseBody(createCustomerBody, body);
        checkCustomerExtensionData(b.extension_additional_data ?? []);
        return { handle: r.createCustomer(b).handle };
      }
      case 'GET /v1beta/customers/{handle}': {
        const c = r.customer(param ?? '');
        if (!c) throw ERR.handleNotFound(param ?? '');
        return toWireCustomer(c);
      }
      case 'PUT /v1beta/customers/{handle}': {
        const b = parseBody(updateCustomerBody, body);
        checkCustomerExtensionData(b.extension_additional_data ?? []);
        r.updateCustomer(param ?? '', b as Record<string, unknown>);
        return { success: true };
      }
      default:
        throw new ApiError(404, 'Not found', `${method} ${template}`, 404);
    }
  }

  /** GET /tlds/{name} (swagger tldTld): periods, and prices with with_price=true. */
  private tldWire(name: string, withPrice: boolean): unknown {
    const extension = name.replace(/^\./, '').toLowerCase();
    if (extension === '' || this.registry.unsupportedExtensions.has(extension))
      throw ERR.invalidExtension(`.${extension} is not available`);
    const t = this.registry.tld(extension);
    const price = (p: number) => ({
      product: { currency: t.currency, price: p },
      reseller: { currency: t.currency, price: p },
    });
    return {
      name: extension,
      status: 'ACT',
      min_period: 1,
      max_period: 10,
      renew_available: true,
      transfer_available: true,
      soft_quarantine_period: t.softQuarantineDays,
      quarantine_period: t.quarantineDays,
      ...(withPrice
        ? {
            prices: {
              create_price: price(t.prices.create),
              renew_price: price(t.prices.renew),
              transfer_price: price(t.prices.transfer),
              restore_price: price(t.prices.restore),
              soft_restore_price: price(t.prices.softRestore),
            },
          }
        : {}),
    };
  }

  /** GET /customers: email/last/first/company/handle patterns ('*' wildcard), limit/offset, total. */
  private listCustomers(query: URLSearchParams): unknown {
    const limit = queryInt(query, 'limit', 100, 1, 1000);
    const offset = queryInt(query, 'offset', 0, 0, Number.MAX_SAFE_INTEGER);
    const matches = this.registry.searchCustomers({
      email: query.get('email_pattern') ?? undefined,
      lastName: query.get('last_name_pattern') ?? undefined,
      firstName: query.get('first_name_pattern') ?? undefined,
      companyName: query.get('company_name_pattern') ?? undefined,
      handle: query.get('handle_pattern') ?? undefined,
    });
    const page = matches.slice(offset, offset + limit);
    // As for domains, an empty search has no `results` (spec 2.1).
    return page.length > 0
      ? { total: matches.length, results: page.map((c) => toWireCustomer(c, 'list')) }
      : { total: matches.length };
  }

  private listDomains(query: URLSearchParams): unknown {
    const limit = queryInt(query, 'limit', 100, 1, 1000);
    const offset = queryInt(query, 'offset', 0, 0, Number.MAX_SAFE_INTEGER);
    const deleted = queryBool(query.get('is_deleted')) ?? false;
    const pattern = query.get('domain_name_pattern');
    const patternRe = pattern ? globToRegExp(pattern) : undefined;
    const extension = query.get('extension')?.toLowerCase();
    const fullName = query.get('full_name')?.toLowerCase();
    const status = query.get('status')?.toUpperCase();
    const id = query.get('id');
    const matches = this.registry
      .all()
      .filter(
        (d) =>
          d.isDeleted === deleted &&
          (!patternRe || patternRe.test(d.name)) &&
          (!extension || d.extension === extension) &&
          (!fullName || joinDomainName(d) === fullName) &&
          (!status || d.status === status) &&
          (!id || String(d.id) === id),
      );
    const page = matches.slice(offset, offset + limit);
    const options = {
      withHistory: queryBool(query.get('with_history')),
      withRegistryStatuses: queryBool(query.get('with_registry_statuses')),
      withAdditionalData: queryBool(query.get('with_additional_data')),
    };
    // Like the real API, an empty search has no `results` at all (spec 8).
    return page.length > 0
      ? { total: matches.length, results: page.map((d) => this.registry.wire(d, options)) }
      : { total: matches.length };
  }

  // ---- control surface ----

  private control(method: string, url: URL, raw: string, res: ServerResponse): void {
    try {
      let body: unknown = undefined;
      if (raw !== '') {
        try {
          body = JSON.parse(raw);
        } catch {
          throw new ControlError(400, 'body: not valid JSON');
        }
      }
      const path = url.pathname.replace(/^\/_sandbox/, '').replace(/\/+$/, '');
      const transfer = /^\/transfers\/([^/]+)\/(approve|reject)$/.exec(path);
      const domainPath = /^\/domains\/([^/]+)$/.exec(path);
      const registration = /^\/registrations\/([^/]+)\/activate$/.exec(path);
      const domainAction = /^\/domains\/([^/]+)\/(expire|delete|transfer-out)$/.exec(path);
      const tldPath = /^\/tlds\/([^/]+)$/.exec(path);
      if (method === 'GET' && path === '/journal') {
        const filter = {
          route: url.searchParams.get('route') ?? undefined,
          domain: url.searchParams.get('domain') ?? undefined,
        };
        sendJson(res, 200, { entries: this.journal(filter) });
      } else if (method === 'POST' && path === '/external-domains') {
        const b = parseControl(controlExternal, body);
        this.seedExternalDomain(b);
        sendJson(res, 201, { ok: true, domain: joinDomainName(splitDomainName(b.domain)) });
      } else if (method === 'POST' && path === '/domains') {
        const b = parseControl(controlDomain, body);
        const date = (v: string | undefined) => (v ? new Date(v) : undefined);
        this.seedDomain({
          ...b,
          expiresAt: date(b.expiresAt),
          registryExpiresAt: date(b.registryExpiresAt),
          renewalDate: date(b.renewalDate),
        });
        sendJson(res, 201, { ok: true, domain: this.domain(b.domain) });
      } else if (method === 'POST' && domainAction) {
        const domain = decodeURIComponent(domainAction[1]!);
        try {
          if (domainAction[2] === 'expire') this.expireDomain(domain);
          else if (domainAction[2] === 'delete') this.deleteDomain(domain, parseControl(controlDelete, body));
          else this.transferOut(domain);
        } catch (err) {
          if (err instanceof ControlError) throw err;
          throw new ControlError(409, (err as Error).message);
        }
        sendJson(res, 200, { ok: true, domain: this.domain(domain, { includeDeleted: true }) ?? null });
      } else if (method === 'GET' && path === '/clock') {
        sendJson(res, 200, { now: this.now().toISOString() });
      } else if (method === 'POST' && path === '/clock') {
        const b = parseControl(controlClock, body);
        sendJson(res, 200, { ok: true, now: this.advanceClock(b.advanceMs).toISOString() });
      } else if (method === 'GET' && path === '/charges') {
        sendJson(res, 200, { charges: this.charges({ domain: url.searchParams.get('domain') ?? undefined }) });
      } else if (method === 'GET' && path === '/reseller') {
        sendJson(res, 200, { balance: this.balance(), autoRenew: this.registry.resellerAutorenew });
      } else if ((method === 'PUT' || method === 'POST') && path === '/reseller') {
        const b = parseControl(controlReseller, body);
        if (b.balance !== undefined) this.setBalance(b.balance);
        if (b.autoRenew !== undefined) this.setResellerAutorenew(b.autoRenew);
        sendJson(res, 200, { ok: true, balance: this.balance(), autoRenew: this.registry.resellerAutorenew });
      } else if (method === 'GET' && tldPath) {
        sendJson(res, 200, { tld: this.tld(decodeURIComponent(tldPath[1]!)) });
      } else if ((method === 'PUT' || method === 'POST') && tldPath) {
        const tld = this.setTld(decodeURIComponent(tldPath[1]!), parseControl(controlTld, body));
        sendJson(res, 200, { ok: true, tld });
      } else if (method === 'POST' && path === '/lose-answer') {
        this.loseAnswer(parseControl(controlLoseAnswer, body));
        sendJson(res, 201, { ok: true });
      } else if (method === 'GET' && domainPath) {
        const includeDeleted = url.searchParams.get('includeDeleted') === 'true';
        const d = this.domain(decodeURIComponent(domainPath[1]!), { includeDeleted });
        if (!d) throw new ControlError(404, `domain ${domainPath[1]} is not in the account`);
        sendJson(res, 200, { domain: d });
      } else if (method === 'POST' && transfer) {
        const domain = decodeURIComponent(transfer[1]!);
        try {
          if (transfer[2] === 'approve') this.approveTransfer(domain);
          else this.rejectTransfer(domain, parseControl(controlReject, body).reason);
        } catch (err) {
          if (err instanceof ControlError) throw err;
          throw new ControlError(409, (err as Error).message);
        }
        sendJson(res, 200, { ok: true, domain: this.domain(domain) });
      } else if ((method === 'PUT' || method === 'POST') && path === '/transfer-policy') {
        const p = parseControl(controlPolicy, body);
        this.setTransferPolicy(p);
        sendJson(res, 200, { ok: true, policy: p });
      } else if ((method === 'PUT' || method === 'POST') && path === '/registration-policy') {
        const p = parseControl(controlRegistrationPolicy, body);
        this.setRegistrationPolicy(p);
        sendJson(res, 200, { ok: true, policy: p });
      } else if (method === 'POST' && registration) {
        const domain = decodeURIComponent(registration[1]!);
        try {
          this.activateRegistration(domain);
        } catch (err) {
          throw new ControlError(409, (err as Error).message);
        }
        sendJson(res, 200, { ok: true, domain: this.domain(domain) });
      } else if (method === 'POST' && path === '/faults') {
        this.injectFault(parseControl(controlFault, body));
        sendJson(res, 201, { ok: true });
      } else if (method === 'DELETE' && path === '/faults') {
        this.clearFaults();
        sendJson(res, 200, { ok: true });
      } else if (method === 'GET' && path === '/faults') {
        sendJson(res, 200, this.faults());
      } else if (method === 'PUT' && path === '/faults/seed') {
        const { seed } = parseControl(faultSeedSchema, body);
        this.setFaultSeed(seed);
        sendJson(res, 200, { ok: true, seed });
      } else if (method === 'POST' && path === '/domains/bulk') {
        sendJson(res, 201, this.seedDomains(parseControl(bulkDomainsSchema, body)));
      } else if (method === 'GET' && path === '/rate-limit') {
        sendJson(res, 200, this.rateLimit());
      } else if (method === 'PUT' && path === '/rate-limit') {
        this.setRateLimit(parseControl(rateLimitSchema, body).callsPerSecond ?? null);
        sendJson(res, 200, this.rateLimit());
      } else if (method === 'POST' && path === '/reset') {
        this.reset();
        sendJson(res, 200, { ok: true, defaultHandle: this.defaultHandle });
      } else {
        throw new ControlError(404, `unknown control route ${method} /_sandbox${path}`);
      }
    } catch (err) {
      if (err instanceof ControlError) sendJson(res, err.status, { error: err.message });
      else if (err instanceof ApiError) sendJson(res, 400, { error: err.message });
      else if (err instanceof Error && err.name === 'OpenproviderDomainNameError')
        sendJson(res, 400, { error: `body.domain: ${err.message}` });
      else throw err;
    }
  }
}

const ROUTES: Array<{ method: string; template: string; re: RegExp }> = [
  { method: 'POST', template: '/v1beta/auth/login', re: /^\/v1beta\/auth\/login$/ },
  { method: 'GET', template: '/v1beta/domains', re: /^\/v1beta\/domains$/ },
  { method: 'POST', template: '/v1beta/domains', re: /^\/v1beta\/domains$/ },
  { method: 'POST', template: '/v1beta/domains/check', re: /^\/v1beta\/domains\/check$/ },
  { method: 'POST', template: '/v1beta/domains/transfer', re: /^\/v1beta\/domains\/transfer$/ },
  { method: 'POST', template: '/v1beta/domains/trade', re: /^\/v1beta\/domains\/trade$/ },
  // Before /domains/{id}, which would take "additional-data" for an id.
  {
    method: 'GET',
    template: '/v1beta/domains/additional-data/customers',
    re: /^\/v1beta\/domains\/additional-data\/customers$/,
  },
  { method: 'GET', template: '/v1beta/domains/additional-data', re: /^\/v1beta\/domains\/additional-data$/ },
  { method: 'GET', template: '/v1beta/domains/{id}', re: /^\/v1beta\/domains\/([^/]+)$/ },
  { method: 'PUT', template: '/v1beta/domains/{id}', re: /^\/v1beta\/domains\/([^/]+)$/ },
  { method: 'DELETE', template: '/v1beta/domains/{id}', re: /^\/v1beta\/domains\/([^/]+)$/ },
  { method: 'POST', template: '/v1beta/domains/{id}/renew', re: /^\/v1beta\/domains\/([^/]+)\/renew$/ },
  { method: 'POST', template: '/v1beta/domains/{id}/restore', re: /^\/v1beta\/domains\/([^/]+)\/restore$/ },
  { method: 'GET', template: '/v1beta/tlds/{name}', re: /^\/v1beta\/tlds\/([^/]+)$/ },
  { method: 'GET', template: '/v1beta/resellers', re: /^\/v1beta\/resellers$/ },
  { method: 'GET', template: '/v1beta/customers', re: /^\/v1beta\/customers$/ },
  { method: 'POST', template: '/v1beta/customers', re: /^\/v1beta\/customers$/ },
  { method: 'GET', template: '/v1beta/customers/{handle}', re: /^\/v1beta\/customers\/([^/]+)$/ },
  { method: 'PUT', template: '/v1beta/customers/{handle}', re: /^\/v1beta\/customers\/([^/]+)$/ },
];

function matchRoute(method: string, pathname: string): { template: string; param?: string } | undefined {
  const path = pathname.replace(/\/+$/, '');
  if (!path.startsWith(API)) return undefined;
  for (const r of ROUTES) {
    if (r.method !== method) continue;
    const m = r.re.exec(path);
    if (m) return { template: r.template, param: m[1] !== undefined ? decodeURIComponent(m[1]) : undefined };
  }
  return undefined;
}

function parseId(param: string | undefined): number {
  const id = Number(param);
  if (!Number.isInteger(id) || id <= 0) throw ERR.badRequest(`path.id: "${param}" is not a domain id`);
  return id;
}

function normaliseWireDomain(d: { name: string; extension: string }): { name: string; extension: string } {
  const name = d.name.toLowerCase();
  const extension = d.extension.replace(/^\./, '').toLowerCase();
  const parsed = parseDomainName(`${name}.${extension}`);
  if (!parsed.ok || name.includes('.') || parsed.value.ascii !== `${name}.${extension}`) {
    // 300-306: bad domain label (spec 2.3); IDNs must arrive in ASCII form.
    throw new ApiError(301, 'Invalid domain name', parsed.ok ? `${name}.${extension}` : parsed.rule);
  }
  return { name, extension };
}

function checkAutorenew(value: string | undefined): 'on' | 'off' | 'default' | undefined {
  if (value === undefined) return undefined;
  if (value === 'on' || value === 'off' || value === 'default') return value;
  throw ERR.wrongAutorenew();
}

function handlesOf(b: {
  owner_handle?: string;
  admin_handle?: string;
  tech_handle?: string;
  billing_handle?: string;
}): {
  owner?: string;
  admin?: string;
  tech?: string;
  billing?: string;
} {
  const out: { owner?: string; admin?: string; tech?: string; billing?: string } = {};
  if (b.owner_handle) out.owner = b.owner_handle;
  if (b.admin_handle) out.admin = b.admin_handle;
  if (b.tech_handle) out.tech = b.tech_handle;
  if (b.billing_handle) out.billing = b.billing_handle;
  return out;
}

function domainOf(body: unknown, query: URLSearchParams): string | undefined {
  const full = query.get('full_name');
  if (full) return full.toLowerCase();
  if (body && typeof body === 'object') {
    const b = body as {
      domain?: { name?: unknown; extension?: unknown };
      domains?: Array<{ name?: unknown; extension?: unknown }>;
    };
    const d = b.domain ?? b.domains?.[0];
    if (d && typeof d.name === 'string' && typeof d.extension === 'string')
      return `${d.name}.${d.extension}`.toLowerCase();
  }
  const pattern = query.get('domain_name_pattern');
  const extension = query.get('extension');
  if (pattern && extension && !pattern.includes('*')) return `${pattern}.${extension}`.toLowerCase();
  return undefined;
}

/** GET /customers/{handle} shape, or (`list`) the list result shape, which has no vat or fax. */
function toWireCustomer(c: Customer, shape: 'get' | 'list' = 'get'): Record<string, unknown> {
  const data = c.data as Record<string, unknown> & { name?: Record<string, string> };
  const name = data.name ?? {};
  const wire: Record<string, unknown> = {
    id: c.id,
    handle: c.handle,
    reseller_id: SANDBOX_RESELLER_ID,
    name: {
      first_name: name.first_name ?? '',
      last_name: name.last_name ?? '',
      initials: name.initials ?? '',
      prefix: name.prefix ?? '',
      full_name: name.full_name ?? `${name.first_name ?? ''} ${name.last_name ?? ''}`.trim(),
    },
    company_name: data.company_name ?? '',
    address: data.address,
    phone: data.phone,
    email: data.email,
    vat: data.vat ?? '',
    locale: data.locale ?? 'en_GB',
    comments: data.comments ?? '',
    tags: data.tags ?? [],
    is_deleted: false,
    deleted_at: ZERO_DATE,
    comments_last_changed_at: formatOpenproviderDate(c.createdAt),
    ...(Array.isArray(data.extension_additional_data)
      ? { extension_additional_data: data.extension_additional_data }
      : {}),
  };
  if (shape === 'list') delete wire.vat;
  else if (data.fax !== undefined) wire.fax = data.fax;
  return wire;
}

function view(d: SandboxDomain, renewalDate: Date | undefined): SandboxDomainView {
  return {
    id: d.id,
    domain: joinDomainName(d),
    status: d.status,
    type: d.type,
    nameservers: [...d.nameservers],
    transferLock: d.isLocked,
    autorenew: d.autorenew,
    isPrivateWhoisEnabled: d.isPrivateWhoisEnabled,
    privacy: d.isPrivateWhoisEnabled,
    handles: { owner: d.ownerHandle, admin: d.adminHandle, tech: d.techHandle, billing: d.billingHandle },
    additionalData: { ...d.additionalData },
    period: d.period,
    ...(d.acceptedPremiumFee !== undefined ? { acceptedPremiumFee: d.acceptedPremiumFee } : {}),
    authCode: d.authCode,
    expiresAt: d.expiresAt?.toISOString(),
    registryExpiresAt: (d.registryExpiresAt ?? d.expiresAt)?.toISOString(),
    renewalDate: renewalDate?.toISOString(),
    softQuarantineUntil: d.softQuarantineUntil?.toISOString(),
    hardQuarantineUntil: d.hardQuarantineUntil?.toISOString(),
    isDeleted: d.isDeleted,
    failureReason: d.failureReason,
  };
}

function sendJson(res: ServerResponse, status: number, payload: unknown): void {
  const body = JSON.stringify(payload);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 1_000_000) throw new Error('request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

import { z } from 'zod';
import { describeZodError } from '../../domain/validation';
import { ERR } from './registry';
import { MAX_HANG_MS, faultProbabilitySchema, faultTimesSchema } from '../shared/faults';

/** Request schemas of the API (loose, like the real one) and of the /_sandbox control surface, and the parsers that turn a bad body or query into the right error. */

export class ControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

// ---- request schemas (bodies are loose: unknown fields are ignored like the real API) ----

export const wireDomain = z.object({
  name: z.string().min(1, 'must not be empty'),
  extension: z.string().min(1, 'must not be empty'),
});
export const wireNameservers = z.array(
  z.object({
    name: z.string().min(1, 'must not be empty'),
    // ip:null made the real API answer 399 (spec 6, #230): refuse it the same way.
    ip: z.string().optional(),
    ip6: z.string().optional(),
    seq_nr: z.number().int().optional(),
  }),
);
export const handleFields = {
  owner_handle: z.string().optional(),
  admin_handle: z.string().optional(),
  tech_handle: z.string().optional(),
  billing_handle: z.string().optional(),
};
export const autorenew = z.string().optional();
export const loginBody = z.object({ username: z.string(), password: z.string(), ip: z.string().optional() });
export const checkBody = z.object({
  domains: z.array(wireDomain).min(1, 'at least one domain'),
  with_price: z.boolean().optional(),
});
export const createBody = z.object({
  domain: wireDomain,
  // In `unit`s (swagger: "years unless otherwise specified"); monthsOf caps the term at 10 years.
  period: z.number().int().min(1).max(120).optional(),
  unit: z.enum(['y', 'q', 'm'], { message: 'must be y (years), q (quarters) or m (months)' }).optional(),
  ...handleFields,
  owner_handle: z.string().min(1, 'is required'),
  name_servers: wireNameservers.optional(),
  autorenew,
  is_private_whois_enabled: z.boolean().optional(),
  additional_data: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  accept_premium_fee: z.number().min(0).optional(),
  comments: z.string().optional(),
});
export const transferBody = z.object({
  domain: wireDomain,
  auth_code: z.string().optional(),
  ...handleFields,
  owner_handle: z.string().min(1, 'is required'),
  name_servers: wireNameservers.optional(),
  at: z.string().optional(),
  autorenew,
  additional_data: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
});
/** POST /domains/trade (swagger domainTradeDomainRequest); the owner handle is what changes */
export const tradeBody = z.object({
  domain: wireDomain,
  ...handleFields,
  owner_handle: z.string().min(1, 'is required'),
  auth_code: z.string().optional(),
  additional_data: z.record(z.string(), z.unknown()).optional(),
});
/** Fields outside swagger domainUpdateDomainRequest are refused first (additional-data.ts). */
export const updateBody = z.object({
  ...handleFields,
  name_servers: wireNameservers.optional(),
  // true: the existing name servers are deleted and name_servers is the new set; else it is merged.
  remove_nses: z.boolean().optional(),
  is_locked: z.boolean().optional(),
  autorenew,
  is_private_whois_enabled: z.boolean().optional(),
  additional_data: z.record(z.string(), z.unknown()).optional(),
  // true: a new auth code replaces the current one (swagger domainUpdateDomainRequest)
  reset_auth_code: z.boolean().optional(),
  comments: z.string().optional(),
  id: z.number().int().optional(),
  domain: wireDomain.optional(),
});
export const contactName = z.object({
  first_name: z.string().min(1, 'must not be empty'),
  last_name: z.string().min(1, 'must not be empty'),
  initials: z.string().optional(),
  prefix: z.string().optional(),
  full_name: z.string().optional(),
});
export const contactAddress = z.object({
  street: z.string().min(1, 'must not be empty'),
  number: z.string().optional(),
  suffix: z.string().optional(),
  zipcode: z.string().min(1, 'must not be empty'),
  city: z.string().min(1, 'must not be empty'),
  state: z.string().optional(),
  country: z.string().regex(/^[A-Za-z]{2}$/, 'must be a two-letter country code'),
});
export const contactPhone = z.object({
  country_code: z.string().regex(/^\+\d{1,3}$/, 'must be like +31'),
  area_code: z.string(),
  subscriber_number: z.string().min(1, 'must not be empty'),
});
export const customerOptional = {
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
export const createCustomerBody = z.object({
  name: contactName,
  address: contactAddress,
  phone: contactPhone,
  email: z.email('must be an e-mail address'),
  ...customerOptional,
});
export const updateCustomerBody = z.object({
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

export const nameserverList = z.array(z.string().min(1, 'must not be empty')).min(1, 'at least one name server');
export const controlExternal = z.object({
  domain: z.string().min(1, 'must not be empty'),
  authCode: z.string().min(1, 'must not be empty'),
  nameservers: nameserverList,
  transferLock: z.boolean().optional(),
});
export const isoDate = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time' });
export const controlDomain = z.object({
  domain: z.string().min(1, 'must not be empty'),
  nameservers: nameserverList,
  expiresAt: isoDate.optional(),
  registryExpiresAt: isoDate.optional(),
  renewalDate: isoDate.optional(),
  autorenew: z.enum(['on', 'off', 'default']).optional(),
  status: z.enum(['ACT', 'REQ']).optional(),
  transferLock: z.boolean().optional(),
});
export const controlClock = z.object({ advanceMs: z.number().int('must be an integer') });
export const controlDelete = z.object({ soft: z.boolean().optional() });
export const amount = z.union([z.number(), z.string().regex(/^-?\d+(\.\d{1,2})?$/, 'must be a decimal amount')]);
export const controlReseller = z.object({ balance: amount.optional(), autoRenew: z.boolean().optional() });
export const controlTld = z.object({
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
export const controlLoseAnswer = z.object({ route: z.string().optional(), times: z.number().int().min(1).optional() });
export const controlPolicy = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('manual') }),
  z.object({
    mode: z.enum(['approve', 'reject']),
    afterMs: z.number().int().min(0, 'must be >= 0'),
    reason: z.string().optional(),
  }),
]);
export const controlRegistrationPolicy = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('active') }),
  z.object({ mode: z.literal('pending'), afterMs: z.number().int().min(0, 'must be >= 0') }),
]);
export const controlReject = z.object({ reason: z.string().min(1).optional() });
export const controlFault = z.object({
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
export const renewBody = z.object({
  id: z.number().int().optional(),
  domain: wireDomain.optional(),
  period: z.number().int().min(1, 'must be 1-10').max(10, 'must be 1-10').optional(),
});
export const restoreBody = z.object({ id: z.number().int().optional(), domain: wireDomain.optional() });

/** The term of a POST /domains in months: 1 to 10 years, whatever the unit. */
export function monthsOf(period: number, unit: 'y' | 'q' | 'm'): number {
  const months = period * { y: 12, q: 3, m: 1 }[unit];
  if (months > 120) throw ERR.badRequest(`body.period: ${period}${unit} is more than 10 years`);
  return months;
}

export function parseBody<S extends z.ZodType>(schema: S, value: unknown, root = 'body'): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw ERR.badRequest(describeZodError(parsed.error, root));
  return parsed.data;
}

export function parseControl<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value ?? {});
  if (!parsed.success) throw new ControlError(400, describeZodError(parsed.error, 'body'));
  return parsed.data;
}

export function queryBool(value: string | null): boolean | undefined {
  if (value === null) return undefined;
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  throw ERR.badRequest(`query: "${value}" is not a boolean`);
}

export function queryInt(params: URLSearchParams, name: string, fallback: number, min: number, max: number): number {
  const raw = params.get(name);
  if (raw === null || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max)
    throw ERR.badRequest(`query.${name}: must be an integer ${min}-${max}`);
  return n;
}

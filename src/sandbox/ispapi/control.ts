import { z } from 'zod';
import { domainNameSchema } from '../../domain/domain-name';
import { describeZodError } from '../../domain/validation';
import { bulkDomainsSchema, rateLimitSchema } from '../shared/rate-limit';
import {
  APPLICATION_OUTCOMES,
  RENEWAL_MODES,
  SandboxStateError,
  type RegistrationPolicy,
  type RestorePolicy,
  type TldPeriods,
  type TransferPolicy,
} from './registry';

/**
 * The JSON control surface under /_sandbox/: what tests do through IspapiSandbox methods, other
 * processes and people do over HTTP. Bodies are validated with the same schemas the methods use.
 */

const nameList = z.array(domainNameSchema).max(13, 'at most 13 nameservers');

export const externalDomainSchema = z.object({
  domain: domainNameSchema,
  authCode: z.string().min(1, 'must not be empty'),
  nameservers: nameList,
  transferLock: z.boolean().optional(),
  registrar: z.string().min(1, 'must not be empty').optional(),
  /** held in another account of this registrar: CheckDomainTransfer USERTRANSFERREQUIRED=1 */
  internal: z.boolean().optional(),
});

export const ownedDomainSchema = z.object({
  domain: domainNameSchema,
  nameservers: nameList,
  expiresAt: z.coerce.date({ message: 'must be an ISO 8601 date' }).optional(),
  transferLock: z.boolean().optional(),
  authCode: z.string().min(1, 'must not be empty').optional(),
  /** PAIDUNTILDATE; default expiresAt */
  paidUntil: z.coerce.date({ message: 'must be an ISO 8601 date' }).optional(),
  renewalMode: z.enum(RENEWAL_MODES as ['AUTORENEW', 'AUTOEXPIRE', 'AUTODELETE']).optional(),
  /** the registrant as inline ISPAPI fields (FIRSTNAME, LASTNAME, ORGANIZATION, EMAIL ...) */
  owner: z
    .record(z.string().regex(/^[A-Z]+$/, 'must be an ISPAPI contact field such as FIRSTNAME'), z.string())
    .optional(),
});

const amount = z.string().regex(/^-?\d+(\.\d{1,2})?$/, 'must be a decimal amount such as 10.00');

export const balanceSchema = z.object({ amount, credit: amount.optional() });

export const pricesSchema = z.object({
  renew: amount.optional(),
  register: amount.optional(),
  transfer: amount.optional(),
  restore: amount.optional(),
  backorder: amount.optional(),
  trade: amount.optional(),
});

const days = z.number().int().min(-3650).max(3650);
export const tldPeriodsSchema = z.object({
  accounting: days.optional(),
  finalization: days.optional(),
  failure: days.optional(),
  deletionRestorable: z.number().int().min(0).max(3650).optional(),
});

export const restorePolicySchema = z.discriminatedUnion(
  'mode',
  [
    z.object({ mode: z.literal('immediate') }),
    z.object({ mode: z.literal('pending'), afterMs: z.number().int().min(0, 'must be >= 0') }),
  ],
  { message: "must be 'immediate' or 'pending'" },
);

/** ModifyDomain: applied at once, or answered PENDING=1 and applied afterMs later (./updates.ts). */
export const updatePolicySchema = z.discriminatedUnion(
  'mode',
  [
    z.object({ mode: z.literal('immediate') }),
    z.object({ mode: z.literal('pending'), afterMs: z.number().int().min(0, 'must be >= 0') }),
  ],
  { message: "must be 'immediate' or 'pending'" },
);

export const loseAnswerSchema = z.object({
  command: z.string().min(1, 'must not be empty'),
  times: z.number().int().min(1, 'must be >= 1').optional(),
});

export const transferOutSchema = z
  .object({ answer: z.union([z.literal(531), z.literal(545)]).optional(), logged: z.boolean().optional() })
  .optional();

const clockSchema = z.object({ offsetMs: z.number().int() });
const advanceSchema = z.object({ ms: z.number().int() });

export const transferPolicySchema = z.discriminatedUnion(
  'mode',
  [
    z.object({ mode: z.literal('manual') }),
    z.object({
      mode: z.enum(['approve', 'reject']),
      afterMs: z.number().int().min(0, 'must be >= 0'),
      reason: z.string().optional(),
    }),
  ],
  { message: "must be 'manual', 'approve' or 'reject'" },
);

export const registrationPolicySchema = z.discriminatedUnion(
  'mode',
  [
    z.object({ mode: z.literal('active') }),
    z.object({ mode: z.literal('pending'), afterMs: z.number().int().min(0, 'must be >= 0') }),
  ],
  { message: "must be 'active' or 'pending'" },
);

export const premiumPriceSchema = z.object({
  amount: z.string().regex(/^\d+(\.\d{1,2})?$/, 'must be a decimal amount such as 120.00'),
  currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as USD'),
  /** an aftermarket listing: CheckDomains shows the channel and no CLASS */
  aftermarket: z.boolean().optional(),
});

/** The name of CheckDomains' premium channel column (reference table: PREMIUMCHANNELS; its example: PREMIUMCHANNEL). */
export const premiumChannelPropertySchema = z.object({
  name: z.enum(['PREMIUMCHANNELS', 'PREMIUMCHANNEL'], { message: 'must be PREMIUMCHANNELS or PREMIUMCHANNEL' }),
});

export const dropSchema = z.object({
  domain: domainNameSchema,
  /** when the domain drops (FINALIZATIONDATE) */
  dropAt: z.coerce.date({ message: 'must be an ISO 8601 date' }),
  score: z.number().int().min(0).max(1000).optional(),
});

export const applicationOutcomeSchema = z.object({
  status: z.enum(APPLICATION_OUTCOMES, { message: `must be one of ${APPLICATION_OUTCOMES.join(', ')}` }),
  afterMs: z.number().int().min(0, 'must be >= 0').optional(),
  auctionUrl: z.url({ message: 'must be a URL' }).optional(),
});

export const auctionSchema = z.object({ winner: z.string().regex(/^\d+$/, 'must be an application id') });

const rejectSchema = z.object({ reason: z.string().optional() }).optional();

export const tradePolicySchema = z.discriminatedUnion(
  'mode',
  [
    z.object({ mode: z.literal('realtime') }),
    z.object({
      mode: z.literal('pending'),
      afterMs: z.number().int().min(0, 'must be >= 0').optional(),
      outcome: z.enum(['SUCCESSFUL', 'FAILED']).optional(),
      reason: z.string().optional(),
    }),
  ],
  { message: "must be 'realtime' or 'pending'" },
);

export const zoneOptionsSchema = z.object({
  policy: z.enum(['ICANN-TRADE', 'TRADE', 'UPDATE'], { message: 'must be ICANN-TRADE, TRADE or UPDATE' }),
  repository: z.string().min(1, 'must not be empty'),
});

export interface ControlTarget {
  journal(filter?: { command?: string; domain?: string }): unknown[];
  seedExternalDomain(d: z.infer<typeof externalDomainSchema>): void;
  seedDomain(d: z.infer<typeof ownedDomainSchema>): void;
  seedDomains(b: z.input<typeof bulkDomainsSchema>): { seeded: number; first: string; last: string };
  setRateLimit(callsPerSecond: number | null): void;
  rateLimit(): unknown;
  removeDomain(domain: string): void;
  domain(domain: string): unknown;
  pendingTransfers(): unknown[];
  approveTransfer(domain: string): void;
  rejectTransfer(domain: string, reason?: string): void;
  setTransferPolicy(p: TransferPolicy): void;
  setRegistrationPolicy(p: RegistrationPolicy): void;
  activateRegistration(domain: string): void;
  setPremium(domain: string, price: z.infer<typeof premiumPriceSchema> | null): void;
  reset(): void;
  clock(): { now: string; offsetMs: number };
  setClockOffset(offsetMs: number): void;
  advanceClock(ms: number): void;
  charges(filter?: { domain?: string }): unknown[];
  account(): unknown;
  setBalance(b: z.infer<typeof balanceSchema>): void;
  setPrices(tld: string, prices: z.infer<typeof pricesSchema>): void;
  setTldPeriods(tld: string, periods: Partial<TldPeriods>): void;
  setRestorePolicy(p: RestorePolicy): void;
  setPremiumChannelProperty(name: z.infer<typeof premiumChannelPropertySchema>['name']): void;
  setUpdatePolicy(p: z.infer<typeof updatePolicySchema>): void;
  expireDomain(domain: string): void;
  deleteDomain(domain: string): void;
  transferOut(domain: string, opts?: z.infer<typeof transferOutSchema>): void;
  deletedDomain(domain: string): unknown;
  loseAnswer(f: z.infer<typeof loseAnswerSchema>): void;
  seedDrop(d: z.infer<typeof dropSchema>): void;
  pendingDrops(): unknown[];
  applications(filter?: { domain?: string }): unknown[];
  setApplicationOutcome(domain: string, outcome: z.infer<typeof applicationOutcomeSchema>): void;
  approveApplication(domain: string): void;
  refuseApplication(domain: string): void;
  cleanupApplication(domain: string): void;
  resolveAuction(domain: string, winnerApplicationId: string): void;
  trades(): unknown[];
  confirmTrade(domain: string): void;
  denyTrade(domain: string, reason?: string): void;
  setTradePolicy(p: z.infer<typeof tradePolicySchema>): void;
  setZoneOptions(tld: string, o: z.infer<typeof zoneOptionsSchema>): void;
}

export interface ControlReply {
  status: number;
  body: unknown;
}

export class ControlInputError extends Error {
  override readonly name = 'ControlInputError';
}

export function parseBody<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new ControlInputError(describeZodError(result.error, 'body'));
  return result.data;
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ControlInputError('body: must be valid JSON');
  }
}

export function handleControl(target: ControlTarget, method: string, url: URL, bodyText: string): ControlReply {
  const path = url.pathname.replace(/\/+$/, '');
  try {
    const seg = path
      .split('/')
      .slice(2) // after "/_sandbox"
      .map((s) => {
        try {
          return decodeURIComponent(s);
        } catch {
          throw new ControlInputError(`path: malformed segment ${s}`);
        }
      });
    const route = `${method} ${seg[0] ?? ''}`;
    if (route === 'GET journal' && seg.length === 1) {
      const command = url.searchParams.get('command') || undefined;
      const domain = url.searchParams.get('domain') || undefined;
      return { status: 200, body: target.journal({ command, domain }) };
    }
    if (route === 'POST external-domains' && seg.length === 1) {
      const d = parseBody(externalDomainSchema, parseJson(bodyText));
      target.seedExternalDomain(d);
      return { status: 201, body: { ok: true, domain: d.domain } };
    }
    if (route === 'POST domains' && seg.length === 2 && seg[1] === 'bulk') {
      return { status: 201, body: target.seedDomains(parseBody(bulkDomainsSchema, parseJson(bodyText))) };
    }
    if (route === 'GET rate-limit' && seg.length === 1) return { status: 200, body: target.rateLimit() };
    if (route === 'PUT rate-limit' && seg.length === 1) {
      target.setRateLimit(parseBody(rateLimitSchema, parseJson(bodyText)).callsPerSecond ?? null);
      return { status: 200, body: target.rateLimit() };
    }
    if (route === 'POST domains' && seg.length === 1) {
      const d = parseBody(ownedDomainSchema, parseJson(bodyText));
      target.seedDomain(d);
      return { status: 201, body: target.domain(d.domain) ?? { ok: true } };
    }
    if (route === 'GET domains' && seg.length === 2) {
      const d = target.domain(seg[1]!);
      return d ? { status: 200, body: d } : { status: 404, body: { error: `${seg[1]} is not in the account` } };
    }
    if (route === 'DELETE domains' && seg.length === 2) {
      target.removeDomain(seg[1]!);
      return { status: 200, body: { ok: true } };
    }
    if (route === 'GET transfers' && seg.length === 1) return { status: 200, body: target.pendingTransfers() };
    if (route === 'POST transfers' && seg.length === 3 && seg[2] === 'approve') {
      target.approveTransfer(seg[1]!);
      return { status: 200, body: { ok: true, domain: seg[1], result: 'approved' } };
    }
    if (route === 'POST transfers' && seg.length === 3 && seg[2] === 'reject') {
      const body = parseBody(rejectSchema, parseJson(bodyText));
      target.rejectTransfer(seg[1]!, body?.reason);
      return { status: 200, body: { ok: true, domain: seg[1], result: 'rejected' } };
    }
    if (route === 'PUT transfer-policy' && seg.length === 1) {
      const policy = parseBody(transferPolicySchema, parseJson(bodyText));
      target.setTransferPolicy(policy);
      return { status: 200, body: policy };
    }
    if (route === 'PUT registration-policy' && seg.length === 1) {
      const policy = parseBody(registrationPolicySchema, parseJson(bodyText));
      target.setRegistrationPolicy(policy);
      return { status: 200, body: policy };
    }
    if (route === 'POST registrations' && seg.length === 3 && seg[2] === 'activate') {
      target.activateRegistration(seg[1]!);
      return { status: 200, body: target.domain(seg[1]!) ?? { ok: true } };
    }
    if (route === 'PUT premium' && seg.length === 2) {
      const price = parseBody(premiumPriceSchema.nullable(), parseJson(bodyText) ?? null);
      target.setPremium(seg[1]!, price);
      return { status: 200, body: { ok: true, domain: seg[1], premium: price } };
    }
    if (route === 'GET clock' && seg.length === 1) return { status: 200, body: target.clock() };
    if (route === 'PUT clock' && seg.length === 1) {
      target.setClockOffset(parseBody(clockSchema, parseJson(bodyText)).offsetMs);
      return { status: 200, body: target.clock() };
    }
    if (route === 'POST clock' && seg.length === 2 && seg[1] === 'advance') {
      target.advanceClock(parseBody(advanceSchema, parseJson(bodyText)).ms);
      return { status: 200, body: target.clock() };
    }
    if (route === 'GET charges' && seg.length === 1) {
      return { status: 200, body: target.charges({ domain: url.searchParams.get('domain') || undefined }) };
    }
    if (route === 'GET account' && seg.length === 1) return { status: 200, body: target.account() };
    if (route === 'PUT account' && seg.length === 1) {
      target.setBalance(parseBody(balanceSchema, parseJson(bodyText)));
      return { status: 200, body: target.account() };
    }
    if (route === 'PUT prices' && seg.length === 2) {
      const prices = parseBody(pricesSchema, parseJson(bodyText));
      target.setPrices(seg[1]!, prices);
      return { status: 200, body: { ok: true, tld: seg[1], prices } };
    }
    if (route === 'PUT tld-periods' && seg.length === 2) {
      const periods = parseBody(tldPeriodsSchema, parseJson(bodyText));
      target.setTldPeriods(seg[1]!, periods);
      return { status: 200, body: { ok: true, tld: seg[1], periods } };
    }
    if (route === 'PUT restore-policy' && seg.length === 1) {
      const policy = parseBody(restorePolicySchema, parseJson(bodyText));
      target.setRestorePolicy(policy);
      return { status: 200, body: policy };
    }
    if (route === 'PUT premium-channel-property' && seg.length === 1) {
      const { name } = parseBody(premiumChannelPropertySchema, parseJson(bodyText));
      target.setPremiumChannelProperty(name);
      return { status: 200, body: { name } };
    }
    if (route === 'PUT update-policy' && seg.length === 1) {
      const policy = parseBody(updatePolicySchema, parseJson(bodyText));
      target.setUpdatePolicy(policy);
      return { status: 200, body: policy };
    }
    if (route === 'POST domains' && seg.length === 3 && (seg[2] === 'expire' || seg[2] === 'delete')) {
      if (seg[2] === 'expire') target.expireDomain(seg[1]!);
      else target.deleteDomain(seg[1]!);
      return { status: 200, body: target.deletedDomain(seg[1]!) ?? { ok: true } };
    }
    if (route === 'POST domains' && seg.length === 3 && seg[2] === 'transfer-out') {
      target.transferOut(seg[1]!, parseBody(transferOutSchema, parseJson(bodyText)));
      return { status: 200, body: { ok: true, domain: seg[1], result: 'transferred-out' } };
    }
    if (route === 'GET deleted-domains' && seg.length === 2) {
      const d = target.deletedDomain(seg[1]!);
      return d
        ? { status: 200, body: d }
        : { status: 404, body: { error: `${seg[1]} is not a restorable deleted domain` } };
    }
    if (route === 'POST faults' && seg.length === 2 && seg[1] === 'lose-answer') {
      const fault = parseBody(loseAnswerSchema, parseJson(bodyText));
      target.loseAnswer(fault);
      return { status: 200, body: { ok: true, ...fault } };
    }
    if (route === 'POST drops' && seg.length === 1) {
      const d = parseBody(dropSchema, parseJson(bodyText));
      target.seedDrop(d);
      return { status: 201, body: { ok: true, domain: d.domain, dropAt: d.dropAt.toISOString() } };
    }
    if (route === 'GET drops' && seg.length === 1) return { status: 200, body: target.pendingDrops() };
    if (route === 'GET applications' && seg.length === 1) {
      return { status: 200, body: target.applications({ domain: url.searchParams.get('domain') || undefined }) };
    }
    if (route === 'PUT applications' && seg.length === 3 && seg[2] === 'outcome') {
      const outcome = parseBody(applicationOutcomeSchema, parseJson(bodyText));
      target.setApplicationOutcome(seg[1]!, outcome);
      return { status: 200, body: { ok: true, domain: seg[1], ...outcome } };
    }
    if (route === 'POST applications' && seg.length === 3 && ['approve', 'refuse', 'cleanup'].includes(seg[2]!)) {
      if (seg[2] === 'approve') target.approveApplication(seg[1]!);
      else if (seg[2] === 'refuse') target.refuseApplication(seg[1]!);
      else target.cleanupApplication(seg[1]!);
      return { status: 200, body: target.applications({ domain: seg[1] }) };
    }
    if (route === 'POST applications' && seg.length === 3 && seg[2] === 'auction') {
      const { winner } = parseBody(auctionSchema, parseJson(bodyText));
      target.resolveAuction(seg[1]!, winner);
      return { status: 200, body: target.applications({ domain: seg[1] }) };
    }
    if (route === 'GET trades' && seg.length === 1) return { status: 200, body: target.trades() };
    if (route === 'POST trades' && seg.length === 3 && (seg[2] === 'confirm' || seg[2] === 'deny')) {
      if (seg[2] === 'confirm') target.confirmTrade(seg[1]!);
      else target.denyTrade(seg[1]!, parseBody(rejectSchema, parseJson(bodyText))?.reason);
      return { status: 200, body: target.trades().filter((t) => (t as { domain: string }).domain === seg[1]) };
    }
    if (route === 'PUT trade-policy' && seg.length === 1) {
      const policy = parseBody(tradePolicySchema, parseJson(bodyText));
      target.setTradePolicy(policy);
      return { status: 200, body: policy };
    }
    if (route === 'PUT zone-options' && seg.length === 2) {
      const options = parseBody(zoneOptionsSchema, parseJson(bodyText));
      target.setZoneOptions(seg[1]!, options);
      return { status: 200, body: { ok: true, tld: seg[1], ...options } };
    }
    if (route === 'POST reset' && seg.length === 1) {
      target.reset();
      return { status: 200, body: { ok: true } };
    }
    return { status: 404, body: { error: `no control route ${method} ${url.pathname}` } };
  } catch (err) {
    if (err instanceof ControlInputError) return { status: 400, body: { error: err.message } };
    if (err instanceof SandboxStateError) return { status: 404, body: { error: err.message } };
    throw err;
  }
}

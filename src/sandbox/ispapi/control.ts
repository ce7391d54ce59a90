import type { z } from 'zod';
import { bulkDomainsSchema, rateLimitSchema } from '../shared/rate-limit';
import {
  SandboxStateError,
  type RegistrationPolicy,
  type RestorePolicy,
  type TldPeriods,
  type TransferPolicy,
} from './registry';
import {
  externalDomainSchema,
  ownedDomainSchema,
  balanceSchema,
  pricesSchema,
  tldPeriodsSchema,
  restorePolicySchema,
  updatePolicySchema,
  loseAnswerSchema,
  transferOutSchema,
  clockSchema,
  advanceSchema,
  transferPolicySchema,
  registrationPolicySchema,
  premiumPriceSchema,
  premiumChannelPropertySchema,
  dropSchema,
  applicationOutcomeSchema,
  auctionSchema,
  rejectSchema,
  tradePolicySchema,
  zoneOptionsSchema,
  ControlInputError,
  parseBody,
} from './control-schemas';

/**
 * The JSON control surface under /_sandbox/: what tests do through IspapiSandbox methods, other
 * processes and people do over HTTP. Bodies are validated with the same schemas the methods use.
 */

export * from './control-schemas';

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
  requestTransferOut(domain: string, opts?: { gainingRegistrar?: string }): unknown;
  transfersOut(): unknown[];
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
    if (route === 'POST domains' && seg.length === 3 && seg[2] === 'transfer-out-request') {
      return {
        status: 200,
        body: target.requestTransferOut(seg[1]!, parseJson(bodyText) as { gainingRegistrar?: string }),
      };
    }
    if (route === 'GET transfers-out' && seg.length === 1) return { status: 200, body: target.transfersOut() };
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

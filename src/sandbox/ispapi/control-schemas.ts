import { z } from 'zod';
import { domainNameSchema } from '../../domain/domain-name';
import { describeZodError } from '../../domain/validation';
import { APPLICATION_OUTCOMES, RENEWAL_MODES } from './registry';

/**
 * The control surface's input schemas and parser: one schema per control body, used both by the
 * /_sandbox/ routes (./control.ts) and by the IspapiSandbox methods (./sandbox/), so a body is
 * checked the same whichever way it comes.
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

export const clockSchema = z.object({ offsetMs: z.number().int() });
export const advanceSchema = z.object({ ms: z.number().int() });

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

export const rejectSchema = z.object({ reason: z.string().optional() }).optional();

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

export class ControlInputError extends Error {
  override readonly name = 'ControlInputError';
}

export function parseBody<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new ControlInputError(describeZodError(result.error, 'body'));
  return result.data;
}

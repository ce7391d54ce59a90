import { z } from 'zod';

/**
 * The REST v1beta wire shapes this project reads (spec 2.1, 3; swagger files in
 * shared/specs/openprovider-swagger). Objects are loose: Openprovider adds fields freely.
 */

export const warningSchema = z.looseObject({
  code: z.number().int().optional(),
  desc: z.string().optional(),
  data: z.unknown().optional(),
});

/** Success and error envelopes share these fields; `data` is an object on success, a string on errors. */
export const envelopeSchema = z.looseObject({
  code: z.number().int(),
  desc: z.string().optional().default(''),
  data: z.unknown().optional(),
  warnings: z.array(warningSchema).nullish(),
  maintenance: z.boolean().nullish(),
});
export type Envelope = z.infer<typeof envelopeSchema>;

export const loginDataSchema = z.looseObject({
  token: z.string().min(1, 'token must not be empty'),
  reseller_id: z.number().int().optional(),
});

export const wireDomainSchema = z.looseObject({ name: z.string(), extension: z.string() });

export const wireNameserverSchema = z.looseObject({
  name: z.string(),
  ip: z.string().nullish(),
  ip6: z.string().nullish(),
  seq_nr: z.number().int().nullish(),
});
export type WireNameserver = z.infer<typeof wireNameserverSchema>;

export const wireHistorySchema = z.looseObject({
  contents: z.string().optional(),
  subject: z.string().optional(),
  timestamp: z.string().optional(),
  type: z.string().optional(),
});

export const domainObjectSchema = z.looseObject({
  id: z.number().int(),
  domain: wireDomainSchema,
  status: z.string(),
  name_servers: z.array(wireNameserverSchema).nullish(),
  is_locked: z.boolean().nullish(),
  is_lockable: z.boolean().nullish(),
  is_deleted: z.boolean().nullish(),
  expiration_date: z.string().nullish(),
  registry_expiration_date: z.string().nullish(),
  renewal_date: z.string().nullish(),
  type: z.string().nullish(),
  comments: z.string().nullish(),
  history: z.array(wireHistorySchema).nullish(),
  owner_handle: z.string().nullish(),
  registry_statuses: z
    .looseObject({
      client_transfer_prohibited: z.looseObject({ value: z.number().nullish() }).nullish(),
    })
    .nullish(),
});
export type WireDomainObject = z.infer<typeof domainObjectSchema>;

/** A missing `results` means "nothing found" (spec 2.1). */
export const listDomainsDataSchema = z.looseObject({
  results: z.array(domainObjectSchema).nullish(),
  total: z.number().int().nullish(),
});

export const checkResultSchema = z.looseObject({
  domain: z.string(),
  status: z.string(),
  reason: z.string().nullish(),
  is_premium: z.boolean().nullish(),
});
export const checkDomainsDataSchema = z.looseObject({ results: z.array(checkResultSchema).nullish() });

export const transferDataSchema = z.looseObject({
  id: z.number().int().nullish(),
  status: z.string().nullish(),
  auth_code: z.string().nullish(),
  expiration_date: z.string().nullish(),
  renewal_date: z.string().nullish(),
});

export const updateDataSchema = z.looseObject({ id: z.number().int().nullish(), status: z.string().nullish() });

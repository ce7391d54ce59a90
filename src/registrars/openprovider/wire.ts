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
  /** "" when unset (spec 2.1) */
  soft_quarantine_expiry_date: z.string().nullish(),
  hard_quarantine_expiry_date: z.string().nullish(),
  delete_status: z.string().nullish(),
  autorenew: z.string().nullish(),
  type: z.string().nullish(),
  comments: z.string().nullish(),
  history: z.array(wireHistorySchema).nullish(),
  owner_handle: z.string().nullish(),
  is_private_whois_enabled: z.boolean().nullish(),
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
  /** premium names: the registration price (swagger domainPremiumPrice) */
  premium: z
    .looseObject({
      currency: z.string().nullish(),
      price: z.looseObject({ create: z.number().nullish() }).nullish(),
    })
    .nullish(),
});
export type WireCheckResult = z.infer<typeof checkResultSchema>;
export const checkDomainsDataSchema = z.looseObject({ results: z.array(checkResultSchema).nullish() });

export const transferDataSchema = z.looseObject({
  id: z.number().int().nullish(),
  status: z.string().nullish(),
  auth_code: z.string().nullish(),
  expiration_date: z.string().nullish(),
  renewal_date: z.string().nullish(),
});

export const updateDataSchema = z.looseObject({ id: z.number().int().nullish(), status: z.string().nullish() });

/** POST /domains (swagger domainCreateDomainResponseData) */
export const createDataSchema = z.looseObject({
  id: z.number().int(),
  status: z.string(),
  expiration_date: z.string().nullish(),
  renewal_date: z.string().nullish(),
  activation_date: z.string().nullish(),
});

const wirePhoneSchema = z.looseObject({
  country_code: z.string().nullish(),
  area_code: z.string().nullish(),
  subscriber_number: z.string().nullish(),
});

/** A customer (contact handle) as GET /customers and GET /customers/{handle} return it. */
export const customerSchema = z.looseObject({
  handle: z.string().min(1),
  id: z.number().int().nullish(),
  is_deleted: z.boolean().nullish(),
  name: z.looseObject({ first_name: z.string().nullish(), last_name: z.string().nullish() }).nullish(),
  company_name: z.string().nullish(),
  address: z
    .looseObject({
      street: z.string().nullish(),
      number: z.string().nullish(),
      suffix: z.string().nullish(),
      zipcode: z.string().nullish(),
      city: z.string().nullish(),
      state: z.string().nullish(),
      country: z.string().nullish(),
    })
    .nullish(),
  phone: wirePhoneSchema.nullish(),
  fax: wirePhoneSchema.nullish(),
  email: z.string().nullish(),
});
export type WireCustomer = z.infer<typeof customerSchema>;

export const listCustomersDataSchema = z.looseObject({
  results: z.array(customerSchema).nullish(),
  total: z.number().int().nullish(),
});

export const createCustomerDataSchema = z.looseObject({ handle: z.string().min(1) });

/** POST /domains/{id}/renew and /restore (swagger domainRenewDomainResponseData, domainRestoreDomainResponseData) */
export const statusDataSchema = z.looseObject({ status: z.string().nullish() });

const tldPriceSchema = z
  .looseObject({
    product: z.looseObject({ currency: z.string().nullish(), price: z.number().nullish() }).nullish(),
    reseller: z.looseObject({ currency: z.string().nullish(), price: z.number().nullish() }).nullish(),
  })
  .nullish();

/** GET /tlds/{name}?with_price=true (swagger tldTld), the parts this project reads */
export const tldSchema = z.looseObject({
  name: z.string().nullish(),
  soft_quarantine_period: z.number().nullish(),
  quarantine_period: z.number().nullish(),
  prices: z
    .looseObject({
      renew_price: tldPriceSchema,
      restore_price: tldPriceSchema,
      soft_restore_price: tldPriceSchema,
    })
    .nullish(),
});
export type WireTld = z.infer<typeof tldSchema>;

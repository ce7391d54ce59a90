import './zod-messages';
import { z } from 'zod';

/**
 * A registrant or role contact as the reseller knows it. Registrar-neutral: ISPAPI sends it inline,
 * Openprovider turns it into a reusable customer handle.
 */
const required = {
  error: (issue: { input: unknown }) => (issue.input === undefined ? 'is required' : 'must be an object'),
};

export const contactSchema = z.object(
  {
    firstName: z.string().trim().min(1, 'is required').max(64, 'must be at most 64 characters'),
    lastName: z.string().trim().min(1, 'is required').max(64, 'must be at most 64 characters'),
    organisation: z.string().trim().max(128, 'must be at most 128 characters').optional(),
    /** one to three address lines */
    street: z
      .array(z.string().trim().min(1, 'must not be empty').max(128, 'must be at most 128 characters'))
      .min(1, 'needs at least one address line')
      .max(3, 'takes at most three address lines'),
    city: z.string().trim().min(1, 'is required').max(64, 'must be at most 64 characters'),
    state: z.string().trim().max(64).optional(),
    postalCode: z.string().trim().min(1, 'is required').max(16, 'must be at most 16 characters'),
    /** ISO 3166-1 alpha-2, upper case */
    countryCode: z.string().regex(/^[A-Z]{2}$/, 'must be a two-letter ISO country code such as NL'),
    /** +CC.NUMBER, e.g. +31.201234567 */
    phone: z.string().regex(/^\+\d{1,3}\.\d{4,14}$/, 'must be +CC.NUMBER, e.g. +31.201234567'),
    fax: z
      .string()
      .regex(/^\+\d{1,3}\.\d{4,14}$/, 'must be +CC.NUMBER, e.g. +31.201234567')
      .optional(),
    email: z.email({ message: 'must be an e-mail address' }),
    // Customer-profile facts the TLD fields are pre-filled from (src/domain/tld-fields/prefill.ts),
    // as the seed module pre-fills VAT ID, DK Hostmaster User ID and the .ca language.
    vatId: z.string().trim().min(1, 'must not be empty').max(32, 'must be at most 32 characters').optional(),
    hostmasterId: z.string().trim().min(1, 'must not be empty').max(32, 'must be at most 32 characters').optional(),
    /** ISO 639-1, e.g. fr */
    language: z
      .string()
      .regex(/^[a-z]{2}$/, 'must be a two-letter ISO 639-1 language code such as fr')
      .optional(),
  },
  required,
);

export type Contact = z.output<typeof contactSchema>;

export const contactSetSchema = z.object(
  {
    owner: contactSchema,
    /** admin, tech and billing default to the owner */
    admin: contactSchema.optional(),
    tech: contactSchema.optional(),
    billing: contactSchema.optional(),
  },
  required,
);

export type ContactSet = z.output<typeof contactSetSchema>;
export const CONTACT_ROLES = ['owner', 'admin', 'tech', 'billing'] as const;
export type ContactRole = (typeof CONTACT_ROLES)[number];

/** Two contacts are the same person for the registry when every field matches. */
export function sameContact(a: Contact, b: Contact): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

function canonical(c: Contact): Contact {
  return {
    firstName: c.firstName,
    lastName: c.lastName,
    organisation: c.organisation || undefined,
    street: c.street,
    city: c.city,
    state: c.state || undefined,
    postalCode: c.postalCode,
    countryCode: c.countryCode,
    phone: c.phone,
    fax: c.fax || undefined,
    email: c.email.toLowerCase(),
  };
}

/** A change of name or organisation makes a new legal person: registrars need a new handle then. */
export function sameLegalIdentity(a: Contact, b: Contact): boolean {
  return a.firstName === b.firstName && a.lastName === b.lastName && (a.organisation ?? '') === (b.organisation ?? '');
}

import type { ProfileKey, RegistrantFacts, TldField } from './types';

/**
 * The seed module's auto-prefill (shared/seeds/000, "Auto-prefill fields": VAT ID, DK Hostmaster
 * User ID, .CA contact language; the .it entity type of a person): a TLD field left empty is
 * filled from the registrant's kind (TldField.prefill) or from a contact's profile
 * (TldField.profilePrefill). Pure. A value given, even one the table would not choose, always wins.
 */

/** The profile facts of a contact (src/domain/contact.ts) the pre-fills read. */
export type ContactProfile = Partial<Record<ProfileKey, string>>;

export interface PrefillSource {
  facts: RegistrantFacts;
  owner: ContactProfile;
  /** the admin contact; the owner's profile when absent (admin defaults to the owner) */
  admin?: ContactProfile;
}

/** The value a field is pre-filled with for this registrant, or undefined. */
export function prefillValue(field: TldField, source: PrefillSource): string | undefined {
  const byKind = field.prefill?.[source.facts.type];
  if (byKind !== undefined) return byKind;
  const rule = field.profilePrefill;
  if (!rule) return undefined;
  const profile = rule.contact === 'admin' ? (source.admin ?? source.owner) : source.owner;
  const raw = profile[rule.from]?.trim();
  if (!raw) return undefined;
  const value = rule.map ? rule.map[raw.toLowerCase()] : raw;
  // A profile value outside the field's list fills nothing: the check then names the field if it is required.
  if (value === undefined || (field.values && !field.values.includes(value))) return undefined;
  return value;
}

/** `extras` with every empty field of `fields` pre-filled where a value is known; given values kept. */
export function prefillFields(
  fields: readonly TldField[],
  extras: Readonly<Record<string, string>>,
  source: PrefillSource,
): Record<string, string> {
  const out = { ...extras };
  for (const field of fields) {
    if (Object.hasOwn(out, field.key) && out[field.key] !== '') continue;
    const value = prefillValue(field, source);
    if (value !== undefined) out[field.key] = value;
  }
  return out;
}

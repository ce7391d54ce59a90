import { z } from 'zod';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { dnskeyRecordSchema, dsRecordSchema, toDnskey, toDs, type DnssecRecord } from '../dnssec';
import { checkStrict, ValidationError } from '../validation';
import { toCanonical, toInput, type RecordInput } from './rdata';
import { sortRecords } from './digest';
import { describeRecord, validateZone } from './validate';
import { DEFAULT_TTL, MAX_TTL, MIN_TTL, ZONE_RECORD_TYPES, type Zone, type ZoneRecordType } from './types';

/**
 * The declared zone as people write it: YAML or JSON (docs/dns.md), `zone` (optional, must match
 * the domain), `ttl` (default for records without one) and `records`. Unknown keys are refused
 * naming the key; every record problem names `records[i] (<name> <type>).<field>`.
 */

const u16 = z.number().int('must be a whole number').min(0, 'must be 0-65535').max(65535, 'must be 0-65535');
export const recordInputSchema = z.object({
  name: z.string().optional(),
  type: z.enum(ZONE_RECORD_TYPES, { message: `must be one of ${ZONE_RECORD_TYPES.join(', ')}` }),
  ttl: z.number().int('must be a whole number of seconds').optional(),
  value: z.union([z.string(), z.array(z.string()).min(1, 'must hold at least one string')]),
  priority: u16.optional(),
  weight: u16.optional(),
  port: u16.optional(),
  flags: z.number().int().min(0).max(255, 'must be 0-255').optional(),
  tag: z.string().optional(),
  mode: z.enum(['redirect', 'frame'], { message: 'must be redirect or frame' }).optional(),
  mailbox: z.string().optional(),
});

export const zoneDocumentSchema = z.object({
  zone: z.string().optional(),
  ttl: z
    .number()
    .int()
    .min(MIN_TTL, `must be ${MIN_TTL}-${MAX_TTL} seconds`)
    .max(MAX_TTL, `must be ${MIN_TTL}-${MAX_TTL} seconds`)
    .optional(),
  records: z.array(recordInputSchema),
  /**
   * The delegation's DNSSEC at the registry (docs/dns.md): DS records, or DNSKEYs where the
   * registry computes the DS itself (Openprovider). Present: applyZone makes the registry equal to
   * it (empty lists: unsigned); absent: DNSSEC is left as it is.
   */
  dnssec: z
    .strictObject({
      ds: z.array(dsRecordSchema).max(16, 'must list at most 16 records').optional(),
      dnskey: z.array(dnskeyRecordSchema).max(16, 'must list at most 16 records').optional(),
    })
    .optional(),
});
export type ZoneDocument = z.infer<typeof zoneDocumentSchema>;

export type ZoneFormat = 'yaml' | 'json' | 'bind';

function refuse(problems: Array<{ field: string; rule: string }>): never {
  throw new ValidationError(
    problems.map((p) => `${p.field}: ${p.rule}`).join('; '),
    problems.map((p) => p.field),
  );
}

/** A parsed document to a validated zone for `domain` (ASCII); `supportedTypes`: the registrar's. */
export function zoneFromDocument(
  document: unknown,
  domain: string,
  options: { supportedTypes?: readonly ZoneRecordType[] } = {},
): Zone {
  const checked = checkStrict(zoneDocumentSchema, document, 'zone file');
  if (!checked.ok) throw new ValidationError(checked.problems.message, checked.problems.fields);
  const doc = checked.value;
  const zone = domain.toLowerCase().replace(/\.$/, '');
  if (doc.zone !== undefined && doc.zone.toLowerCase().replace(/\.$/, '') !== zone) {
    refuse([{ field: 'zone', rule: `names ${doc.zone}, not ${zone}` }]);
  }
  const problems: Array<{ field: string; rule: string }> = [];
  const records = [];
  for (const [i, input] of doc.records.entries()) {
    const converted = toCanonical(input as RecordInput, zone, doc.ttl ?? DEFAULT_TTL);
    const label = describeRecord(i, { name: input.name ?? '@', type: input.type });
    if (converted.ok) records.push(converted.record);
    else problems.push({ field: `${label}.${converted.field}`, rule: converted.rule });
  }
  if (problems.length > 0) refuse(problems);
  const invalid = validateZone(zone, records, options);
  if (invalid.length > 0) refuse(invalid);
  if (!doc.dnssec) return { zone, records };
  const dnssec: DnssecRecord[] = [
    ...(doc.dnssec.ds ?? []).map((ds): DnssecRecord => ({ type: 'DS', ...ds })),
    ...(doc.dnssec.dnskey ?? []).map((key): DnssecRecord => ({ type: 'DNSKEY', ...key })),
  ];
  return { zone, records, dnssec };
}

/** Fills `{{name}}` placeholders of a zone template; an unknown placeholder is refused. */
export function renderTemplate(text: string, values: Record<string, string>): string {
  return text.replace(/\{\{\s*([a-z_][a-z0-9_]*)\s*\}\}/gi, (_, key: string) => {
    const value = values[key];
    if (value === undefined)
      refuse([
        { field: `template {{${key}}}`, rule: `unknown placeholder (known: ${Object.keys(values).join(', ')})` },
      ]);
    return value;
  });
}

/** YAML or JSON text to the document (JSON is YAML): a syntax error names the line. */
export function parseZoneDocument(text: string, format: 'yaml' | 'json'): unknown {
  try {
    return format === 'json' ? (JSON.parse(text) as unknown) : (parseYaml(text) as unknown);
  } catch (err) {
    return refuse([{ field: 'zone file', rule: `is not valid ${format.toUpperCase()}: ${(err as Error).message}` }]);
  }
}

/** The document `dns export` writes: records in canonical order, TTLs only where they differ from the zone's. */
export function zoneToDocument(zone: Zone, defaultTtl = DEFAULT_TTL): ZoneDocument {
  const doc: ZoneDocument = {
    zone: zone.zone,
    ttl: defaultTtl,
    records: sortRecords(zone.records).map((r) => toInput(r, zone.zone, defaultTtl)),
  };
  if (zone.dnssec) {
    const ds = zone.dnssec.flatMap((r) => toDs(r) ?? []);
    const dnskey = zone.dnssec.flatMap((r) => toDnskey(r) ?? []);
    doc.dnssec = { ...(ds.length > 0 || dnskey.length === 0 ? { ds } : {}), ...(dnskey.length > 0 ? { dnskey } : {}) };
  }
  return doc;
}

export function zoneToYaml(zone: Zone, defaultTtl = DEFAULT_TTL): string {
  return stringifyYaml(zoneToDocument(zone, defaultTtl));
}

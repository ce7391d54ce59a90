import { z } from 'zod';

/**
 * DNSSEC delegation data as the parent zone (the registry) holds it: DS records (RFC 4034 §5) or,
 * for registries that compute the DS themselves, the DNSKEY (RFC 4034 §2). Pure rules, no I/O:
 * loaded by contracts and workflows.
 */

/**
 * IANA "DNS Security Algorithm Numbers": the algorithms marked for zone signing. 1 (RSAMD5) is
 * not (RFC 8624: MUST NOT), 2/4/252-254 are not signing algorithms.
 */
export const DNSSEC_ALGORITHMS: Readonly<Record<number, string>> = {
  3: 'DSA',
  5: 'RSASHA1',
  6: 'DSA-NSEC3-SHA1',
  7: 'RSASHA1-NSEC3-SHA1',
  8: 'RSASHA256',
  10: 'RSASHA512',
  12: 'ECC-GOST',
  13: 'ECDSAP256SHA256',
  14: 'ECDSAP384SHA384',
  15: 'ED25519',
  16: 'ED448',
  17: 'SM2SM3',
  23: 'ECC-GOST12',
};

/** IANA "Delegation Signer (DS) Resource Record Digest Algorithms" we accept, with the digest's hex length. */
export const DS_DIGEST_HEX_LENGTH: Readonly<Record<number, number>> = {
  1: 40, // SHA-1, 20 bytes
  2: 64, // SHA-256, 32 bytes
  4: 96, // SHA-384, 48 bytes
};

const ALGORITHM_MESSAGE = `must be a DNSSEC signing algorithm (IANA): ${Object.keys(DNSSEC_ALGORITHMS).join(', ')}`;
const algorithmSchema = z
  .number()
  .int(ALGORITHM_MESSAGE)
  .refine((n) => n in DNSSEC_ALGORITHMS, ALGORITHM_MESSAGE);

const dsShape = {
  keyTag: z.number().int('must be a whole number 0-65535').min(0, 'must be 0-65535').max(65535, 'must be 0-65535'),
  algorithm: algorithmSchema,
  digestType: z
    .number()
    .int('must be 1 (SHA-1), 2 (SHA-256) or 4 (SHA-384)')
    .refine((n) => n in DS_DIGEST_HEX_LENGTH, 'must be 1 (SHA-1), 2 (SHA-256) or 4 (SHA-384)'),
  digest: z
    .string()
    .transform((s) => s.replace(/\s+/g, '').toUpperCase())
    .pipe(z.string().regex(/^[0-9A-F]+$/, 'must be hexadecimal')),
};

/** The digest's length follows from its type (a truncated or SHA-1-sized SHA-256 digest is refused). */
function digestLengthMatches(ds: { digestType: number; digest: string }, ctx: z.RefinementCtx): void {
  const want = DS_DIGEST_HEX_LENGTH[ds.digestType];
  if (want !== undefined && ds.digest.length !== want) {
    ctx.addIssue({
      code: 'custom',
      path: ['digest'],
      message: `must be ${want} hex digits for digest type ${ds.digestType} (has ${ds.digest.length})`,
    });
  }
}

export const dsRecordSchema = z.strictObject(dsShape).superRefine(digestLengthMatches);

export const dnskeyRecordSchema = z.strictObject({
  flags: z.union([z.literal(256), z.literal(257)], { message: 'must be 256 (ZSK) or 257 (KSK, SEP)' }),
  protocol: z.literal(3, { message: 'must be 3 (RFC 4034)' }),
  algorithm: algorithmSchema,
  publicKey: z
    .string()
    .transform((s) => s.replace(/\s+/g, ''))
    .pipe(
      z
        .string()
        .min(16, 'must be a base64 public key')
        .regex(/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/, 'must be base64'),
    ),
});

export type DsRecord = z.output<typeof dsRecordSchema>;
export type DnskeyRecord = z.output<typeof dnskeyRecordSchema>;

/** One record of the delegation, DS or DNSKEY, as workflows and the CLI name it. */
export const dnssecRecordSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('DS'), ...dsShape }).superRefine(digestLengthMatches),
  z.strictObject({ type: z.literal('DNSKEY'), ...dnskeyRecordSchema.shape }),
]);
export type DnssecRecord = z.output<typeof dnssecRecordSchema>;

/** What the registry publishes for one domain. */
export interface DnssecState {
  ds: DsRecord[];
  keys: DnskeyRecord[];
  /** SECDNS-MAXSIGLIFE where the registry keeps one (seconds) */
  maxSigLife?: number;
}

export function toDs(r: DnssecRecord): DsRecord | undefined {
  return r.type === 'DS'
    ? { keyTag: r.keyTag, algorithm: r.algorithm, digestType: r.digestType, digest: r.digest }
    : undefined;
}
export function toDnskey(r: DnssecRecord): DnskeyRecord | undefined {
  return r.type === 'DNSKEY'
    ? { flags: r.flags, protocol: r.protocol, algorithm: r.algorithm, publicKey: r.publicKey }
    : undefined;
}

/** Presentation format, as zone files and ISPAPI's SECDNS-DS write it: "keytag alg digesttype digest". */
export function formatDs(ds: DsRecord): string {
  return `${ds.keyTag} ${ds.algorithm} ${ds.digestType} ${ds.digest.toUpperCase()}`;
}
/** Presentation format of a DNSKEY: "flags protocol alg publickey". */
export function formatDnskey(key: DnskeyRecord): string {
  return `${key.flags} ${key.protocol} ${key.algorithm} ${key.publicKey}`;
}
/** A DS or DNSKEY as one line, "DS 12345 13 2 ABCD…" (logs, the CLI, equality). */
export function formatRecord(r: DnssecRecord): string {
  const ds = toDs(r);
  return ds ? `DS ${formatDs(ds)}` : `DNSKEY ${formatDnskey(toDnskey(r)!)}`;
}

export class DnssecFormatError extends Error {
  override readonly name = 'DnssecFormatError';
}

function numbers(text: string, what: string): [number, number, number, string] {
  const parts = text.trim().split(/\s+/);
  if (parts.length < 4) throw new DnssecFormatError(`${what} "${text}": must be four fields`);
  const [a, b, c, ...rest] = parts;
  const n = [a, b, c].map((p) => (/^\d+$/.test(p!) ? Number(p) : NaN));
  if (n.some(Number.isNaN)) throw new DnssecFormatError(`${what} "${text}": the first three fields must be numbers`);
  return [n[0]!, n[1]!, n[2]!, rest.join('')];
}

function problems(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || 'value'}: ${i.message}`).join('; ');
}

/** "keytag alg digesttype digest" -> a validated DS; DnssecFormatError naming the rule otherwise. */
export function parseDs(text: string): DsRecord {
  const [keyTag, algorithm, digestType, digest] = numbers(text, 'DS');
  const parsed = dsRecordSchema.safeParse({ keyTag, algorithm, digestType, digest });
  if (!parsed.success) throw new DnssecFormatError(`DS "${text}": ${problems(parsed.error)}`);
  return parsed.data;
}

/** "flags protocol alg publickey" -> a validated DNSKEY. */
export function parseDnskey(text: string): DnskeyRecord {
  const [flags, protocol, algorithm, publicKey] = numbers(text, 'DNSKEY');
  const parsed = dnskeyRecordSchema.safeParse({ flags, protocol, algorithm, publicKey });
  if (!parsed.success) throw new DnssecFormatError(`DNSKEY "${text}": ${problems(parsed.error)}`);
  return parsed.data;
}

/** The records of a state, each as a DnssecRecord. */
export function recordsOf(state: DnssecState): DnssecRecord[] {
  return [
    ...state.ds.map((ds): DnssecRecord => ({ type: 'DS', ...ds })),
    ...state.keys.map((k): DnssecRecord => ({ type: 'DNSKEY', ...k })),
  ];
}

/** Whether the state publishes this record (digests compared case-insensitively, keys without spaces). */
export function publishes(state: DnssecState, record: DnssecRecord): boolean {
  const line = formatRecord(record);
  return recordsOf(state).some((r) => formatRecord(r) === line);
}

export type DnssecAction = 'set' | 'add' | 'remove';

/** What the registry should publish after `action` with `records` on `current`. */
export function desiredState(
  current: DnssecState,
  action: DnssecAction,
  records: DnssecRecord[],
  maxSigLife?: number,
): DnssecState {
  const ds = (list: DnssecRecord[]) => list.flatMap((r) => toDs(r) ?? []);
  const keys = (list: DnssecRecord[]) => list.flatMap((r) => toDnskey(r) ?? []);
  const life = maxSigLife ?? current.maxSigLife;
  const withLife = (s: DnssecState): DnssecState => (life !== undefined ? { ...s, maxSigLife: life } : s);
  if (action === 'set') return withLife({ ds: ds(records), keys: keys(records) });
  const lines = new Set(records.map(formatRecord));
  const kept = recordsOf(current).filter((r) => !lines.has(formatRecord(r)));
  const next = action === 'add' ? [...recordsOf(current), ...records.filter((r) => !publishes(current, r))] : kept;
  return withLife({ ds: ds(next), keys: keys(next) });
}

/** Same records (in any order); the signature life counts only where `want` names one. */
export function sameState(have: DnssecState, want: DnssecState): boolean {
  const a = recordsOf(have).map(formatRecord).sort();
  const b = recordsOf(want).map(formatRecord).sort();
  const lifeOk = want.maxSigLife === undefined || have.maxSigLife === want.maxSigLife;
  return lifeOk && a.length === b.length && a.every((line, i) => line === b[i]);
}

/** setDnssec and dnssecRollover: DNSSEC delegation data at the registry (docs/dnssec.md). */
import { z } from 'zod';
import { defineQuery } from '@temporalio/workflow';
import { domainNameSchema } from '../domain/domain-name';
import { dnssecRecordSchema, formatRecord, type DnssecRecord, type DnssecState } from '../domain/dnssec';
import { durationSchema, registrarNameSchema, type StatusLogEntry } from './common';
import { accountScopedId, registrarAccountSchema } from './registrar-account';

const recordsSchema = z.array(dnssecRecordSchema).max(16, 'must list at most 16 records');

export const setDnssecInputSchema = z
  .object({
    domain: domainNameSchema,
    registrar: registrarNameSchema.default('ispapi'),
    /** the registrar account (docs/accounts.md); another than `default` is part of the workflow ID */
    account: registrarAccountSchema,
    /** set: the delegation becomes exactly `records` (none: unsigned); add / remove: these records */
    action: z.enum(['set', 'add', 'remove'], { message: 'must be set, add or remove' }),
    records: recordsSchema,
    /** seconds; set only, where the registrar keeps one (ISPAPI SECDNS-MAXSIGLIFE) */
    maxSigLife: z.number().int('must be whole seconds').positive('must be positive').optional(),
  })
  .superRefine((input, ctx) => {
    if (input.action !== 'set' && input.records.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['records'], message: `must name at least one record to ${input.action}` });
    }
    if (input.action !== 'set' && input.maxSigLife !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['maxSigLife'], message: 'is only taken by action set' });
    }
  });
export type SetDnssecInput = z.input<typeof setDnssecInputSchema>;

/** FNV-1a, 32 bits, as hex: a short, deterministic fingerprint for workflow IDs. */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

/** A fingerprint of a record list, independent of its order. */
export const recordsFingerprint = (records: DnssecRecord[]): string =>
  fnv1a(records.map(formatRecord).sort().join('|'));

/**
 * `dnssec:<domain>:<action>-<fingerprint>`: one workflow per requested change, so a second start
 * of the same change joins the first (and a later one finds it done by reading first).
 */
export const setDnssecWorkflowId = (
  asciiDomain: string,
  action: string,
  records: DnssecRecord[],
  account?: string,
): string => accountScopedId(`dnssec:${asciiDomain}:${action}-${recordsFingerprint(records)}`, account);

export type DnssecOutcome = 'changed' | 'already-so';

export interface SetDnssecResult {
  domain: string;
  registrar: string;
  action: 'set' | 'add' | 'remove';
  outcome: DnssecOutcome;
  before: DnssecState;
  after: DnssecState;
  finishedAt: string;
}

export type SetDnssecPhase = 'reading' | 'writing' | 'verifying' | DnssecOutcome;
export interface SetDnssecState {
  domain: string;
  registrar: string;
  phase: SetDnssecPhase;
  log: StatusLogEntry[];
  result?: SetDnssecResult;
}
export const setDnssecStateQuery = defineQuery<SetDnssecState>('state');
export type SetDnssecWorkflow = (input: SetDnssecInput) => Promise<SetDnssecResult>;

/** The parent zone's TTL for DS records when none is given: 2 days (.com/.net DS TTL is 1 day). */
export const DEFAULT_PARENT_TTL = '2 days';

export const dnssecRolloverInputSchema = z.object({
  domain: domainNameSchema,
  registrar: registrarNameSchema.default('ispapi'),
  /** the registrar account (docs/accounts.md); another than `default` is part of the workflow ID */
  account: registrarAccountSchema,
  /** the new key's DS (or DNSKEY where the registrar takes keys): published first */
  add: dnssecRecordSchema,
  /** the old one: withdrawn once the new one has been published for the parent TTL */
  remove: dnssecRecordSchema,
  /** how long resolvers may cache the parent's old DS set: the wait between publishing and withdrawing */
  parentTtl: durationSchema('1m').default(DEFAULT_PARENT_TTL),
});
export type DnssecRolloverInput = z.input<typeof dnssecRolloverInputSchema>;

/** `dnssec-rollover:<domain>:<fingerprint of the new record>`: one rollover per new key. */
export const dnssecRolloverWorkflowId = (asciiDomain: string, add: DnssecRecord, account?: string): string =>
  accountScopedId(`dnssec-rollover:${asciiDomain}:${recordsFingerprint([add])}`, account);

export type RolloverPhase =
  'publishing' | 'waiting-ttl' | 'verifying-new' | 'withdrawing-old' | 'verifying' | 'rolled-over' | 'failed';

export interface DnssecRolloverResult {
  domain: string;
  registrar: string;
  outcome: 'rolled-over';
  /** when the new record was seen published, and when the old one was withdrawn (ISO 8601) */
  publishedAt: string;
  withdrawnAt: string;
  after: DnssecState;
}

export interface DnssecRolloverState {
  domain: string;
  registrar: string;
  phase: RolloverPhase;
  /** the end of the TTL wait, while waiting */
  waitUntil?: string;
  log: StatusLogEntry[];
  result?: DnssecRolloverResult;
}
export const dnssecRolloverStateQuery = defineQuery<DnssecRolloverState>('state');
export type DnssecRolloverWorkflow = (input: DnssecRolloverInput) => Promise<DnssecRolloverResult>;

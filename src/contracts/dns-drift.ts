/**
 * syncDns: drift reports for managed DNS zones (docs/dns-drift.md). A zone is managed once its
 * declared state is recorded here (applyZone records it when it ends: the `zoneDeclared` signal,
 * sent with signalWithStart by the `declareZone` activity or the client's declareZone). The sync
 * reads each managed zone at its own interval, compares a digest with the declared one and reports
 * a change made outside domainflow once; with `enforce` it starts applyZone to put it back.
 */
import { z } from 'zod';
import { defineQuery, defineSignal } from '@temporalio/workflow';
import { domainNameSchema } from '../domain/domain-name';
import { rrsetKey, zoneDigest, type ZoneRecord } from '../domain/dns';
import { zoneRecordSchema } from './dns';
import { continueAsNewAfterEventsSchema, durationSchema, registrarNameSchema, type StatusLogEntry } from './common';
import { accountScopedId, registrarAccountSchema } from './registrar-account';

/** A zone's declared state as applyZone left it. */
export const zoneDeclarationSchema = z.object({
  domain: domainNameSchema,
  records: z.array(zoneRecordSchema).max(2000, 'must hold at most 2000 records'),
  /** the apply removed records the file does not name: the whole zone is managed, else only its RRsets */
  prune: z.boolean().default(false),
  /** when it was applied (ISO 8601) */
  declaredAt: z.string().optional(),
});
export type ZoneDeclaration = z.input<typeof zoneDeclarationSchema>;
/** Records the declared state of a zone (or replaces it); the sync compares the next reads with it. */
export const zoneDeclaredSignal = defineSignal<[ZoneDeclaration]>('zoneDeclared');
/**
 * syncDns tells the domain entity (`domain:<domain>`, when it exists) that its zone drifted from
 * the declared state or is back in line: the entity records a change of kind `dns` in its log and
 * sets its ZoneInSync search attribute (`WorkflowType='domain' AND ZoneInSync=false` in the Web UI).
 */
export interface ZoneDriftNotice {
  inSync: boolean;
  /** the digests compared (src/domain/dns zoneDigest), `missing` when the zone is gone */
  readDigest: string;
  declaredDigest: string;
  at: string;
  /** how many record lines differ */
  differing: number;
}
export const zoneDriftSignal = defineSignal<[ZoneDriftNotice]>('zoneDrift');
/** Stops watching a zone (it is no longer managed here). */
export const zoneForgottenSignal = defineSignal<[{ domain: string }]>('zoneForgotten');

/**
 * The records the drift check compares: all of them when the declaration pruned, else only those in
 * the declared RRsets (records outside them were kept by the apply and are not domainflow's).
 */
export function managedRecords(declared: { records: ZoneRecord[]; prune: boolean }, read: ZoneRecord[]): ZoneRecord[] {
  if (declared.prune) return read;
  const sets = new Set(declared.records.map(rrsetKey));
  return read.filter((r) => sets.has(rrsetKey(r)));
}

/** The digest drift is judged by (src/domain/dns zoneDigest over the compared records). */
export const declaredDigest = (records: ZoneRecord[]): string => zoneDigest(records);

export const syncDnsInputSchema = z.object({
  registrar: registrarNameSchema,
  /** the registrar account (docs/accounts.md); another than `default` has its own DNS sync */
  account: registrarAccountSchema,
  /** how often every managed zone is read */
  every: durationSchema('1m').default('1 hour'),
  /** put a drifted zone back by starting applyZone (default: report only) */
  enforce: z.boolean().default(false),
  continueAsNewAfterEvents: continueAsNewAfterEventsSchema,
  /** carried across continue-as-new: the managed zones, by domain */
  zones: z.record(z.string(), zoneDeclarationSchema.extend({ domain: z.string() })).default({}),
  /** carried across continue-as-new: the digest of each drifted zone as last reported */
  reported: z.record(z.string(), z.string()).default({}),
});
export type SyncDnsInput = z.input<typeof syncDnsInputSchema>;
/** One DNS sync per registrar account: `sync-dns:<registrar>`; another account: `sync-dns:<account>:<registrar>`. */
export const syncDnsWorkflowId = (registrar: string, account?: string): string =>
  accountScopedId(`sync-dns:${registrar}`, account);

export interface DriftReport {
  domain: string;
  at: string;
  /** digest of the compared records as read / as declared */
  readDigest: string;
  declaredDigest: string;
  /** `+ <record line>` read but not declared, `- <record line>` declared but not read (at most 50) */
  lines: string[];
  /** the zone is gone at the registrar */
  missing: boolean;
  /** enforce started (or joined) applyZone with this ID */
  enforcedBy?: string;
}

export interface SyncDnsState {
  registrar: string;
  enforce: boolean;
  zones: string[];
  /** domains whose drift is reported and not yet resolved */
  drifted: string[];
  rounds: number;
  lastRoundAt?: string;
  /** the latest reports (at most 50) */
  reports: DriftReport[];
  log: StatusLogEntry[];
}
export const syncDnsStateQuery = defineQuery<SyncDnsState>('state');
export type SyncDnsWorkflow = (input: SyncDnsInput) => Promise<void>;

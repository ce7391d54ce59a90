/** applyZone: a DNS zone made equal to its declared state, each record change sent once (docs/dns.md). */
import { z } from 'zod';
import { defineQuery } from '@temporalio/workflow';
import { domainNameSchema } from '../domain/domain-name';
import { dnssecRecordSchema } from '../domain/dnssec';
import { fromPresentation, recordLine, validateZone, ZONE_RECORD_TYPES, type ZoneRecord } from '../domain/dns';
import { customerIdSchema, registrarNameSchema, type StatusLogEntry } from './common';
import { accountScopedId, registrarAccountSchema } from './registrar-account';

/** The most records one apply takes (the 40-record zone of the tests is typical; large zones are rare). */
export const MAX_ZONE_RECORDS = 2000;

/** One record in canonical form (src/domain/dns): the client parses the zone file, the workflow checks again. */
export const zoneRecordSchema = z.object({
  name: z.string().min(1, 'must not be empty'),
  type: z.enum(ZONE_RECORD_TYPES, { message: `must be one of ${ZONE_RECORD_TYPES.join(', ')}` }),
  ttl: z.number().int('must be a whole number of seconds'),
  data: z.string().min(1, 'must not be empty'),
});

export const applyZoneInputSchema = z
  .object({
    domain: domainNameSchema,
    registrar: registrarNameSchema.default('ispapi'),
    /** the registrar account (docs/accounts.md); another than `default` is part of the workflow ID */
    account: registrarAccountSchema,
    /** the declared zone, every record domainflow manages in it */
    records: z.array(zoneRecordSchema).max(MAX_ZONE_RECORDS, `must hold at most ${MAX_ZONE_RECORDS} records`),
    /** also remove records in RRsets the file does not name (never the apex NS set unless named) */
    prune: z.boolean().default(false),
    /** create the zone when the registrar has none (default); false: a missing zone fails the apply */
    createZone: z.boolean().default(true),
    /** the registrar's own zone template to create the zone from (Openprovider /dns/templates) */
    registrarTemplate: z.string().min(1).max(64).optional(),
    customerId: customerIdSchema.optional(),
    /**
     * the zone file's `dnssec:` section: after the records, the registry's DS/DNSKEY set is made
     * exactly this (empty: unsigned); absent: DNSSEC is not touched
     */
    dnssec: z.array(dnssecRecordSchema).max(32, 'must list at most 32 records').optional(),
  })
  .superRefine((input, ctx) => {
    // Records must already be canonical (the client made them so): a record another starter sent
    // in another spelling would never compare equal to what the registrar shows, and apply forever.
    for (const [i, r] of input.records.entries()) {
      const again = fromPresentation(r.name, r.type, r.ttl, r.data, input.domain);
      if (!again.ok) ctx.addIssue({ code: 'custom', path: ['records', i, again.field], message: again.rule });
      else if (recordLine(again.record) !== recordLine(r)) {
        ctx.addIssue({
          code: 'custom',
          path: ['records', i],
          message: `is not canonical: ${recordLine(again.record)}`,
        });
      }
    }
    for (const p of validateZone(input.domain, input.records as ZoneRecord[])) {
      ctx.addIssue({ code: 'custom', path: ['records', p.index], message: `(${p.field}) ${p.rule}` });
    }
  });

export type ApplyZoneInput = z.input<typeof applyZoneInputSchema>;
/** One apply per zone at a time: a second start while one runs joins it (the client checks it is the same file). */
/** `apply-zone:<domain>`; another account: `apply-zone:<account>:<domain>` */
export const applyZoneWorkflowId = (asciiDomain: string, account?: string): string =>
  accountScopedId(`apply-zone:${asciiDomain}`, account);

export type ApplyZoneOutcome = 'applied' | 'unchanged' | 'drifted';
export type ApplyZonePhase = 'reading' | 'applying' | 'verifying' | ApplyZoneOutcome;

/** The plan as the state query and the result show it. */
export interface ZonePlanView {
  adds: number;
  updates: number;
  removes: number;
  unchanged: number;
  /** records outside the file's RRsets: kept, or removed with prune */
  unmanaged: number;
  prune: boolean;
  /** one line per change (`+ www 3600 A 192.0.2.1`), then the summary line */
  lines: string[];
}

export interface ApplyZoneResult {
  domain: string;
  registrar: string;
  outcome: ApplyZoneOutcome;
  /** the digest of the declared records (src/domain/dns zoneDigest) */
  digest: string;
  /** the zone was created by this apply */
  created: boolean;
  plan: ZonePlanView;
  /** record changes sent to the registrar (a change of value or TTL counts once) */
  changesSent: number;
  /** registrar write calls made (ISPAPI UpdateDNSZone, Openprovider PUT) */
  writeCalls: number;
  /**
   * the write was retried (a worker died, an answer was lost) or refused as stale: it read the zone
   * again and sent only what was still missing, so writeCalls/changesSent count that attempt only
   */
  replanned: boolean;
  /** after the writes the zone read back equal to the file */
  verified: boolean;
  /** differences left after the apply (outcome drifted): what the read-back still shows */
  remaining?: string[];
  /**
   * the input had `dnssec`: whether the registry's DNSSEC already equalled it (unchanged) or was
   * set and read back equal (applied); absent without `dnssec` or when the records drifted
   */
  dnssec?: 'unchanged' | 'applied';
  finishedAt: string;
}

export interface ApplyZoneState {
  domain: string;
  registrar: string;
  phase: ApplyZonePhase;
  digest: string;
  plan?: ZonePlanView;
  progress: { changesSent: number; writeCalls: number };
  log: StatusLogEntry[];
  result?: ApplyZoneResult;
}

export const applyZoneStateQuery = defineQuery<ApplyZoneState>('state');

/** The `applyZone` workflow as the client starts it (by type name; src/workflows/signatures.ts checks the code). */
export type ApplyZoneWorkflow = (input: ApplyZoneInput) => Promise<ApplyZoneResult>;

import {
  ApplicationFailure,
  patched,
  proxyActivities,
  setHandler,
  upsertMemo,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import type { DnsDriftActivities, DnssecActivities, DnsZoneActivities } from '../activities';
import { desiredState, formatRecord, sameState } from '../domain/dnssec';
import { describePlan, diffZone, recordLine, zoneDigest, type ZonePlan, type ZoneRecord } from '../domain/dns';
import {
  accountField,
  applyZoneInputSchema,
  applyZoneStateQuery,
  applyZoneWorkflowId,
  CustomerId,
  DomainName,
  Registrar,
  ZoneInSync,
  type ApplyZoneInput,
  type ApplyZoneOutcome,
  type ApplyZonePhase,
  type ApplyZoneResult,
  type ApplyZoneState,
  type ZonePlanView,
} from '../contracts';
import { PhaseTracker, registrarCallOptions, requireWorkflowId } from './shared';
import { parseWorkflowInput } from './validate';

const acts = proxyActivities<DnsZoneActivities>(registrarCallOptions);
/** The write heartbeats: a dead worker is noticed in seconds, and the retry reads before it writes. */
const write = proxyActivities<DnsZoneActivities>({ ...registrarCallOptions, heartbeatTimeout: '10 seconds' });
/** A signal to the DNS sync through Temporal itself: retried until it is handed over. */
const drift = proxyActivities<DnsDriftActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/** DNSSEC at the registry (the setDnssec activities: the change reads first, so a retry never writes twice). */
const dnssecActs = proxyActivities<DnssecActivities>(registrarCallOptions);

const view = (plan: ZonePlan): ZonePlanView => ({
  adds: plan.adds,
  updates: plan.updates,
  removes: plan.removes,
  unchanged: plan.unchanged,
  unmanaged: plan.unmanaged,
  prune: plan.prune,
  lines: describePlan(plan),
});

/**
 * Makes a DNS zone equal to its declared records: read (creating the zone when missing), plan,
 * send the plan in one registrar call, read back and verify. The same file applied again plans
 * nothing and writes nothing; a retried write reads first (activities/dns.ts), so each record
 * change reaches the registrar once even when a worker dies mid-call.
 */
export async function applyZone(rawInput: ApplyZoneInput): Promise<ApplyZoneResult> {
  const input = parseWorkflowInput(applyZoneInputSchema, rawInput);
  const { domain, registrar, prune } = input;
  requireWorkflowId(applyZoneWorkflowId(domain, input.account));
  const desired: ZoneRecord[] = input.records;
  const digest = zoneDigest(desired);
  const state: ApplyZoneState = {
    domain,
    registrar,
    phase: 'reading',
    digest,
    progress: { changesSent: 0, writeCalls: 0 },
    log: [],
  };
  setHandler(applyZoneStateQuery, () => state);
  const phases = new PhaseTracker<ApplyZonePhase>(state, 'zone', `${domain} (${desired.length} records)`);
  upsertSearchAttributes([
    { key: DomainName, value: domain },
    { key: Registrar, value: registrar },
    ...(input.customerId ? [{ key: CustomerId, value: input.customerId }] : []),
  ]);
  phases.moveTo('reading', `apply of ${desired.length} records (digest ${digest}${prune ? ', prune' : ''})`);

  // `account` goes into activity inputs only when not `default`: a default run sends exactly the
  // commands it always did, so recorded histories replay without a patch (docs/accounts.md).
  const target = { registrar, ...accountField(input.account), domain };
  const found = await acts.readZone({
    ...target,
    create: input.createZone,
    types: [...new Set(desired.map((r) => r.type))],
    ...(input.registrarTemplate ? { registrarTemplate: input.registrarTemplate } : {}),
  });
  // Types the registrar cannot hold are refused before any write, the zone's creation included
  // (ISPAPI forwarding at Openprovider).
  const unsupported = desired.findIndex((r) => !found.supportedTypes.includes(r.type));
  if (unsupported >= 0) {
    const r = desired[unsupported]!;
    throw ApplicationFailure.nonRetryable(
      `invalid input: records[${unsupported}] (${r.name} ${r.type}): ${registrar} does not offer ${r.type} records`,
      'InvalidInput',
    );
  }
  if (!found.exists) {
    throw ApplicationFailure.nonRetryable(
      `${registrar} holds no DNS zone ${domain} (createZone is false)`,
      'ZoneNotFound',
    );
  }
  if (found.created) phases.note('the zone did not exist: created it');

  const plan = diffZone(desired, found.records, { prune });
  state.plan = view(plan);
  const finish = (outcome: ApplyZoneOutcome, why: string, extra: Partial<ApplyZoneResult>): ApplyZoneResult => {
    phases.moveTo(outcome, why);
    state.result = {
      domain,
      registrar,
      outcome,
      digest,
      created: found.created,
      plan: state.plan!,
      changesSent: state.progress.changesSent,
      writeCalls: state.progress.writeCalls,
      replanned,
      verified: outcome !== 'drifted',
      finishedAt: new Date().toISOString(),
      ...extra,
    };
    upsertSearchAttributes([{ key: ZoneInSync, value: outcome !== 'drifted' }]);
    upsertMemo({ summary: `zone ${domain}: ${outcome}` });
    return state.result;
  };
  /**
   * The zone equals the file: that file is now the zone's declared state, recorded with the
   * registrar's DNS sync (docs/dns-drift.md) so a later change made elsewhere is reported as drift
   * without a manual `dns-drift declare`. Behind a patch: runs recorded before it replay without it.
   */
  const declared = async (result: ApplyZoneResult): Promise<ApplyZoneResult> => {
    if (patched('apply-zone-declares')) {
      await drift.declareZone({
        registrar,
        ...accountField(input.account),
        domain,
        records: desired,
        prune,
        declaredAt: result.finishedAt,
      });
      phases.note(`declared to the DNS sync of ${registrar}: drift is watched`);
    }
    return result;
  };
  /**
   * The file's `dnssec:` section, once the records are in place: the registry's DS/DNSKEY set made
   * exactly that (setDnssec's `set`), read back and verified. Behind a patch: runs recorded
   * before it replay without it (they had no `dnssec` input, so the patch is asked only with one).
   */
  const dnssec = async (): Promise<Partial<ApplyZoneResult>> => {
    const records = input.dnssec;
    if (!records || !patched('apply-zone-dnssec')) return {};
    const before = await dnssecActs.readDnssec(target);
    const want = desiredState(before, 'set', records);
    if (sameState(before, want)) {
      phases.note(`DNSSEC already as declared (${records.length} record(s))`);
      return { dnssec: 'unchanged' };
    }
    await dnssecActs.changeDnssec({ ...target, action: 'set', records });
    const after = await dnssecActs.readDnssec(target);
    if (!sameState(after, want)) {
      throw ApplicationFailure.nonRetryable(
        `${domain}: the registry does not show the declared DNSSEC records after the change (${records.map(formatRecord).join(', ') || 'none'})`,
        'DnssecNotApplied',
      );
    }
    phases.note(`DNSSEC set: ${records.length} record(s) published`);
    return { dnssec: 'applied' };
  };
  let replanned = false;
  if (plan.changes.length === 0) {
    const extra = await dnssec();
    return declared(finish('unchanged', 'the zone already equals the file: nothing to send', extra));
  }

  phases.moveTo('applying', state.plan.lines.at(-1)!);
  const applied = await write.applyZonePlan({ ...target, desired, prune, plan: plan.changes });
  state.progress = { changesSent: applied.changesSent, writeCalls: applied.writeCalls };
  replanned = applied.replanned;
  if (applied.replanned) phases.note(`planned again from a fresh read: ${applied.changesSent} change(s) sent`);

  phases.moveTo('verifying', 'reading the zone back');
  const after = await acts.readZone(target);
  const left = diffZone(desired, after.records, { prune });
  if (left.changes.length > 0) {
    const remaining = describePlan(left).slice(0, -1);
    return finish('drifted', `the zone read back differs from the file in ${left.changes.length} record(s)`, {
      remaining,
    });
  }
  const extra = await dnssec();
  return declared(
    finish(
      'applied',
      `${applied.changesSent} change(s) in ${applied.writeCalls} call(s); read back equal (${after.records.map(recordLine).length} records)`,
      extra,
    ),
  );
}

import {
  condition,
  getExternalWorkflowHandle,
  patched,
  proxyActivities,
  setHandler,
  upsertMemo,
} from '@temporalio/workflow';
import type { DnsDriftActivities, MailActivities } from '../activities';
import {
  accountField,
  accountScopedId,
  checkNowSignal,
  domainWorkflowId,
  durationMs,
  type DriftReport,
  type SyncDnsInput,
  syncDnsInputSchema,
  type SyncDnsState,
  syncDnsStateQuery,
  syncDnsWorkflowId,
  zoneDeclarationSchema,
  zoneDeclaredSignal,
  zoneDriftSignal,
  zoneForgottenSignal,
  type SyncDnsWorkflow,
  type ZoneDriftNotice,
} from '../contracts';
import type { ZoneRecord } from '../domain/dns';
import { emitChangeEvent } from './events';
import { continueAsNewWhenIdle, registrarPollOptions, requireWorkflowId, shouldContinueAsNew } from './shared';
import { parseWorkflowInput } from './validate';

const acts = proxyActivities<DnsDriftActivities>(registrarPollOptions);
const mail = proxyActivities<MailActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '30 seconds', maximumInterval: '30 minutes', maximumAttempts: 20 },
});
const MAX_REPORTS = 50;

/**
 * The DNS sync of one registrar, at its own interval: every managed zone is read and compared
 * with its declared state (a digest of the compared records); a difference is reported once (mail
 * to the admin, a report in the `state` query and the status log), again only when the zone
 * changes anew, and forgotten when the zone is back in line. With `enforce` it starts applyZone.
 * A long-lived entity (one per registrar): it continues as new, carrying zones and reports.
 */
export async function syncDns(rawInput: SyncDnsInput): Promise<void> {
  const input = parseWorkflowInput(syncDnsInputSchema, rawInput);
  requireWorkflowId(syncDnsWorkflowId(input.registrar, input.account));
  // Another account's sync reads and enforces through that account and tells its entities
  // (domain:<account>:<name>); `default` sends exactly what it always did (no patch needed).
  const account = accountField(input.account);
  const keyPrefix = account.account ? `${account.account}:` : '';
  const zones = { ...input.zones };
  const reported = { ...input.reported };
  const state: SyncDnsState = {
    registrar: input.registrar,
    enforce: input.enforce,
    zones: [],
    drifted: [],
    rounds: 0,
    reports: [],
    log: [],
  };
  const refresh = () => {
    state.zones = Object.keys(zones).sort();
    state.drifted = Object.keys(reported).sort();
  };
  refresh();
  let checkNow = false;
  setHandler(syncDnsStateQuery, () => state);
  setHandler(checkNowSignal, () => {
    checkNow = true;
  });
  setHandler(zoneDeclaredSignal, (raw) => {
    const parsed = zoneDeclarationSchema.safeParse(raw);
    if (!parsed.success) {
      state.log.push({
        at: new Date().toISOString(),
        from: '',
        to: '',
        why: `declaration refused: ${parsed.error.message}`,
      });
      return;
    }
    const d = parsed.data;
    zones[d.domain] = { ...d, declaredAt: d.declaredAt ?? new Date().toISOString() };
    // A new declaration is the new truth: an earlier drift report of this zone is settled.
    delete reported[d.domain];
    state.log.push({
      at: new Date().toISOString(),
      from: '',
      to: '',
      why: `${d.domain}: declared (${d.records.length} records)`,
    });
    refresh();
  });
  setHandler(zoneForgottenSignal, ({ domain }) => {
    delete zones[domain];
    delete reported[domain];
    refresh();
  });

  /**
   * The drift (or its end) in the domain entity's log and its ZoneInSync attribute. A zone whose
   * domain has no entity (not in the portfolio) has only the report, the mail and the event.
   */
  const tellEntity = async (domain: string, notice: ZoneDriftNotice): Promise<void> => {
    try {
      await getExternalWorkflowHandle(accountScopedId(domainWorkflowId(domain), input.account)).signal(
        zoneDriftSignal,
        notice,
      );
    } catch {
      state.log.push({ at: notice.at, from: '', to: '', why: `${domain}: no domain entity to tell` });
    }
  };
  /** Behind a patch: runs recorded before it (the replay fixture) replay without event or notice. */
  const reportsEverywhere = () => patched('dns-drift-events');

  const every = durationMs(input.every);
  for (;;) {
    for (const domain of Object.keys(zones).sort()) {
      const declared = zones[domain]!;
      const records = declared.records as ZoneRecord[];
      const check = await acts.checkZoneDrift({
        registrar: input.registrar,
        ...account,
        domain,
        records,
        prune: declared.prune,
      });
      if (zones[domain] !== declared) continue; // declared anew while we read: the next round judges it
      if (check.readDigest === check.declaredDigest) {
        if (reported[domain] !== undefined) {
          state.log.push({
            at: new Date().toISOString(),
            from: 'drifted',
            to: 'in-sync',
            why: `${domain}: back in line`,
          });
          delete reported[domain];
          if (reportsEverywhere()) {
            const at = new Date().toISOString();
            const { readDigest, declaredDigest } = check;
            await tellEntity(domain, { inSync: true, readDigest, declaredDigest, at, differing: 0 });
          }
        }
        continue;
      }
      if (reported[domain] === check.readDigest) continue; // this drift is reported already
      reported[domain] = check.readDigest;
      const report: DriftReport = {
        domain,
        at: new Date().toISOString(),
        readDigest: check.readDigest,
        declaredDigest: check.declaredDigest,
        lines: check.lines,
        missing: check.missing,
      };
      if (input.enforce) {
        const enforced = await acts.enforceZone({
          registrar: input.registrar,
          ...account,
          domain,
          records,
          prune: declared.prune,
        });
        report.enforcedBy = enforced.workflowId;
      }
      state.reports = [...state.reports, report].slice(-MAX_REPORTS);
      state.log.push({
        at: report.at,
        from: 'in-sync',
        to: 'drifted',
        why: `${domain}: ${check.lines.length} record(s) differ`,
      });
      if (reportsEverywhere()) {
        // One event per reported drift: the report's time makes the id, so a retried emission is
        // the same event, and the same digest drifting again later is a new one.
        await emitChangeEvent({
          id: `${keyPrefix}${domain}:domain.dns-drifted:${report.at.replace(/[-:.]/g, '')}`,
          type: 'domain.dns-drifted',
          occurredAt: report.at,
          domain,
          registrar: input.registrar,
          data: {
            readDigest: check.readDigest,
            declaredDigest: check.declaredDigest,
            lines: check.lines,
            missing: check.missing,
            ...(report.enforcedBy ? { enforcedBy: report.enforcedBy } : {}),
          },
        });
        await tellEntity(domain, {
          inSync: false,
          readDigest: check.readDigest,
          declaredDigest: check.declaredDigest,
          at: report.at,
          differing: check.lines.length,
        });
      }
      await mail.sendMail({
        to: 'admin',
        template: 'dns-drift',
        idempotencyKey: `dns-drift-${keyPrefix}${domain}-${check.readDigest}`,
        values: {
          domain,
          registrar: input.registrar,
          at: report.at,
          readDigest: check.readDigest,
          declaredDigest: check.declaredDigest,
          lines: check.missing ? 'the zone is gone at the registrar' : check.lines.join('\n'),
          action: report.enforcedBy
            ? `domainflow is putting it back: ${report.enforcedBy}`
            : 'Nothing was reverted (enforce is off): apply the zone again, or declare the new state.',
        },
      });
    }
    state.rounds += 1;
    state.lastRoundAt = new Date().toISOString();
    refresh();
    upsertMemo({
      summary: `DNS sync ${input.registrar}: ${state.zones.length} zones, ${state.drifted.length} drifted`,
    });
    if (shouldContinueAsNew(input.continueAsNewAfterEvents)) {
      return continueAsNewWhenIdle<SyncDnsWorkflow>(() => [{ ...input, zones, reported }]);
    }
    await condition(() => checkNow, every);
    checkNow = false;
  }
}

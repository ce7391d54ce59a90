import {
  ActivityFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  proxyActivities,
  setHandler,
  sleep,
  workflowInfo,
} from '@temporalio/workflow';
import type { BulkActivities } from '../activities';
import {
  accountField,
  type BulkChangeInput,
  bulkChangeInputSchema,
  type BulkChangeWorkflow,
  type BulkPhase,
  type BulkProgress,
  type BulkReport,
  bulkRequestId,
  type BulkState,
  bulkStateQuery,
  bulkWorkflowId,
  cancelBulkSignal,
  pauseBulkSignal,
  registrarListTaskQueue,
  resumeBulkSignal,
} from '../contracts';
import { emitChangeEvent } from './events';
import { PhaseTracker, requireWorkflowId, shouldContinueAsNew } from './shared';
import { parseWorkflowInput } from './validate';

const selecting = proxyActivities<BulkActivities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '1 minute',
  retry: {
    initialInterval: '5 seconds',
    maximumInterval: '2 minutes',
    maximumAttempts: 10,
    nonRetryableErrorTypes: ['BulkTooLarge'],
  },
});
const reporting = proxyActivities<BulkActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '5 seconds', maximumInterval: '5 minutes' },
});

/**
 * One change applied to many domains (docs/bulk.md). The domains are fixed when the job starts (a
 * list, or a filter read once from the domain entities); each goes to its entity's Update with the
 * request id `<this workflow id>:<domain>`, so a domain is changed at most once across crashes and
 * continue-as-new. Each domain first takes a permit from the registrar's rate-limited list queue
 * (the server holds its limit), and the job itself sends at most `domainsPerSecond`, `concurrency`
 * at a time. Pause, resume and cancel are signals; the end is a report by mail and a change event.
 */
export async function bulkChange(rawInput: BulkChangeInput): Promise<BulkReport> {
  const input = parseWorkflowInput(bulkChangeInputSchema, rawInput);
  const workflowId = bulkWorkflowId(input.jobId, input.account);
  requireWorkflowId(workflowId);
  const p: BulkProgress = input.progress ?? {
    domains: [],
    next: 0,
    changed: [],
    unchanged: [],
    failed: [],
    skipped: 0,
    startedAt: new Date().toISOString(),
    log: [],
    paused: false,
    cancelled: false,
  };
  const tracked = { phase: (input.progress ? 'running' : 'selecting') as BulkPhase, log: p.log };
  const phases = new PhaseTracker<BulkPhase>(tracked, 'bulk', workflowId);
  const inFlightDomains = new Set<string>();

  const view = (): BulkState => ({
    phase: tracked.phase,
    log: p.log,
    jobId: input.jobId,
    kind: input.change.kind,
    total: p.domains.length,
    done: p.changed.length + p.unchanged.length + p.failed.length,
    changed: p.changed.length,
    unchanged: p.unchanged.length,
    failed: p.failed.length,
    skipped: p.skipped,
    inFlight: inFlightDomains.size,
    inFlightDomains: [...inFlightDomains],
    paused: p.paused,
  });
  setHandler(bulkStateQuery, view);
  setHandler(pauseBulkSignal, () => {
    if (p.paused || p.cancelled) return;
    p.paused = true;
    if (tracked.phase === 'running') phases.moveTo('paused', 'paused by a signal: domains in flight finish');
  });
  setHandler(resumeBulkSignal, () => {
    if (!p.paused) return;
    p.paused = false;
    if (tracked.phase === 'paused') phases.moveTo('running', 'resumed by a signal');
  });
  setHandler(cancelBulkSignal, () => {
    p.cancelled = true;
  });

  if (!input.progress) {
    phases.start(`${input.change.kind} at ${input.registrar}`);
    p.domains = input.domains
      ? [...new Set(input.domains)]
      : await selecting.selectBulkDomains({
          registrar: input.registrar,
          ...accountField(input.account),
          filter: input.filter ?? {},
        });
    phases.moveTo(p.paused ? 'paused' : 'running', `${p.domains.length} domains`);
  }

  // The registrar's rate: a permit from its list queue (rate-limited by the server) before each domain.
  const permits = proxyActivities<BulkActivities>({
    taskQueue: registrarListTaskQueue(workflowInfo().taskQueue, input.registrar, input.account),
    scheduleToCloseTimeout: '1 day',
    startToCloseTimeout: '30 seconds',
    retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
  });
  // The change waits for the entity's Update: on the job's own queue, not holding a list-queue slot.
  const apply = proxyActivities<BulkActivities>({
    startToCloseTimeout: '5 minutes',
    // A killed worker's domain is retried within seconds (the Update id joins the first attempt).
    heartbeatTimeout: '10 seconds',
    retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds', maximumAttempts: 20 },
  });

  const runOne = async (domain: string): Promise<void> => {
    try {
      await permits.bulkPermit({ registrar: input.registrar });
      const r = await apply.applyBulkChange({
        registrar: input.registrar,
        ...accountField(input.account),
        domain,
        change: input.change,
        requestId: bulkRequestId(workflowId, domain),
      });
      if (r.outcome === 'changed') p.changed.push(domain);
      else if (r.outcome === 'unchanged') p.unchanged.push(domain);
      else p.failed.push({ domain, reason: r.reason ?? 'failed' });
    } catch (err) {
      const reason = err instanceof ActivityFailure ? (err.cause?.message ?? err.message) : String(err);
      p.failed.push({ domain, reason });
    } finally {
      inFlightDomains.delete(domain);
    }
  };

  // Ticks of at least a second: each sends its share of domainsPerSecond (at least one).
  const tickMs = Math.max(1000, Math.ceil(1000 / input.domainsPerSecond));
  const perTick = Math.max(1, Math.round((input.domainsPerSecond * tickMs) / 1000));
  const sending = () => !p.paused && !p.cancelled;
  while (p.next < p.domains.length && !p.cancelled) {
    await condition(() => sending() || p.cancelled);
    if (p.cancelled) break;
    if (shouldContinueAsNew(input.continueAsNewAfterEvents)) {
      // Everything in flight is recorded first: the next run starts from `next` with every outcome so far.
      await condition(() => inFlightDomains.size === 0 && allHandlersFinished());
      return continueAsNew<BulkChangeWorkflow>({ ...rawInput, domains: undefined, filter: undefined, progress: p });
    }
    const tickStart = Date.now();
    for (let sent = 0; sent < perTick && p.next < p.domains.length; sent++) {
      await condition(() => (inFlightDomains.size < input.concurrency && sending()) || p.cancelled || p.paused);
      if (!sending()) break;
      const domain = p.domains[p.next++]!;
      inFlightDomains.add(domain);
      void runOne(domain);
    }
    const left = tickStart + tickMs - Date.now();
    if (left > 0 && p.next < p.domains.length) await sleep(left);
  }
  await condition(() => inFlightDomains.size === 0);
  if (p.cancelled) p.skipped = p.domains.length - p.next;
  phases.moveTo('reporting', `${p.changed.length} changed, ${p.unchanged.length} unchanged, ${p.failed.length} failed`);

  const report: BulkReport = {
    jobId: input.jobId,
    registrar: input.registrar,
    change: input.change,
    total: p.domains.length,
    changed: p.changed,
    unchanged: p.unchanged,
    failed: p.failed,
    skipped: p.skipped,
    startedAt: p.startedAt,
    finishedAt: new Date().toISOString(),
    cancelled: p.cancelled,
  };
  await reporting.sendBulkReport(report);
  const first = p.domains[0];
  if (first) {
    // The event schema names one domain: the job's first; the data carries the whole outcome.
    const type = p.cancelled ? 'bulk.change-cancelled' : 'bulk.change-completed';
    await emitChangeEvent({
      id: `${workflowId}:${type}:${p.startedAt}`,
      type,
      occurredAt: report.finishedAt,
      domain: first,
      registrar: input.registrar,
      data: {
        workflowId,
        jobId: input.jobId,
        kind: input.change.kind,
        total: report.total,
        changed: report.changed,
        unchanged: report.unchanged.length,
        failed: report.failed,
        skipped: report.skipped,
      },
    });
  }
  phases.moveTo(p.cancelled ? 'cancelled' : 'done', 'report sent');
  return report;
}

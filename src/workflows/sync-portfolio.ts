import { ActivityFailure, ApplicationFailure, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { ReportActivities } from '../activities';
import {
  accountField,
  type DomainChange,
  type SyncPortfolioInput,
  syncPortfolioInputSchema,
  type SyncPortfolioResult,
  type syncReportSchema,
  syncStateQuery,
  syncWorkflowIdPrefix,
} from '../contracts';
import type { z } from 'zod';

type FullReport = z.output<typeof syncReportSchema>;
import { listActivities, newProgress, readPortfolio } from './portfolio-run';
import { rejectedBy } from './shared';
import { parseWorkflowInput } from './validate';

/** Rows per report table; a run with more says so in its errors. */
const MAX_REPORT_ROWS = 2_000;

const reports = proxyActivities<ReportActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '30 seconds', maximumInterval: '30 minutes', maximumAttempts: 20 },
});

/**
 * One synchronisation of one registrar account, started by its Schedule: the portfolio is read in
 * pages (never one call per domain where the list serves), every domain whose facts differ is
 * handed to its `domain` workflow, which records the real changes; domains no longer listed are
 * checked one by one (transferred away, expired, deleted); then one report mail.
 */
export async function syncPortfolio(rawInput: SyncPortfolioInput): Promise<SyncPortfolioResult> {
  const input = parseWorkflowInput(syncPortfolioInputSchema, rawInput);
  const prefix = syncWorkflowIdPrefix(input.registrar, input.account);
  if (!workflowInfo().workflowId.startsWith(prefix)) {
    throw ApplicationFailure.nonRetryable(`workflow ID must start with ${prefix}`, 'InvalidInput');
  }
  const progress = newProgress(input);
  setHandler(syncStateQuery, () => progress);
  const report: FullReport = {
    registrar: input.registrar,
    account: input.account,
    startedAt: progress.startedAt,
    finishedAt: progress.startedAt,
    domainsSeen: 0,
    expiryChanges: [],
    dueDateChanges: [],
    phaseChanges: [],
    corrections: [],
    errors: [],
  };
  let dropped = 0;
  const add = <T>(rows: T[], row: T) => {
    if (rows.length < MAX_REPORT_ROWS) rows.push(row);
    else dropped += 1;
  };
  const onChange = (domain: string, change: DomainChange) => {
    const row = {
      domain,
      from: change.from === null ? null : String(change.from),
      to: change.to === null ? null : String(change.to),
    };
    if (change.kind === 'expiry') add(report.expiryChanges, row);
    else if (change.kind === 'due-date') add(report.dueDateChanges, row);
    else if (change.kind === 'phase') add(report.phaseChanges, row);
    if (change.correction) {
      add(report.corrections, {
        domain,
        setting: change.correction.setting,
        from: change.to as boolean,
        to: change.correction.to,
      });
    }
  };
  const onProblem = (problem: { domain?: string; message: string }) => add(report.errors, problem);

  const listing = await readPortfolio(input, 'sync', progress, onChange, onProblem);

  progress.phase = 'checking-missing';
  if (listing.complete) {
    const acts = listActivities(input);
    const missing = await acts.findMissingDomains({
      registrar: input.registrar,
      ...accountField(input.account),
      listedLive: listing.listedLive,
      names: listing.names,
    });
    // One at a time: a check may take a few registrar calls (StatusDomain, object log, DELETEDDOMAIN).
    for (const domain of missing) {
      try {
        const checked = await acts.checkMissingDomain({
          registrar: input.registrar,
          ...accountField(input.account),
          domain,
          runId: workflowInfo().workflowId,
          dueDateOffsetDays: input.dueDateOffsetDays,
        });
        for (const change of checked.changes) onChange(domain, change);
      } catch (err) {
        if (!(err instanceof ActivityFailure)) throw err;
        progress.errors += 1;
        onProblem({
          domain,
          message: `no longer listed; the check failed: ${rejectedBy(err)?.message ?? err.message}`,
        });
      }
      progress.missingChecked += 1;
      progress.registrarCalls += 1;
    }
  }

  progress.phase = 'reporting';
  if (dropped > 0)
    report.errors.push({ message: `${dropped} more rows than the report shows (see the domain workflows)` });
  report.domainsSeen = progress.domainsSeen;
  report.finishedAt = new Date().toISOString();
  const reportSent = input.sendReport ? (await reports.sendSyncReport(report)).sent : false;
  progress.phase = 'done';
  progress.finishedAt = report.finishedAt;
  return { ...progress, report, reportSent };
}

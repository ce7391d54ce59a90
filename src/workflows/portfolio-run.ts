import { ActivityFailure, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { PortfolioActivities } from '../activities';
import { NON_RETRYABLE_REGISTRAR_ERRORS } from '../registrars/errors';
import {
  accountField,
  type DomainChange,
  type PortfolioRunProgress,
  registrarListTaskQueue,
  type SyncPortfolioInput,
} from '../contracts';
import { rejectedBy } from './shared';

type RunInput = Required<Pick<SyncPortfolioInput, 'registrar' | 'account' | 'pageSize' | 'dueDateOffsetDays'>> & {
  listTaskQueue?: string;
};

/**
 * Activities of a portfolio run on the registrar's rate-limited task queue (one list activity is
 * one registrar call; the worker polls that queue with maxTaskQueueActivitiesPerSecond, which the
 * server enforces across all workers). A page re-lists on retry, so retries stay few.
 */
export function listActivities(input: RunInput) {
  return proxyActivities<PortfolioActivities>({
    taskQueue: input.listTaskQueue ?? registrarListTaskQueue(workflowInfo().taskQueue, input.registrar, input.account),
    // The hand-off of a page to up to 1000 domain workflows takes a while: heartbeats say it lives.
    startToCloseTimeout: '15 minutes',
    heartbeatTimeout: '2 minutes',
    retry: {
      initialInterval: '10 seconds',
      backoffCoefficient: 2,
      maximumInterval: '5 minutes',
      maximumAttempts: 6,
      nonRetryableErrorTypes: [...NON_RETRYABLE_REGISTRAR_ERRORS, 'RegistrarNotConfigured', 'PortfolioUnsupported'],
    },
  });
}

export function newProgress(input: RunInput): PortfolioRunProgress {
  return {
    registrar: input.registrar,
    account: input.account,
    phase: 'listing',
    startedAt: new Date().toISOString(),
    pagesRead: 0,
    domainsSeen: 0,
    started: 0,
    updated: 0,
    unchanged: 0,
    missingChecked: 0,
    registrarCalls: 0,
    errors: 0,
  };
}

export interface ListingOutcome {
  /** every page was read: only then can absent domains be called missing */
  complete: boolean;
  listedLive: number;
  names: string[];
}

/**
 * Reads the whole account page by page and hands the domains to their workflows. A page that
 * fails after its retries ends the listing (the rest is read next run) and is reported.
 */
export async function readPortfolio(
  input: RunInput,
  source: 'sync' | 'import',
  progress: PortfolioRunProgress,
  onChange: (domain: string, change: DomainChange) => void,
  onProblem: (problem: { domain?: string; message: string }) => void,
): Promise<ListingOutcome> {
  const acts = listActivities(input);
  const outcome: ListingOutcome = { complete: false, listedLive: 0, names: [] };
  let cursor: string | undefined;
  for (;;) {
    let page;
    try {
      page = await acts.syncPortfolioPage({
        registrar: input.registrar,
        ...accountField(input.account),
        ...(cursor !== undefined ? { cursor } : {}),
        pageSize: input.pageSize,
        source,
        runId: workflowInfo().workflowId,
        page: progress.pagesRead,
        dueDateOffsetDays: input.dueDateOffsetDays,
      });
    } catch (err) {
      if (!(err instanceof ActivityFailure)) throw err;
      progress.errors += 1;
      onProblem({
        message: `listing page ${progress.pagesRead + 1} failed: ${rejectedBy(err)?.message ?? err.message}`,
      });
      return outcome;
    }
    progress.registrarCalls += 1;
    progress.pagesRead += 1;
    progress.domainsSeen += page.listed;
    if (page.total !== undefined) progress.total = page.total;
    progress.started += page.started;
    progress.updated += page.updated;
    progress.unchanged += page.unchanged;
    outcome.listedLive += page.listedLive;
    outcome.names.push(page.names);
    for (const { domain, change } of page.changes) onChange(domain, change);
    for (const problem of page.problems) {
      progress.errors += 1;
      onProblem(problem);
    }
    if (page.next === undefined || page.listed === 0) break;
    cursor = page.next;
  }
  outcome.complete = true;
  return outcome;
}

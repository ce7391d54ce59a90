import { setHandler, upsertMemo } from '@temporalio/workflow';
import {
  type ImportPortfolioInput,
  importPortfolioInputSchema,
  type ImportPortfolioResult,
  importStateQuery,
  importWorkflowId,
} from '../contracts';
import { newProgress, readPortfolio } from './portfolio-run';
import { requireWorkflowId } from './shared';
import { parseWorkflowInput } from './validate';

const MAX_PROBLEMS = 200;

/**
 * Takes an existing registrar account into the portfolio: reads it in pages (on the registrar's
 * rate-limited queue) and starts a `domain` workflow for each domain with the facts listed.
 * Domains already managed are only told what differs. Progress is in the `state` query.
 */
export async function importPortfolio(rawInput: ImportPortfolioInput): Promise<ImportPortfolioResult> {
  const input = parseWorkflowInput(importPortfolioInputSchema, rawInput);
  requireWorkflowId(importWorkflowId(input.registrar, input.account));
  const progress = newProgress(input);
  const problems: Array<{ domain?: string; message: string }> = [];
  setHandler(importStateQuery, () => ({ ...progress, problems }));
  await readPortfolio(
    input,
    'import',
    progress,
    () => undefined,
    (problem) => {
      if (problems.length < MAX_PROBLEMS) problems.push(problem);
    },
  );
  progress.phase = 'done';
  progress.finishedAt = new Date().toISOString();
  upsertMemo({
    summary: `import of ${input.registrar}/${input.account}: ${progress.domainsSeen} domains, ${progress.started} new`,
  });
  return progress;
}

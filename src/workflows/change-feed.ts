import { condition, setHandler } from '@temporalio/workflow';
import {
  CHANGE_FEED_WORKFLOW_ID,
  type ChangeFeedEntry,
  type ChangeFeedInput,
  changeFeedInputSchema,
  changeFeedSinceQuery,
  changeFeedStateQuery,
  recordChangeEventSignal,
} from '../contracts';
import { continueAsNewWhenIdle, requireWorkflowId, shouldContinueAsNew } from './shared';
import { parseWorkflowInput } from './validate';

/**
 * The change events in the order they were handed over (docs/gateway.md#change-events): a window of
 * the newest `keep`, each with a cursor, read by the `since` query. Lives forever, continuing as new
 * (with the window) before its history grows large.
 */
export async function changeFeed(rawInput: ChangeFeedInput): Promise<never> {
  const input = parseWorkflowInput(changeFeedInputSchema, rawInput);
  requireWorkflowId(CHANGE_FEED_WORKFLOW_ID);
  const entries: ChangeFeedEntry[] = [...(input.state?.entries ?? [])];
  let nextCursor = input.state?.nextCursor ?? 1;
  const seen = new Set(entries.map((e) => e.event.id));

  setHandler(recordChangeEventSignal, (event) => {
    // A retried activity signals the same event again.
    if (seen.has(event.id)) return;
    entries.push({ cursor: nextCursor++, recordedAt: new Date().toISOString(), event });
    seen.add(event.id);
    while (entries.length > input.keep) seen.delete(entries.shift()!.event.id);
  });
  setHandler(changeFeedSinceQuery, (after, limit) => {
    const size = Math.max(1, Math.min(100, Math.floor(limit)));
    const page = entries.filter((e) => e.cursor > after).slice(0, size);
    const oldest = entries[0]?.cursor ?? nextCursor;
    return { events: page, nextCursor: page.at(-1)?.cursor ?? Math.max(after, 0), gap: after + 1 < oldest };
  });
  setHandler(changeFeedStateQuery, () => ({
    phase: 'recording',
    newestCursor: nextCursor - 1,
    kept: entries.length,
    log: [],
  }));

  await condition(() => shouldContinueAsNew(input.continueAsNewAfterEvents));
  return continueAsNewWhenIdle<typeof changeFeed>(() => [
    { keep: input.keep, continueAsNewAfterEvents: input.continueAsNewAfterEvents, state: { entries, nextCursor } },
  ]);
}

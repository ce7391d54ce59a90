/**
 * changeFeed: the change events, in order, for systems that cannot receive webhooks (the gateway's
 * GET /v1/events, docs/gateway.md#change-events). One long-lived workflow (`change-feed`) that the
 * event activity signals with every event it hands over, whether or not webhooks are configured;
 * a cursor (a sequence number) says where a reader is.
 */
import { z } from 'zod';
import { defineQuery, defineSignal } from '@temporalio/workflow';
import { continueAsNewAfterEventsSchema } from './common';
import type { ChangeEvent } from './events';

export const CHANGE_FEED_WORKFLOW_ID = 'change-feed';

export interface ChangeFeedEntry {
  /** increases by one per recorded event; a reader asks for the events after the last it saw */
  cursor: number;
  recordedAt: string;
  event: ChangeEvent;
}

export interface ChangeFeedState {
  entries: ChangeFeedEntry[];
  nextCursor: number;
}

export const changeFeedInputSchema = z.object({
  /**
   * events kept (the newest): every one is carried over by continue-as-new, so the window stays
   * well below Temporal's 2 MB payload limit
   */
  keep: z.number().int().min(10).max(2000).default(1000),
  continueAsNewAfterEvents: continueAsNewAfterEventsSchema,
  /** carried over by continue-as-new */
  state: z.custom<ChangeFeedState>((v) => v === undefined || (typeof v === 'object' && v !== null)).optional(),
});
export type ChangeFeedInput = z.input<typeof changeFeedInputSchema>;

export interface ChangeFeedPage {
  events: ChangeFeedEntry[];
  /** pass as `after` next time (the last cursor of this page, or `after` itself when empty) */
  nextCursor: number;
  /** true when events after `after` have already left the window: the reader missed some */
  gap: boolean;
}

/** Records one event (a repeated event id is ignored). */
export const recordChangeEventSignal = defineSignal<[ChangeEvent]>('record');
/** The events after cursor `after`, at most `limit` (1-100). */
export const changeFeedSinceQuery = defineQuery<ChangeFeedPage, [number, number]>('since');
export const changeFeedStateQuery = defineQuery<{ phase: 'recording'; newestCursor: number; kept: number; log: [] }>(
  'state',
);

/** The `changeFeed` workflow as the client starts it (by type name; src/workflows/signatures.ts checks the code). */
export type ChangeFeedWorkflow = (input: ChangeFeedInput) => Promise<never>;

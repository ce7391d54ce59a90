/**
 * Durations as the SDK takes them ('5 minutes', '6h', 1500): the public `Duration` type of
 * @temporalio/common and the `ms` package it parses them with, so workflows need neither the SDK's
 * internal time module nor casts. Pure and deterministic: safe in the workflow bundle.
 */
import type { Duration } from '@temporalio/common';
import ms, { type StringValue } from 'ms';

export type { Duration };

/**
 * Milliseconds of a duration; a string that is no duration throws a TypeError naming it (the
 * same rule and message as the SDK's own parser). Inputs are strings the schemas already checked.
 */
export function durationMs(value: Duration | string): number {
  if (typeof value === 'number') return value;
  // ms() throws on a non-string or a string over 100 characters and answers NaN for no match.
  // The cast only names the type: ms checks the text at run time.
  const millis = ms(value as StringValue);
  if (millis == null || Number.isNaN(millis)) throw new TypeError(`Invalid duration string: '${value}'`);
  return millis;
}

/** Like durationMs, but undefined for anything that is not a duration (no throw). */
export function tryDurationMs(value: Duration | string): number | undefined {
  try {
    return durationMs(value);
  } catch {
    return undefined;
  }
}

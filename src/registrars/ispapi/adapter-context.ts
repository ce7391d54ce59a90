import { IspapiClient } from './client';
import type { IspapiResponse } from './wire';

/**
 * What every ISPAPI capability module (./renewal, ./transfer, ./registration, ./domain-settings,
 * ./applications) works with: the client and the clock. IspapiRegistrar (./adapter) holds one and
 * delegates to the modules.
 */
export interface IspapiContext {
  readonly client: IspapiClient;
  /** the clock "expired" is judged by (tests share the sandbox clock) */
  now(): Date;
  readonly options: { now?: () => Date; autoExpireWaitsMs?: readonly number[] };
}

export const count = (response: IspapiResponse): number => Number(response.properties.COUNT?.[0] ?? '0');

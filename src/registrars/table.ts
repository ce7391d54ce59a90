import type { Logger } from 'pino';
import type { z } from 'zod';
import type { TldExtraFields } from '../domain/tld-policy';
import type { RegistrarName } from './names';
import type { Registrar } from './registrar';

/**
 * The shape of one row of the registrar table (./index.ts). Each registrar fills it in its own
 * folder (src/registrars/<name>/entry.ts); configuration, worker wiring, `npm start` and the
 * command line read the table instead of naming registrars.
 */

/** The optional interfaces beside Registrar (src/registrars/*.ts), each checked by an is...() guard. */
export const REGISTRAR_CAPABILITIES = [
  'portfolio',
  'registrantChange',
  'applications',
  'backorders',
  'hosts',
  'authCodes',
  'outboundTransfers',
  'deletion',
  'suggestions',
  'dnssec',
  'dnsZones',
  'catalogue',
] as const;
export type RegistrarCapability = (typeof REGISTRAR_CAPABILITIES)[number];

/** A sandbox registrar `npm start` runs in-process. */
export interface RunningSandbox {
  close(): Promise<void>;
  /** lines of the start banner ("ISPAPI sandbox: <url>") */
  banner: string[];
  /** "Try:" lines of the start banner that use this sandbox */
  tryLines: string[];
}

export interface RegistrarEntry<N extends RegistrarName, E extends z.ZodRawShape, S> {
  readonly name: N;
  /** how people and docs call it: ISPAPI, Openprovider */
  readonly label: string;
  /** its variables of the environment schema, in the order of the generated configuration table */
  readonly env: E;
  /** settings from the parsed environment; throws ConfigError naming the variable */
  loadSettings(env: z.infer<z.ZodObject<E>>, sandbox: { host: string; port: number }): S;
  /** why these settings reach a real registrar (then payload keys must be managed), e.g. `ISPAPI_ENV=live` */
  managedKeysReason(settings: S): string | undefined;
  /** the same rule for the configuration table, e.g. "`ISPAPI_ENV` is `ote`/`live`" */
  readonly managedKeysWhen: string;
  /** endpoint and login, no secret: two accounts with the same identity are refused (src/config/accounts.ts) */
  accountIdentity(settings: S): string;
  /** the adapter over a client made from the settings; close() ends the client's connections */
  create(settings: S, logger?: Logger): { registrar: Registrar; close(): Promise<void> };
  /** the optional capabilities its adapter implements (test/unit/registrar-table.test.ts checks them) */
  readonly implements: readonly RegistrarCapability[];
  /** its names for the neutral TLD extras (src/domain/tld-policy.ts, src/domain/registrant-change.ts) */
  readonly tldExtraFields: TldExtraFields;
  /** default calls per second of its account (DOMAINFLOW_SYNC_RATE_<NAME>); the list queue uses half */
  readonly listRatePerSecond: number;
  readonly sandbox: {
    /** default SANDBOX_<NAME>_PORT */
    defaultPort: number;
    /** whether `npm start` runs the sandbox with these settings */
    wanted(settings: S): boolean;
    start(host: string, port: number): Promise<RunningSandbox>;
  };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- rows differ in env and settings types
export type AnyRegistrarEntry = RegistrarEntry<RegistrarName, z.ZodRawShape, any>;

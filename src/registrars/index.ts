import type { z } from 'zod';
import { REGISTRAR_NAMES, type RegistrarName } from './names';
import type { AnyRegistrarEntry, RegistrarEntry } from './table';
import { ispapiEntry } from './ispapi/entry';
import { openproviderEntry } from './openprovider/entry';

/**
 * THE registrar table: one row per registrar (name, config part and loader, adapter factory, the
 * optional capabilities it implements, its TLD extra names, list-queue rate, sandbox). The
 * configuration, worker wiring, `npm start` and the CLI read it. Adding a registrar: a row here,
 * its name in ./names.ts, and its folder (docs/architecture.md, "add a registrar").
 * Not for the workflow bundle (it loads adapters): workflows and contracts import ./names only.
 */
export const REGISTRARS = {
  ispapi: ispapiEntry,
  openprovider: openproviderEntry,
} satisfies { [K in RegistrarName]: RegistrarEntry<K, z.ZodRawShape, unknown> };

/** The rows in REGISTRAR_NAMES order (the order of the config table, start banner and schedules). */
export const REGISTRAR_ENTRIES: readonly AnyRegistrarEntry[] = REGISTRAR_NAMES.map((name) => REGISTRARS[name]);

/** Each registrar's settings type, by name (Config has one property per registrar). */
export type RegistrarSettingsMap = {
  [K in RegistrarName]: ReturnType<(typeof REGISTRARS)[K]['loadSettings']>;
};

type UnionToIntersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;
/** Every registrar's env variables together (for the composed schema's type). */
export type RegistrarEnvShape = UnionToIntersection<(typeof REGISTRARS)[RegistrarName]['env']>;

export { REGISTRAR_NAMES, type RegistrarName } from './names';
export { REGISTRAR_CAPABILITIES, type RegistrarCapability, type RegistrarEntry, type RunningSandbox } from './table';

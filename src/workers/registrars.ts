import type { Logger } from 'pino';
import type { Config } from '../config/config';
import type { RegistrarSet } from '../activities';
import { REGISTRAR_ENTRIES } from '../registrars';

/**
 * The registrars this worker talks to, one per row of the registrar table, each built from its
 * settings (credentials never leave here).
 */
export function createRegistrars(
  config: Config,
  logger?: Logger,
): { registrars: RegistrarSet; close(): Promise<void> } {
  const created = REGISTRAR_ENTRIES.map((entry) => ({
    name: entry.name,
    ...entry.create(config[entry.name], logger),
  }));
  return {
    registrars: Object.fromEntries(created.map((c) => [c.name, c.registrar])) as RegistrarSet,
    close: async () => {
      await Promise.all(created.map((c) => c.close()));
    },
  };
}

import { z } from 'zod';
import { REGISTRAR_ENTRIES, REGISTRAR_NAMES, type RegistrarName } from '../registrars';
import { port } from './fields';

/** SANDBOX_<NAME>_PORT: where `npm start` runs the registrar's sandbox, one per row of the registrar table. */
export const sandboxPortVariable = (name: RegistrarName): string => `SANDBOX_${name.toUpperCase()}_PORT`;

const portEnv = Object.fromEntries(
  REGISTRAR_ENTRIES.map((entry) => [
    sandboxPortVariable(entry.name),
    port.default(entry.sandbox.defaultPort).describe(`sandbox ${entry.label} port`),
  ]),
) as Record<never, never>;

/** The local sandbox registrars and webhook receiver of `npm start` (the embedded defaults point here). */
export const sandboxEnv = {
  SANDBOX_HOST: z.string().min(1).default('127.0.0.1').describe('where the sandbox registrars listen'),
  ...portEnv,
  SANDBOX_WEBHOOK_PORT: port
    .default(8767)
    .describe('sandbox webhook receiver of `npm start` (used when `DOMAINFLOW_WEBHOOK_URLS` is not set)'),
};

export interface SandboxSettings {
  host: string;
  /** each registrar's sandbox port, by name */
  ports: Record<RegistrarName, number>;
  /** the same as ports.ispapi / ports.openprovider, for the callers that name them */
  ispapiPort: number;
  openproviderPort: number;
  webhookPort: number;
}

export function loadSandboxSettings(e: z.infer<z.ZodObject<typeof sandboxEnv>>): SandboxSettings {
  const values = e as unknown as Record<string, number>;
  const ports = Object.fromEntries(REGISTRAR_NAMES.map((name) => [name, values[sandboxPortVariable(name)]!])) as Record<
    RegistrarName,
    number
  >;
  return {
    host: e.SANDBOX_HOST,
    ports,
    ispapiPort: ports.ispapi,
    openproviderPort: ports.openprovider,
    webhookPort: e.SANDBOX_WEBHOOK_PORT,
  };
}

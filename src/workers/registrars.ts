import type { Logger } from 'pino';
import type { Config } from '../config/config';
import type { RegistrarSet } from '../activities';
import { IspapiRegistrar } from '../registrars/ispapi/adapter';
import { IspapiClient } from '../registrars/ispapi/client';

/** The registrars this worker talks to, built from configuration (credentials never leave here). */
export function createRegistrars(
  config: Config,
  logger?: Logger,
): { registrars: RegistrarSet; close(): Promise<void> } {
  const ispapiClient = new IspapiClient({
    url: config.ispapi.url,
    entity: config.ispapi.entity,
    login: config.ispapi.login,
    role: config.ispapi.role,
    password: config.ispapi.password,
    connectTimeoutMs: config.ispapi.connectTimeoutMs,
    requestTimeoutMs: config.ispapi.requestTimeoutMs,
    userAgent: 'domainflow/0.1',
    logger: logger?.child({ registrar: 'ispapi' }),
  });
  return {
    registrars: { ispapi: new IspapiRegistrar(ispapiClient) },
    close: () => ispapiClient.close(),
  };
}

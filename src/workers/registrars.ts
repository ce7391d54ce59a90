import type { Logger } from 'pino';
import type { Config } from '../config/config';
import type { RegistrarSet } from '../activities';
import { IspapiRegistrar } from '../registrars/ispapi/adapter';
import { IspapiClient } from '../registrars/ispapi/client';
import { OpenproviderClient } from '../registrars/openprovider/client';
import { OpenproviderRegistrar } from '../registrars/openprovider/adapter';

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
  const openproviderClient = new OpenproviderClient({
    baseUrl: config.openprovider.baseUrl,
    username: config.openprovider.username,
    password: config.openprovider.password,
    connectTimeoutMs: config.openprovider.connectTimeoutMs,
    requestTimeoutMs: config.openprovider.requestTimeoutMs,
    userAgent: 'domainflow/0.1',
    logger: logger?.child({ registrar: 'openprovider' }),
  });
  const ownerHandle = config.openprovider.ownerHandle;
  return {
    registrars: {
      ispapi: new IspapiRegistrar(ispapiClient),
      openprovider: new OpenproviderRegistrar({
        client: openproviderClient,
        ...(ownerHandle ? { handles: { owner: ownerHandle } } : {}),
      }),
    },
    close: async () => {
      await Promise.all([ispapiClient.close(), openproviderClient.close()]);
    },
  };
}

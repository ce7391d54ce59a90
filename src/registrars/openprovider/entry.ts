import { OpenproviderSandbox } from '../../sandbox/openprovider/server';
import type { RegistrarEntry } from '../table';
import { OpenproviderRegistrar } from './adapter';
import { OpenproviderClient } from './client';
import { loadOpenproviderSettings, openproviderEnv, type OpenproviderSettings } from './config';
import { OPENPROVIDER_EXTRA_FIELDS } from './tld-extras';

/** Openprovider (REST v1beta) in the registrar table (src/registrars/index.ts). */
export const openproviderEntry: RegistrarEntry<'openprovider', typeof openproviderEnv, OpenproviderSettings> = {
  name: 'openprovider',
  label: 'Openprovider',
  env: openproviderEnv,
  loadSettings: loadOpenproviderSettings,
  // Openprovider's own test host takes no real auth codes; only live needs managed keys.
  managedKeysReason: (s) => (s.env === 'live' ? `OPENPROVIDER_ENV=${s.env}` : undefined),
  managedKeysWhen: '`OPENPROVIDER_ENV=live`',
  accountIdentity: (s) => `${s.baseUrl} ${s.username}`,
  create(settings, logger) {
    const client = new OpenproviderClient({
      baseUrl: settings.baseUrl,
      username: settings.username,
      password: settings.password,
      connectTimeoutMs: settings.connectTimeoutMs,
      requestTimeoutMs: settings.requestTimeoutMs,
      userAgent: 'domainflow/0.1',
      logger: logger?.child({ registrar: 'openprovider' }),
    });
    const ownerHandle = settings.ownerHandle;
    const registrar = new OpenproviderRegistrar({
      client,
      ...(ownerHandle ? { handles: { owner: ownerHandle } } : {}),
    });
    return { registrar, close: () => client.close() };
  },
  implements: [
    'portfolio',
    'registrantChange',
    'hosts',
    'authCodes',
    'outboundTransfers',
    'deletion',
    'suggestions',
    'dnssec',
    'dnsZones',
    'catalogue',
  ],
  tldExtraFields: OPENPROVIDER_EXTRA_FIELDS,
  listRatePerSecond: 5,
  sandbox: {
    defaultPort: 8766,
    // Only when the worker talks to the local Openprovider sandbox (the embedded default).
    wanted: (s) => s.env === 'sandbox',
    async start(host, port) {
      const sandbox = await OpenproviderSandbox.start({ host, port });
      return {
        close: () => sandbox.close(),
        banner: [`  Openprovider sandbox: ${sandbox.baseUrl}/v1beta  (control ${sandbox.baseUrl}/_sandbox)`],
        tryLines: [],
      };
    },
  },
};

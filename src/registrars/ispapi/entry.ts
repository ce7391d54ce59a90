import { IspapiSandbox } from '../../sandbox/ispapi/server';
import type { RegistrarEntry } from '../table';
import { IspapiRegistrar } from './adapter';
import { IspapiClient } from './client';
import { ispapiEnv, loadIspapiSettings, type IspapiSettings } from './config';
import { ISPAPI_EXTRA_FIELDS } from './tld-extras';

/** HEXONET ISPAPI in the registrar table (src/registrars/index.ts). */
export const ispapiEntry: RegistrarEntry<'ispapi', typeof ispapiEnv, IspapiSettings> = {
  name: 'ispapi',
  label: 'ISPAPI',
  env: ispapiEnv,
  loadSettings: loadIspapiSettings,
  // OT&E and live take real auth codes: their payloads need managed encryption keys.
  managedKeysReason: (s) => (s.env !== 'sandbox' ? `ISPAPI_ENV=${s.env}` : undefined),
  managedKeysWhen: '`ISPAPI_ENV` is `ote`/`live`',
  accountIdentity: (s) => `${s.url} ${s.entity} ${s.login}${s.role ? `!${s.role}` : ''}`,
  create(settings, logger) {
    const client = new IspapiClient({
      url: settings.url,
      entity: settings.entity,
      login: settings.login,
      role: settings.role,
      password: settings.password,
      connectTimeoutMs: settings.connectTimeoutMs,
      requestTimeoutMs: settings.requestTimeoutMs,
      useSession: settings.useSession,
      userAgent: 'domainflow/0.1',
      logger: logger?.child({ registrar: 'ispapi' }),
    });
    return { registrar: new IspapiRegistrar(client), close: () => client.close() };
  },
  implements: [
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
  ],
  tldExtraFields: ISPAPI_EXTRA_FIELDS,
  listRatePerSecond: 5,
  sandbox: {
    defaultPort: 8765,
    // Always started by `npm start`: its transfer control is what the start banner tells people to try.
    wanted: () => true,
    async start(host, port) {
      const sandbox = await IspapiSandbox.start({ host, port });
      const base = sandbox.baseUrl.replace(/\/$/, '');
      return {
        close: () => sandbox.close(),
        banner: [`  ISPAPI sandbox:    ${sandbox.url}  (base ${base})`],
        tryLines: [
          `  npx domainflow transfer example.com --auth-code 'Secret-Auth-1' --ns ns1.example.net --ns ns2.example.net`,
          `  curl -X POST ${base}/_sandbox/transfers/example.com/approve`,
          '  npx domainflow status transfer:example.com',
        ],
      };
    },
  },
};

/**
 * Two ISPAPI accounts at one sandbox (two logins, each seeing only its own objects), configured as
 * production configures them: the env variables are `default`, an accounts file names `second`;
 * registrars and activities are built from that configuration. The registrar-accounts tests add
 * their own workers (main queue, list queues, Schedules) on top.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createAllActivities } from '../../src/activities/all';
import { accountNames } from '../../src/config/accounts';
import { loadConfig, type Config } from '../../src/config/config';
import { loadMailConfig } from '../../src/config/mail';
import type { Contact } from '../../src/domain/contact';
import { IspapiSandbox } from '../../src/sandbox/ispapi/server';
import { createRegistrars } from '../../src/workers/registrars';
import { createDevEnv, type DevEnv } from './dev-env';
import { uniqueTaskQueue } from './temporal';

export const DEFAULT_LOGIN = { login: 'reseller-one', password: 'pass-one' };
export const SECOND_LOGIN = { login: 'reseller-two', password: 'pass-two' };
export const NS = ['ns1.example.net', 'ns2.example.net'];
export const owner: Contact = {
  firstName: 'Jo',
  lastName: 'Jansen',
  street: ['Keizersgracht 100'],
  city: 'Amsterdam',
  postalCode: '1015 AA',
  countryCode: 'NL',
  phone: '+31.201234567',
  email: 'jo@jansen.example',
};

export interface TwoAccounts {
  env: DevEnv;
  sandbox: IspapiSandbox;
  /** a scratch folder (the accounts file lives there), removed by close() */
  dir: string;
  config: Config;
  known: ReturnType<typeof accountNames>;
  registrars: ReturnType<typeof createRegistrars>['registrars'];
  taskQueue: string;
  activities: ReturnType<typeof createAllActivities>;
  /** the second login's view of the sandbox */
  second(): ReturnType<IspapiSandbox['forLogin']>;
  close(): Promise<void>;
}

/** A dev server, the sandbox with both logins, the configuration and the activities built from it. */
export async function startTwoAccounts(name: string): Promise<TwoAccounts> {
  const [env, sandbox] = await Promise.all([
    createDevEnv(),
    IspapiSandbox.start({ accounts: [DEFAULT_LOGIN, SECOND_LOGIN] }),
  ]);
  const dir = mkdtempSync(path.join(tmpdir(), `domainflow-${name}-`));
  const file = path.join(dir, 'accounts.yaml');
  writeFileSync(
    file,
    [
      'ispapi:',
      '  second:',
      `    url: ${sandbox.url}`,
      `    login: ${SECOND_LOGIN.login}`,
      `    password: ${SECOND_LOGIN.password}`,
      '    request-timeout-ms: 10000',
      '    rate: 40',
    ].join('\n'),
  );
  const config = loadConfig({
    ISPAPI_URL: sandbox.url,
    ISPAPI_LOGIN: DEFAULT_LOGIN.login,
    ISPAPI_PASSWORD: DEFAULT_LOGIN.password,
    DOMAINFLOW_ACCOUNTS_FILE: file,
  });
  const made = createRegistrars(config);
  const taskQueue = uniqueTaskQueue(name);
  const activities = createAllActivities({
    registrars: made.registrars,
    mail: loadMailConfig({}),
    backorderPrices: {},
    client: env.client,
    taskQueue,
    reports: { sendEmpty: false },
    dueDateOffsetDays: 30,
  });
  return {
    env,
    sandbox,
    dir,
    config,
    known: accountNames(config.accounts),
    registrars: made.registrars,
    taskQueue,
    activities,
    second: () => sandbox.forLogin(SECOND_LOGIN.login),
    async close() {
      await made.close();
      await Promise.all([env.teardown(), sandbox.close()]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

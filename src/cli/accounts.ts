/**
 * `domainflow accounts`: the registrar accounts this deployment has (`default` from the env
 * variables, the named ones from DOMAINFLOW_ACCOUNTS_FILE; docs/accounts.md), without secrets; and
 * the `--account` option the lifecycle commands share, checked against them before any connection.
 */
import { Option, type Command } from 'commander';
import { accountNames } from '../config/accounts';
import { loadConfig, type Config } from '../config/config';
import { checkAccount, type KnownAccounts } from '../client/accounts';
import { REGISTRAR_ENTRIES } from '../registrars';
import type { RegistrarName } from '../registrars/names';
import { print, table } from './output';

/** --account: which of the registrar's accounts; absent is `default`. */
export const accountOption = (): Option =>
  new Option('--account <name>', 'registrar account (see domainflow accounts); default: the env variables');

/** The accounts of the configuration, as the client's start functions check them. */
export const knownAccounts = (config: Config): KnownAccounts => accountNames(config.accounts);

/** Refuses an unknown account before anything is connected (exit 2, naming the account and the known ones). */
export function checkAccountOption(registrar: RegistrarName | undefined, account: string | undefined): void {
  if (account === undefined) return;
  checkAccount(knownAccounts(loadConfig()), registrar ?? 'ispapi', account);
}

interface AccountRow {
  registrar: RegistrarName;
  account: string;
  environment: string;
  endpoint: string;
  login: string;
  ratePerSecond: number;
}

/** What a person may see of an account's settings: environment, endpoint, login, never a password. */
function describe(settings: Record<string, unknown>): Pick<AccountRow, 'environment' | 'endpoint' | 'login'> {
  const text = (key: string): string => (typeof settings[key] === 'string' ? (settings[key] as string) : '');
  const role = text('role');
  return {
    environment: text('env'),
    endpoint: text('url') || text('baseUrl'),
    login: (text('login') || text('username')) + (role ? `!${role}` : ''),
  };
}

export function accountRows(config: Config): AccountRow[] {
  return REGISTRAR_ENTRIES.flatMap((entry) => [
    {
      registrar: entry.name,
      account: 'default',
      ...describe(config[entry.name] as unknown as Record<string, unknown>),
      ratePerSecond: config.portfolio.ratePerSecond[entry.name] ?? entry.listRatePerSecond,
    },
    ...Object.entries(config.accounts[entry.name] ?? {}).map(([account, named]) => ({
      registrar: entry.name,
      account,
      ...describe(named.settings as unknown as Record<string, unknown>),
      ratePerSecond: named.ratePerSecond,
    })),
  ]);
}

export function registerAccountsCommand(program: Command): void {
  program
    .command('accounts')
    .description('the registrar accounts configured (default + DOMAINFLOW_ACCOUNTS_FILE), without secrets')
    .addHelpText('after', '\nExamples:\n  $ domainflow accounts\n  $ domainflow accounts --json')
    .action(() => {
      const rows = accountRows(loadConfig());
      print(
        table([
          ['registrar', 'account', 'environment', 'endpoint', 'login', 'calls/s'],
          ...rows.map((r) => [r.registrar, r.account, r.environment, r.endpoint, r.login, String(r.ratePerSecond)]),
        ]),
        rows,
      );
    });
}

import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { REGISTRAR_ENTRIES, REGISTRAR_NAMES, type RegistrarName, type RegistrarSettingsMap } from '../registrars';
import { ConfigError } from './errors';

/**
 * Named registrar accounts beyond `default` (docs/accounts.md). The env variables stay the
 * `default` account of each registrar; DOMAINFLOW_ACCOUNTS_FILE names a YAML file with more:
 *
 *   ispapi:
 *     second: { env: ote, login: reseller2, password: "…", rate: 5 }
 *
 * Each setting of an account is its registrar's env variable without the prefix, in lower case
 * with dashes (`login` is ISPAPI_LOGIN, `connect-timeout-ms` ISPAPI_CONNECT_TIMEOUT_MS), checked by
 * the same schema and loader as the variable; `rate` is the account's calls per second. A named
 * account inherits nothing from the env variables, so one account's credentials never leak into
 * another's. Errors name the file, registrar, account and setting, never a value.
 */
export const accountsEnv = {
  DOMAINFLOW_ACCOUNTS_FILE: z
    .string()
    .min(1, 'must not be empty')
    .optional()
    .describe('YAML file of named registrar accounts besides `default` (docs/accounts.md); none: only `default`'),
};

/** One named account: its registrar's settings and its list queue's call limit. */
export interface NamedAccount<S> {
  settings: S;
  ratePerSecond: number;
}

/** The named accounts by registrar, then by account name (never `default`). */
export type NamedAccounts = { [K in RegistrarName]?: Record<string, NamedAccount<RegistrarSettingsMap[K]>> };

const accountName = z
  .string()
  .regex(/^[A-Za-z0-9_.-]{1,64}$/, 'must be 1-64 letters, digits, dots, dashes or underscores')
  .refine((name) => name !== 'default', 'default is the account of the env variables');

const rateSchema = z.coerce
  .number()
  .positive('must be a number of calls per second above 0')
  .max(1000, 'must be at most 1000');

const envName = (registrar: RegistrarName, key: string): string =>
  `${registrar.toUpperCase()}_${key.toUpperCase().replace(/-/g, '_')}`;
const fileKey = (registrar: RegistrarName, variable: string): string =>
  variable
    .slice(registrar.length + 1)
    .toLowerCase()
    .replace(/_/g, '-');

/** Reads and checks the accounts file; `{}` without DOMAINFLOW_ACCOUNTS_FILE. */
export function loadNamedAccounts(
  file: string | undefined,
  sandbox: { host: string; ports: Record<RegistrarName, number> },
): NamedAccounts {
  if (file === undefined) return {};
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(`DOMAINFLOW_ACCOUNTS_FILE: cannot read ${file}: ${(err as NodeJS.ErrnoException).code}`);
  }
  let doc: unknown;
  try {
    doc = parseYaml(text) ?? {};
  } catch (err) {
    throw new ConfigError(`${file}: not valid YAML: ${(err as Error).message.split('\n')[0]}`);
  }
  const fail = (where: string, message: string): never => {
    throw new ConfigError(`invalid accounts file ${file}: ${where}: ${message}`);
  };
  if (!isRecord(doc)) return fail('top level', `must map registrar names (${REGISTRAR_NAMES.join(', ')}) to accounts`);
  const out: NamedAccounts = {};
  for (const [registrar, accounts] of Object.entries(doc)) {
    const entry = REGISTRAR_ENTRIES.find((e) => e.name === registrar);
    if (!entry) return fail(registrar, `unknown registrar (known: ${REGISTRAR_NAMES.join(', ')})`);
    if (!isRecord(accounts)) return fail(registrar, 'must map account names to their settings');
    const named: Record<string, NamedAccount<unknown>> = {};
    for (const [name, raw] of Object.entries(accounts)) {
      const at = `${registrar}.${name}`;
      const checkedName = accountName.safeParse(name);
      if (!checkedName.success) fail(at, checkedName.error.issues[0]!.message);
      if (!isRecord(raw)) return fail(at, 'must map settings to values');
      const { rate, ...settings } = raw;
      const env: Record<string, string> = {};
      for (const [key, value] of Object.entries(settings)) {
        const variable = envName(entry.name, key);
        if (!(variable in entry.env)) {
          const known = Object.keys(entry.env).map((v) => fileKey(entry.name, v));
          fail(`${at}.${key}`, `unknown setting (known: ${[...known, 'rate'].join(', ')})`);
        }
        if (!['string', 'number', 'boolean'].includes(typeof value)) fail(`${at}.${key}`, 'must be a single value');
        env[variable] = String(value);
      }
      const parsed = z.object(entry.env).strict().safeParse(env);
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        fail(`${at}.${fileKey(entry.name, String(issue.path[0] ?? ''))}`, issue.message);
      }
      let loaded: unknown;
      try {
        loaded = entry.loadSettings(parsed.data!, { host: sandbox.host, port: sandbox.ports[entry.name] });
      } catch (err) {
        // The loader names the variable (ISPAPI_LOGIN: required when ...): name the file's key instead.
        const message = (err as Error).message
          .replace(/^invalid configuration: /, '')
          .replace(new RegExp(`\\b${entry.name.toUpperCase()}_[A-Z0-9_]+`, 'g'), (v) => fileKey(entry.name, v));
        fail(at, message);
      }
      const checkedRate = rateSchema.safeParse(rate ?? entry.listRatePerSecond);
      if (!checkedRate.success) fail(`${at}.rate`, checkedRate.error.issues[0]!.message);
      named[name] = { settings: loaded, ratePerSecond: checkedRate.data! };
    }
    (out as Record<string, unknown>)[registrar] = named;
  }
  return out;
}

/**
 * Two accounts that are the same login at the same endpoint would sync one portfolio twice under
 * two names: refused, naming both accounts.
 */
export function checkDistinctAccounts(defaults: RegistrarSettingsMap, named: NamedAccounts): void {
  for (const entry of REGISTRAR_ENTRIES) {
    const seen = new Map<string, string>([[entry.accountIdentity(defaults[entry.name]), 'default']]);
    for (const [name, account] of Object.entries(named[entry.name] ?? {})) {
      const identity = entry.accountIdentity(account.settings);
      const other = seen.get(identity);
      if (other !== undefined) {
        throw new ConfigError(
          `invalid accounts file: ${entry.name}.${name} is the same login at the same endpoint as ${entry.name}.${other}`,
        );
      }
      seen.set(identity, name);
    }
  }
}

/** The configured accounts per registrar, `default` first: what `domainflow accounts` and the edges check. */
export function accountNames(named: NamedAccounts): Record<RegistrarName, string[]> {
  return Object.fromEntries(
    REGISTRAR_NAMES.map((registrar) => [registrar, ['default', ...Object.keys(named[registrar] ?? {})]]),
  ) as Record<RegistrarName, string[]>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Options and arguments several commands share, read the same way everywhere: bad values are
 * invalid input (exit 2) naming the option, before any connection is made.
 */
import { readFileSync } from 'node:fs';
import { Option } from 'commander';
import { parseDomainName } from '../domain/domain-name';
import { REGISTRAR_NAMES, type RegistrarName } from '../registrars/names';
import { transferWorkflowId } from '../contracts';
import { CliError, EXIT } from './output';

/** --registrar with the registrars this engine knows as its choices. */
export function registrarOption(description = 'registrar', defaultName?: RegistrarName): Option {
  const option = new Option('--registrar <name>', description).choices([...REGISTRAR_NAMES]);
  return defaultName === undefined ? option : option.default(defaultName);
}

/** Collects a repeatable option (--ns, --extra) into a list. */
export const collect = (value: string, acc: string[]): string[] => [...acc, value];

/** The auth code from --auth-code-stdin, --auth-code or DOMAINFLOW_AUTH_CODE, in that order. */
export function readAuthCode(opts: { authCode?: string; authCodeStdin?: boolean }): string | undefined {
  if (opts.authCodeStdin) return readFileSync(0, 'utf8').trim();
  return opts.authCode ?? process.env.DOMAINFLOW_AUTH_CODE;
}

/** A JSON file named by an option; a bad file is invalid input naming that option. */
export function readJsonOption(file: string, option: string): Record<string, unknown> {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch (err) {
    throw new CliError(`${option}: cannot read JSON from ${file}: ${(err as Error).message}`, EXIT.invalid);
  }
}

/** Repeated --extra key=value options as a record (TLD extras). */
export function extraOptions(pairs: string[]): Record<string, string> {
  return Object.fromEntries(
    pairs.map((pair) => {
      const eq = pair.indexOf('=');
      if (eq <= 0) throw new CliError(`--extra: must be key=value (got ${pair})`, EXIT.invalid);
      return [pair.slice(0, eq), pair.slice(eq + 1)];
    }),
  );
}

/** "120.00:USD" as money; the schema then checks both parts. */
export function moneyOption(value: string | undefined): { amount: string; currency: string } | undefined {
  if (!value) return undefined;
  const [amount, currency] = value.split(':');
  return { amount: amount ?? '', currency: currency ?? '' };
}

/** A domain argument in its ASCII form. */
export function domainArgument(value: string): string {
  const parsed = parseDomainName(value);
  if (!parsed.ok) throw new CliError(`domain: ${parsed.rule}`, EXIT.invalid);
  return parsed.value.ascii;
}

/** `status example.com` and `status transfer:example.com` both work. */
export function toWorkflowId(idOrDomain: string): string {
  if (idOrDomain.includes(':')) return idOrDomain;
  return transferWorkflowId(domainArgument(idOrDomain));
}

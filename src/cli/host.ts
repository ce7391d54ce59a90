/** `domainflow host create|set|delete|show|list|check`: host objects (child nameservers), docs/hosts.md. */
import { type Command, Option } from 'commander';
import { WorkflowFailedError, type Client } from '@temporalio/client';
import { HostBusyError, runHost } from '../client/hosts';
import type { HostInput, HostResult, HostView } from '../contracts';
import type { RegistrarName } from '../registrars/names';
import { accountOption, checkAccountOption, knownAccounts } from './accounts';
import { collect, registrarOption } from './options';
import { CliError, EXIT, print, table } from './output';
import { withClient } from './session';

const describeHost = (v: HostView): string[] => [v.host, v.ips.join(' '), v.domain ?? '-'];

function human(result: HostResult): string {
  switch (result.action) {
    case 'list':
      return (result.hosts ?? []).length === 0
        ? `no hosts under ${result.domain}`
        : table([['host', 'addresses', 'domain'], ...(result.hosts ?? []).map(describeHost)]);
    case 'check':
      return `${result.host}: ${result.available ? 'available' : `not available${result.reason ? ` (${result.reason})` : ''}`}`;
    case 'show':
      return result.view
        ? table([['host', 'addresses', 'domain'], describeHost(result.view)])
        : `${result.host}: no such host`;
    default:
      return `${result.host}: ${result.action === 'delete' ? 'deleted' : `${result.view?.ips.join(' ') ?? ''}`}${result.changed ? '' : ' (already so: nothing sent)'}`;
  }
}

/** Runs one host workflow; its refusal (a host a domain uses, not in the account ...) is exit 3 with the registrar's words. */
async function run(input: HostInput): Promise<void> {
  checkAccountOption(input.registrar, input.account);
  await withClient(async (client: Client, config) => {
    try {
      const result = await runHost(client, input, {
        taskQueue: config.temporal.taskQueue,
        accounts: knownAccounts(config),
      });
      print(human(result), result);
      if (result.action === 'show' && !result.view) process.exitCode = EXIT.notFound;
    } catch (err) {
      if (err instanceof HostBusyError) throw new CliError(err.message, EXIT.unsuccessful);
      if (err instanceof WorkflowFailedError) {
        throw new CliError(`${err.cause?.message ?? err.message}`, EXIT.unsuccessful);
      }
      throw err;
    }
  });
}

/** `{ account }` when --account was given. */
const accountOf = (opts: { account?: string }): { account?: string } => (opts.account ? { account: opts.account } : {});
const registrar = () => registrarOption('registrar of the account', 'ispapi');
const ipOption = () =>
  new Option('--ip <address>', 'an IPv4 or IPv6 address (repeat for more)').argParser(collect).default([]);

export function registerHostCommands(program: Command): void {
  const host = program.command('host').description('host objects (child nameservers) under domains of the account');
  for (const [action, description] of [
    ['create', 'create a host with its addresses (the parent domain must be in the account)'],
    ['set', "replace a host's addresses"],
  ] as const) {
    host
      .command(action)
      .description(description)
      .argument('<host>')
      .addOption(ipOption())
      .addOption(registrar())
      .addOption(accountOption())
      .addHelpText('after', `\nExample:\n  $ domainflow host ${action} ns1.example.com --ip 1.2.3.4 --ip 2a00:1450::1`)
      .action(async (name: string, opts: { ip: string[]; registrar: RegistrarName; account?: string }) => {
        await run({ action, registrar: opts.registrar, ...accountOf(opts), host: name, ips: opts.ip });
      });
  }
  for (const [action, description] of [
    ['delete', 'delete a host (refused while a domain uses it)'],
    ['show', "a host's addresses"],
    ['check', 'whether the host name can be created'],
  ] as const) {
    host
      .command(action)
      .description(description)
      .argument('<host>')
      .addOption(registrar())
      .addOption(accountOption())
      .addHelpText('after', `\nExample:\n  $ domainflow host ${action} ns1.example.com --registrar openprovider`)
      .action(async (name: string, opts: { registrar: RegistrarName; account?: string }) => {
        await run({ action, registrar: opts.registrar, ...accountOf(opts), host: name });
      });
  }
  host
    .command('list')
    .description('every host under a domain of the account')
    .argument('<domain>')
    .addOption(registrar())
    .addOption(accountOption())
    .addHelpText('after', '\nExample:\n  $ domainflow host list example.com --json')
    .action(async (domain: string, opts: { registrar: RegistrarName; account?: string }) => {
      await run({ action: 'list', registrar: opts.registrar, ...accountOf(opts), domain });
    });
}

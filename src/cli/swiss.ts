/** `domainflow swiss`: apply for a .swiss name (docs/swiss.md). */
import type { Command } from 'commander';
import { startSwissApplication } from '../client/swiss';
import { parseOrThrow } from '../domain/validation';
import { swissApplicationInputSchema, type SwissApplicationInput } from '../contracts';
import { collect, readJsonOption } from './options';
import { print } from './output';
import { withClient } from './session';
import { accountOption, checkAccountOption, knownAccounts } from './accounts';

export function registerSwissCommand(program: Command): void {
  program
    .command('swiss')
    .description('apply for a .swiss name (checked daily until the registry decides)')
    .argument('<domain>', 'a .swiss name')
    .requiredOption('--contacts-file <path>', 'JSON file: {"owner": {...}}')
    .requiredOption('--uid <enterprise-id>', 'the Swiss UID, e.g. CHE-109.322.551')
    .requiredOption('--intended-use <text>', 'what the name will be used for')
    .option('--ns <host>', 'nameserver (repeat 2-13 times)', collect, [])
    .addOption(accountOption())
    .addHelpText(
      'after',
      "\nExample:\n  $ domainflow swiss shop.swiss --contacts-file owner.json --uid CHE-109.322.551 --intended-use 'Online shop of our company'",
    )
    .action(
      async (
        domain: string,
        opts: { contactsFile: string; uid: string; intendedUse: string; ns: string[]; account?: string },
      ) => {
        const contacts = readJsonOption(opts.contactsFile, '--contacts-file');
        const input = {
          domain,
          contacts,
          enterpriseId: opts.uid,
          intendedUse: opts.intendedUse,
          ...(opts.account ? { account: opts.account } : {}),
          ...(opts.ns.length > 0 ? { nameservers: opts.ns } : {}),
        } as SwissApplicationInput;
        parseOrThrow(swissApplicationInputSchema, input);
        checkAccountOption('ispapi', opts.account);
        await withClient(async (client, config) => {
          const started = await startSwissApplication(client, input, {
            taskQueue: config.temporal.taskQueue,
            accounts: knownAccounts(config),
          });
          print(started.started ? `started ${started.workflowId}` : `already running: ${started.workflowId}`, {
            workflowId: started.workflowId,
            started: started.started,
          });
        });
      },
    );
}

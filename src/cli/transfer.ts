/** `domainflow transfer`: start an inbound transfer (docs/transfer.md). */
import type { Command } from 'commander';
import { startTransfer } from '../client/transfer';
import { parseOrThrow } from '../domain/validation';
import { transferDomainInputSchema, type TransferDomainInput } from '../contracts';
import { collect, readAuthCode, registrarOption } from './options';
import { reportOutcome, reportStart, withClient } from './session';
import { accountOption, checkAccountOption, knownAccounts } from './accounts';

export function registerTransferCommand(program: Command): void {
  program
    .command('transfer')
    .description('start an inbound transfer (once per domain: a second start reports the running one)')
    .argument('<domain>', 'domain name, Unicode or ASCII')
    .option('--auth-code <code>', 'EPP auth code (or DOMAINFLOW_AUTH_CODE, or --auth-code-stdin)')
    .option('--auth-code-stdin', 'read the auth code from standard input (keeps it out of shell history)')
    .addOption(registrarOption('registrar', 'ispapi'))
    .addOption(accountOption())
    .option('--ns <host>', 'nameserver to set after the transfer (repeat 2-13 times)', collect, [])
    .option('--no-update-ns', 'do not apply --ns after the transfer')
    .option('--lock', 'set the transfer lock after the transfer')
    .option('--period <years>', 'transfer period in years', (v) => Number(v))
    .option('--customer <id>', 'customer id (search attribute CustomerId)')
    .option('--initial-interval <duration>', "first wait between status checks, e.g. '5 minutes'")
    .option('--max-interval <duration>', "longest wait between status checks, e.g. '6 hours'")
    .option('--deadline <duration>', "give up after, e.g. '10 days'")
    .option('--wait', 'wait for the outcome; exit 3 unless the transfer completed')
    .addHelpText(
      'after',
      `
Examples:
  $ domainflow transfer example.com --auth-code 'Secret-Auth-1' --ns ns1.example.net --ns ns2.example.net
  $ echo "$CODE" | domainflow transfer müller.de --auth-code-stdin --lock --json`,
    )
    .action(async (domain: string, opts) => {
      const input: TransferDomainInput = {
        domain,
        authCode: readAuthCode(opts) ?? '',
        registrar: opts.registrar,
        ...(opts.account ? { account: opts.account } : {}),
        ...(opts.ns.length > 0 ? { nameservers: opts.ns } : {}),
        ...(opts.updateNs === false ? { updateNameservers: false } : {}),
        transferLock: Boolean(opts.lock),
        ...(opts.period !== undefined ? { periodYears: opts.period } : {}),
        ...(opts.customer ? { customerId: opts.customer } : {}),
      };
      if (opts.initialInterval || opts.maxInterval || opts.deadline) {
        input.polling = {
          ...(opts.initialInterval ? { initialInterval: opts.initialInterval } : {}),
          ...(opts.maxInterval ? { maxInterval: opts.maxInterval } : {}),
          ...(opts.deadline ? { deadline: opts.deadline } : {}),
        };
      }
      // Bad input is refused before any connection is made.
      parseOrThrow(transferDomainInputSchema, input);
      checkAccountOption(opts.registrar, opts.account);
      await withClient(async (client, config) => {
        const started = await startTransfer(client, input, {
          taskQueue: config.temporal.taskQueue,
          accounts: knownAccounts(config),
        });
        const result = await reportStart(client, started, Boolean(opts.wait));
        if (!result) return;
        const reason = result.reason ? ` (${result.reason})` : '';
        reportOutcome(started, result, `${result.outcome}${reason}`, result.outcome === 'completed');
      });
    });
}

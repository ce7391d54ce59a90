/** `domainflow renew`: renew one term of a domain, at most once (docs/renew.md). */
import type { Command } from 'commander';
import { startRenewal } from '../client/renew';
import { parseOrThrow } from '../domain/validation';
import { renewDomainInputSchema, type RenewDomainInput } from '../contracts';
import { moneyOption, registrarOption } from './options';
import { reportOutcome, reportStart, withClient } from './session';
import { accountOption, checkAccountOption, knownAccounts } from './accounts';

export function registerRenewCommand(program: Command): void {
  program
    .command('renew')
    .description(
      'renew one term of a domain, at most once (restores soft quarantine; hard quarantine only with --accept-restore-fee)',
    )
    .argument('<domain>', 'domain name')
    .requiredOption(
      '--expires-on <YYYY-MM-DD>',
      'the registry expiry date of the term to renew (part of the workflow ID)',
    )
    .addOption(registrarOption('registrar', 'ispapi'))
    .addOption(accountOption())
    .option('--period <years>', 'years to add', (v) => Number(v))
    .option(
      '--accept-restore-fee <amount:currency>',
      'restore from hard quarantine for at most this fee, e.g. 80.00:USD',
    )
    .option('--customer <id>', 'customer id (search attribute CustomerId)')
    .option('--wait', 'wait for the outcome; exit 3 unless renewed, restored or already renewed')
    .addHelpText(
      'after',
      `
Examples:
  $ domainflow renew example.com --expires-on 2026-12-01 --wait
  $ domainflow status renew:example.com:2026-12-01     # why it ended where it did`,
    )
    .action(async (domain: string, opts) => {
      const acceptRestoreFee = moneyOption(opts.acceptRestoreFee);
      const input: RenewDomainInput = {
        domain,
        registrar: opts.registrar,
        ...(opts.account ? { account: opts.account } : {}),
        expiresOn: opts.expiresOn,
        ...(opts.period !== undefined ? { periodYears: opts.period } : {}),
        ...(acceptRestoreFee ? { acceptRestoreFee } : {}),
        ...(opts.customer ? { customerId: opts.customer } : {}),
      };
      parseOrThrow(renewDomainInputSchema, input);
      checkAccountOption(opts.registrar, opts.account);
      await withClient(async (client, config) => {
        const started = await startRenewal(client, input, {
          taskQueue: config.temporal.taskQueue,
          accounts: knownAccounts(config),
        });
        const result = await reportStart(client, started, Boolean(opts.wait));
        if (!result) return;
        const reason = result.reason ? ` - ${result.reason}` : '';
        reportOutcome(
          started,
          result,
          `${result.outcome} (${result.action}${result.charged ? ', charged' : ''})${reason}`,
          ['renewed', 'restored', 'already-renewed'].includes(result.outcome),
        );
      });
    });
}

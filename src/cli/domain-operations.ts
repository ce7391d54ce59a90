/**
 * `domainflow authcode | transfer-out | push | delete`: the everyday operations through their
 * workflows (docs/domain-operations.md). Auth codes are masked in all output unless --reveal.
 */
import type { Command } from 'commander';
import { WorkflowFailedError } from '@temporalio/client';
import { fetchAuthCode, runTransferOut, startDeletion } from '../client/domain-operations';
import { parseOrThrow } from '../domain/validation';
import { deleteDomainInputSchema, type DeleteDomainInput, type TransferOutInput } from '../contracts';
import { accountOption, checkAccountOption, knownAccounts } from './accounts';
import { registrarOption } from './options';
import { CliError, EXIT, print } from './output';
import { reportOutcome, reportStart, withClient } from './session';

/** What the output shows instead of a code: its length only, never a part of it. */
export const MASKED = '********';

export function registerDomainOperationCommands(program: Command): void {
  program
    .command('authcode')
    .description("show a domain's transfer auth code (masked unless --reveal), or make a new one with --reset")
    .argument('<domain>', 'domain name')
    .addOption(registrarOption('registrar', 'ispapi'))
    .addOption(accountOption())
    .option('--reset', 'have the registrar make a new code (the old one stops working)')
    .option('--reveal', 'print the code itself (else masked, also in --json)')
    .addHelpText(
      'after',
      `
Examples:
  $ domainflow authcode example.com              # masked: shows that there is one, and its length
  $ domainflow authcode example.com --reveal     # the code, for the receiving registrar
  $ domainflow authcode example.de --reset --reveal   # .de at ISPAPI: a new AuthInfo1`,
    )
    .action(async (domain: string, opts) => {
      checkAccountOption(opts.registrar, opts.account);
      await withClient(async (client, config) => {
        const result = await failedAsRefusal(
          fetchAuthCode(
            client,
            { domain, registrar: opts.registrar, ...accountOf(opts), reset: Boolean(opts.reset) },
            { taskQueue: config.temporal.taskQueue, accounts: knownAccounts(config) },
          ),
        );
        const shown = opts.reveal ? result.authCode : MASKED;
        const expires = result.expiresAt ? `, valid until ${result.expiresAt}` : '';
        print(
          `${result.domain}: auth code ${shown}${opts.reveal ? '' : ` (${result.authCode.length} characters; --reveal to show)`}` +
            `${result.reset ? ' (new)' : ''}${expires}`,
          { ...result, authCode: shown, ...(opts.reveal ? {} : { masked: true, length: result.authCode.length }) },
        );
      });
    });

  const transferOut = program
    .command('transfer-out')
    .description('answer a transfer of one of your domains to another registrar (approve or deny)');
  for (const action of ['approve', 'deny'] as const) {
    transferOut
      .command(action)
      .description(`${action} the pending transfer-out of a domain`)
      .argument('<domain>', 'domain name')
      .addOption(registrarOption('registrar', 'ispapi'))
      .addOption(accountOption())
      .addHelpText('after', `\nExample:\n  $ domainflow transfer-out ${action} example.com`)
      .action(async (domain: string, opts) => {
        await runTransferOutCommand({ domain, registrar: opts.registrar, ...accountOf(opts), action });
      });
  }

  program
    .command('push')
    .description("release a domain to another registrar's tag (.uk: its Nominet IPS tag)")
    .argument('<domain>', 'domain name')
    .requiredOption('--tag <tag>', 'the tag of the registrar taking the domain')
    .addOption(registrarOption('registrar', 'ispapi'))
    .addOption(accountOption())
    .addHelpText('after', '\nExample:\n  $ domainflow push example.co.uk --tag NEW-REGISTRAR-TAG')
    .action(async (domain: string, opts) => {
      await runTransferOutCommand({
        domain,
        registrar: opts.registrar,
        ...accountOf(opts),
        action: 'push',
        tag: opts.tag,
      });
    });

  program
    .command('delete')
    .description('delete a domain now (restorable for a while) or at its expiry; --confirm repeats the name')
    .argument('<domain>', 'domain name')
    .requiredOption('--confirm <domain>', 'the domain name again: nothing is deleted without it')
    .option('--at-expiry', 'do not renew it and let the registrar delete it at its expiry')
    .addOption(registrarOption('registrar', 'ispapi'))
    .addOption(accountOption())
    .option('--customer <id>', 'customer id (search attribute CustomerId)')
    .option('--wait', 'wait for the outcome; exit 3 unless deleted or set to delete at expiry')
    .addHelpText(
      'after',
      `
Examples:
  $ domainflow delete example.com --confirm example.com --wait
  $ domainflow delete example.com --confirm example.com --at-expiry
  $ domainflow status delete:example.com      # the restorable window and fee`,
    )
    .action(async (domain: string, opts) => {
      const input: DeleteDomainInput = {
        domain,
        confirm: opts.confirm,
        registrar: opts.registrar,
        ...accountOf(opts),
        mode: opts.atExpiry ? 'at-expiry' : 'now',
        ...(opts.customer ? { customerId: opts.customer } : {}),
      };
      parseOrThrow(deleteDomainInputSchema, input);
      checkAccountOption(opts.registrar, opts.account);
      await withClient(async (client, config) => {
        const started = await startDeletion(client, input, {
          taskQueue: config.temporal.taskQueue,
          accounts: knownAccounts(config),
        });
        const result = await reportStart(client, started, Boolean(opts.wait));
        if (!result) return;
        const window = [
          result.restorableUntil ? `restorable until ${result.restorableUntil}` : '',
          result.restoreFee ? `restore fee ${result.restoreFee.amount} ${result.restoreFee.currency}` : '',
          result.deletesAt ? `deleted at ${result.deletesAt}` : '',
        ].filter((s) => s !== '');
        const details = [result.phase, ...window, result.reason].filter(Boolean).join(', ');
        reportOutcome(
          started,
          result,
          `${result.outcome}${details ? ` (${details})` : ''}`,
          ['deleted', 'deletes-at-expiry'].includes(result.outcome),
        );
      });
    });
}

/** `{ account }` when --account was given. */
const accountOf = (opts: { account?: string }): { account?: string } => (opts.account ? { account: opts.account } : {});

async function runTransferOutCommand(input: TransferOutInput): Promise<void> {
  checkAccountOption(input.registrar, input.account);
  await withClient(async (client, config) => {
    const { workflowId, result } = await failedAsRefusal(
      runTransferOut(client, input, { taskQueue: config.temporal.taskQueue, accounts: knownAccounts(config) }),
    );
    print(`${workflowId}: ${result.outcome}${result.reason ? ` - ${result.reason}` : ''}`, { workflowId, result });
    if (!result.sent) process.exitCode = EXIT.unsuccessful;
  });
}

/** A workflow that failed (e.g. the registrar refused: not in the account) exits 3 with the registrar's words. */
async function failedAsRefusal<T>(outcome: Promise<T>): Promise<T> {
  try {
    return await outcome;
  } catch (err) {
    if (!(err instanceof WorkflowFailedError)) throw err;
    let cause: unknown = err.cause;
    while (cause instanceof Error && cause.cause instanceof Error) cause = cause.cause;
    throw new CliError(cause instanceof Error ? cause.message : err.message, EXIT.unsuccessful);
  }
}

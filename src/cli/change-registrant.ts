/** `domainflow change-registrant`: start, resend or cancel a registrant change (docs/change-registrant.md). */
import { Option, type Command } from 'commander';
import {
  cancelRegistrantChange,
  registrantChangeIdFor,
  resendRegistrantConfirmation,
  startRegistrantChange,
} from '../client/change-registrant';
import { parseOrThrow } from '../domain/validation';
import { changeRegistrantInputSchema, type ChangeRegistrantInput } from '../contracts';
import { accountOption, checkAccountOption, knownAccounts } from './accounts';
import { collect, extraOptions, readJsonOption, registrarOption } from './options';
import { CliError, EXIT, print } from './output';
import { reportOutcome, reportStart, withClient } from './session';

export function registerChangeRegistrantCommand(program: Command): void {
  program
    .command('change-registrant')
    .description(
      "change the registrant: IRTP trade as designated agent (default) or with the old registrant's confirmation, ccTLD trade, or a plain update, as the TLD needs",
    )
    .argument('<domain>', 'the domain')
    .option('--registrant <path>', 'JSON file with the new registrant (a contact)')
    .option(
      '--current-registrant <path>',
      'JSON file with the registrant as your records show it (checked before any registrar call)',
    )
    .addOption(
      new Option('--mode <mode>', 'how an ICANN change is confirmed').choices([
        'designated-agent',
        'registrant-confirmation',
      ]),
    )
    .option('--opt-out-transfer-lock', 'ask for no 60-day transfer lock after the change (never sent to AFNIC)')
    .option('--extra <key=value>', 'TLD extra, e.g. legalType=CCO for .ca, pin=… for .it (repeatable)', collect, [])
    .addOption(registrarOption())
    .addOption(accountOption())
    .option('--customer <id>', 'customer id (search attribute CustomerId)')
    .option('--resend-confirmation', "a running change: send the old registrant's confirmation mail again")
    .option('--cancel', 'a running change: withdraw it at the registrar and end the workflow')
    .option('--wait', 'wait for the outcome; exit 3 unless completed')
    .addHelpText(
      'after',
      `
Examples:
  $ domainflow change-registrant example.com --registrant new-owner.json --wait
  $ domainflow change-registrant example.org --registrant new-owner.json --mode registrant-confirmation
  $ domainflow change-registrant example.org --resend-confirmation
  $ domainflow change-registrant example.it --registrant new-owner.json --extra pin=RSSMRA80A01H501U --extra entityType=1 \\
      --extra acceptSection3=1 --extra acceptSection5=1 --extra acceptSection6=1 --extra acceptSection7=1`,
    )
    .action(async (domain: string, opts) => {
      checkAccountOption(opts.registrar, opts.account);
      if (opts.resendConfirmation || opts.cancel) {
        await withClient(async (client) => {
          if (opts.cancel) await cancelRegistrantChange(client, domain, opts.account);
          else await resendRegistrantConfirmation(client, domain, opts.account);
          const what = opts.cancel ? 'cancel' : 'resendConfirmation';
          const workflowId = registrantChangeIdFor(domain, opts.account);
          print(`sent ${what} to ${workflowId}`, { workflowId, signal: what });
        });
        return;
      }
      if (!opts.registrant) throw new CliError('--registrant: is required to start a change', EXIT.invalid);
      const extras = extraOptions(opts.extra as string[]);
      const input = {
        domain,
        registrant: readJsonOption(opts.registrant, '--registrant'),
        ...(opts.currentRegistrant
          ? { currentRegistrant: readJsonOption(opts.currentRegistrant, '--current-registrant') }
          : {}),
        ...(opts.mode ? { mode: opts.mode } : {}),
        ...(opts.optOutTransferLock ? { optOutTransferLock: true } : {}),
        ...(Object.keys(extras).length > 0 ? { extras } : {}),
        ...(opts.registrar ? { registrar: opts.registrar } : {}),
        ...(opts.account ? { account: opts.account } : {}),
        ...(opts.customer ? { customerId: opts.customer } : {}),
      } as ChangeRegistrantInput;
      parseOrThrow(changeRegistrantInputSchema, input);
      await withClient(async (client, config) => {
        const started = await startRegistrantChange(client, input, {
          taskQueue: config.temporal.taskQueue,
          accounts: knownAccounts(config),
        });
        const result = await reportStart(client, started, Boolean(opts.wait));
        if (!result) return;
        const lock = result.transferLockUntil ? `, transfer-locked until ${result.transferLockUntil}` : '';
        const reason = result.reason ? ` (${result.reason})` : '';
        reportOutcome(
          started,
          result,
          `${result.outcome} by ${result.procedure}${lock}${reason}`,
          result.outcome === 'completed',
        );
      });
    });
}

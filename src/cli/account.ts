/** `domainflow account …`: a customer's prepaid balance (the customerAccount workflow). */
import type { Command } from 'commander';
import { capture, deposit, getAccount, release, reserve } from '../client/account';
import { formatMinorUnits, toMinorUnits } from '../domain/money';
import { CliError, EXIT, print, table } from './output';
import { withClient } from './session';

const DESCRIPTIONS = {
  deposit: 'add money',
  reserve: 'hold money',
  release: 'free a hold',
  capture: 'take held money',
};
const EXAMPLES = {
  deposit: 'pay-2026-0042 --amount 50.00 --currency USD',
  reserve: 'bo-7 --amount 12.50 --currency USD',
  release: 'bo-7',
  capture: 'bo-7',
};

export function registerAccountCommands(program: Command): void {
  const account = program
    .command('account')
    .description("a customer's prepaid balance (amounts as decimals, e.g. 12.50)");
  for (const op of ['deposit', 'reserve', 'release', 'capture'] as const) {
    const command = account
      .command(op)
      .argument('<customer>', 'customer id')
      .requiredOption('--reference <ref>', 'unique reference: the same reference twice changes nothing');
    if (op === 'deposit' || op === 'reserve') {
      command.requiredOption('--amount <decimal>', 'e.g. 25.00').requiredOption('--currency <ISO>', 'e.g. USD');
    }
    command.description(DESCRIPTIONS[op]);
    command.addHelpText('after', `\nExample:\n  $ domainflow account ${op} cust-42 --reference ${EXAMPLES[op]}`);
    command.action(async (customer: string, opts: { reference: string; amount?: string; currency?: string }) => {
      let amount = 0;
      if (opts.amount !== undefined) {
        const minor = toMinorUnits(opts.amount);
        if (minor === undefined || minor <= 0)
          throw new CliError('--amount: must be a positive decimal with at most 2 decimals', EXIT.invalid);
        amount = minor;
      }
      await withClient(async (client, config) => {
        const options = { taskQueue: config.temporal.taskQueue };
        const money = { reference: opts.reference, amount, currency: opts.currency ?? '' };
        const result =
          op === 'deposit'
            ? await deposit(client, customer, money, options)
            : op === 'reserve'
              ? await reserve(client, customer, money, options)
              : op === 'release'
                ? await release(client, customer, { reference: opts.reference }, options)
                : await capture(client, customer, { reference: opts.reference }, options);
        print(
          `${op} ${opts.reference}: ${result.status}${result.duplicate ? ' (already done before)' : ''}${result.status === 'refused' ? ` (${result.reason})` : ''}`,
          result,
        );
        if (result.status === 'refused') process.exitCode = EXIT.unsuccessful;
      });
    });
  }
  account
    .command('show')
    .description('balances, reservations and recent entries')
    .argument('<customer>', 'customer id')
    .addHelpText('after', '\nExample:\n  $ domainflow account show cust-42 --json')
    .action(async (customer: string) => {
      await withClient(async (client) => {
        const view = await getAccount(client, customer);
        const rows = view.currencies.map((c) => [
          c.currency,
          formatMinorUnits(c.balance),
          formatMinorUnits(c.reserved),
          formatMinorUnits(c.available),
        ]);
        const entries = view.recentEntries.map((e) => [
          e.at,
          e.kind,
          e.reference,
          `${formatMinorUnits(e.amount)} ${e.currency}`,
        ]);
        print(
          `${table([['CURRENCY', 'BALANCE', 'RESERVED', 'AVAILABLE'], ...rows])}\n\nrecent entries\n${table([['AT', 'KIND', 'REFERENCE', 'AMOUNT'], ...entries])}`,
          view,
        );
      });
    });
}

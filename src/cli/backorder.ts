/** `domainflow backorder …`: a customer's backorders (drop-catching, ISPAPI; docs/backorders.md). */
import type { Command } from 'commander';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { cancelBackorder, getBackorderState, startBackorder } from '../client/backorder';
import { parseOrThrow } from '../domain/validation';
import { backorderInputSchema, customerIdSchema, type BackorderInput } from '../contracts';
import { accountOption, checkAccountOption, knownAccounts } from './accounts';
import { readJsonOption } from './options';
import { CliError, describeState, EXIT, print, table, type WorkflowState } from './output';
import { withClient } from './session';

export function registerBackorderCommands(program: Command): void {
  const backorderCmd = program.command('backorder').description("a customer's backorders (drop-catching, ISPAPI)");
  backorderCmd
    .command('create')
    .description('backorder a dropping domain for a customer (funds are reserved 3 days before the drop)')
    .argument('<customer>', 'customer id')
    .argument('<domain>', 'domain name')
    .requiredOption('--contacts-file <path>', 'JSON file: {"owner": {...}} (see docs/register.md)')
    .option('--currency <ISO>', 'currency of the price and the reservation', 'USD')
    .option('--notify <email>', "where the customer's mail goes (default: the owner's address)")
    .addOption(accountOption())
    .addHelpText(
      'after',
      '\nExample:\n  $ domainflow backorder create cust-42 dropping-name.com --contacts-file owner.json',
    )
    .action(
      async (
        customer: string,
        domain: string,
        opts: { contactsFile: string; currency: string; notify?: string; account?: string },
      ) => {
        const contacts = readJsonOption(opts.contactsFile, '--contacts-file');
        const input = {
          customerId: customer,
          domain,
          currency: opts.currency,
          ...(opts.account ? { account: opts.account } : {}),
          contacts,
          ...(opts.notify ? { notifyEmail: opts.notify } : {}),
        } as BackorderInput;
        parseOrThrow(backorderInputSchema, input);
        checkAccountOption('ispapi', opts.account);
        await withClient(async (client, config) => {
          const started = await startBackorder(client, input, {
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
  backorderCmd
    .command('cancel')
    .description('cancel before the application is placed; the reserved funds are released')
    .argument('<customer>', 'customer id')
    .argument('<domain>', 'domain name')
    .addOption(accountOption())
    .addHelpText('after', '\nExample:\n  $ domainflow backorder cancel cust-42 dropping-name.com')
    .action(async (customer: string, domain: string, opts: { account?: string }) => {
      checkAccountOption('ispapi', opts.account);
      await withClient(async (client) => {
        try {
          await cancelBackorder(client, customer, domain, opts.account);
        } catch (err) {
          if (err instanceof WorkflowUpdateFailedError) {
            throw new CliError(`cannot cancel: ${err.cause?.message ?? err.message}`, EXIT.unsuccessful);
          }
          throw err;
        }
        print(`cancelled the backorder of ${domain} for ${customer}`, {
          customerId: customer,
          domain,
          cancelled: true,
        });
      });
    });
  backorderCmd
    .command('show')
    .description('status, drop date, reference, price and status log')
    .argument('<customer>', 'customer id')
    .argument('<domain>', 'domain name')
    .addOption(accountOption())
    .addHelpText('after', '\nExample:\n  $ domainflow backorder show cust-42 dropping-name.com')
    .action(async (customer: string, domain: string, opts: { account?: string }) => {
      checkAccountOption('ispapi', opts.account);
      await withClient(async (client) => {
        const state = await getBackorderState(client, customer, domain, opts.account);
        print(describeState(`backorder:${customer}:${domain}`, state as unknown as WorkflowState), state);
      });
    });
  backorderCmd
    .command('list')
    .description("a customer's backorders with their states")
    .argument('<customer>', 'customer id')
    .addHelpText('after', '\nExample:\n  $ domainflow backorder list cust-42 --json')
    .action(async (customer: string) => {
      const id = parseOrThrow(customerIdSchema, customer, 'customer');
      await withClient(async (client) => {
        const rows: Array<Record<string, string>> = [];
        for await (const wf of client.workflow.list({
          query: `WorkflowType = 'backorder' AND CustomerId = '${id}'`,
        })) {
          const attrs = Object.fromEntries(wf.typedSearchAttributes.getAll().map((p) => [p.key.name, p.value]));
          rows.push({
            workflowId: wf.workflowId,
            domain: String(attrs.DomainName ?? ''),
            state: String(attrs.LifecycleState ?? '').replace(/^backorder-/, ''),
            dropAt: attrs.DropAt instanceof Date ? attrs.DropAt.toISOString() : '',
            status: wf.status.name,
          });
        }
        print(
          rows.length === 0
            ? `no backorders for ${id}`
            : table([
                ['DOMAIN', 'STATE', 'DROP', 'WORKFLOW STATUS'],
                ...rows.map((r) => [r.domain!, r.state!, r.dropAt!, r.status!]),
              ]),
          { customerId: id, backorders: rows },
        );
      });
    });
}

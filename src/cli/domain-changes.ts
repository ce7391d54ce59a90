/**
 * `domainflow ns set`, `domainflow lock`, `domainflow contact set`: the `domain` entity's change
 * Updates (docs/domain-management.md). Each takes --request-id (a repeat returns the first answer,
 * nothing is sent twice) and --registrar (needed only for a domain not managed yet).
 */
import { type Command } from 'commander';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { CONTACT_ROLES } from '../domain/contact';
import type { RegistrarName } from '../registrars/names';
import type { UpdateContactRequest } from '../contracts';
import { setNameservers, setTransferLock, updateContact, type DomainChangeTarget } from '../client/domain-changes';
import { domainArgument, readJsonOption, registrarOption } from './options';
import { CliError, EXIT, print } from './output';
import { withClient } from './session';

interface ChangeOptions {
  registrar?: RegistrarName;
  customer?: string;
  requestId?: string;
}

const withChangeOptions = (command: Command): Command =>
  command
    .addOption(registrarOption("the domain's registrar (needed only when the engine does not manage it yet)"))
    .option('--customer <id>', 'customer the domain belongs to (only when its record starts now)')
    .option('--request-id <id>', 'idempotency key: the same id again returns the first answer and changes nothing');

/** The entity's refusal (InvalidInput: exit 2; the registrar's or the entity's no: exit 3) with its message. */
async function sendChange<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
      const code = err.cause.type === 'InvalidInput' ? EXIT.invalid : EXIT.unsuccessful;
      throw new CliError(`${err.cause.message} (${err.cause.type ?? 'failed'})`, code);
    }
    throw err;
  }
}

const targetOf = (name: string, opts: ChangeOptions): DomainChangeTarget => ({
  domain: domainArgument(name),
  ...(opts.registrar ? { registrar: opts.registrar } : {}),
  ...(opts.customer ? { customerId: opts.customer } : {}),
});
const requestIdOf = (opts: ChangeOptions) => (opts.requestId ? { requestId: opts.requestId } : {});

export function registerDomainChangeCommands(program: Command): void {
  const ns = program.command('ns').description("a domain's nameservers (the `domain` record's setNameservers)");
  withChangeOptions(
    ns
      .command('set')
      .description('replace the nameservers (2-13 host names, IDN accepted); read back from the registrar')
      .argument('<domain>')
      .argument('<nameservers...>'),
  )
    .addHelpText(
      'after',
      '\nExample:\n  $ domainflow ns set example.com ns1.example.net ns2.example.net --registrar ispapi',
    )
    .action(async (name: string, nameservers: string[], opts: ChangeOptions) => {
      const target = targetOf(name, opts);
      await withClient(async (client, config) => {
        const queue = { taskQueue: config.temporal.taskQueue };
        const result = await sendChange(() =>
          setNameservers(client, target, { nameservers, ...requestIdOf(opts) }, queue),
        );
        print(
          `${result.domain}: nameservers ${result.nameservers.join(' ')}${result.changed ? '' : ' (already so)'}`,
          result,
        );
      });
    });

  withChangeOptions(
    program
      .command('lock')
      .description('turn the registrar (transfer) lock on or off; read back from the registrar')
      .argument('<domain>')
      .argument('<on|off>'),
  )
    .addHelpText('after', '\nExample:\n  $ domainflow lock example.com on')
    .action(async (name: string, value: string, opts: ChangeOptions) => {
      if (value !== 'on' && value !== 'off') throw new CliError(`lock: must be on or off (got ${value})`, EXIT.invalid);
      const target = targetOf(name, opts);
      await withClient(async (client, config) => {
        const queue = { taskQueue: config.temporal.taskQueue };
        const result = await sendChange(() =>
          setTransferLock(client, target, { locked: value === 'on', ...requestIdOf(opts) }, queue),
        );
        print(`${result.domain}: transfer lock ${value}${result.changed ? '' : ' (already so)'}`, result);
      });
    });

  const contact = program.command('contact').description("a domain's contacts (the `domain` record's updateContact)");
  withChangeOptions(
    contact
      .command('set')
      .description(
        "replace one role's contact; a material owner change (name, organisation, e-mail) starts change-registrant",
      )
      .argument('<domain>')
      .requiredOption('--role <role>', `one of ${CONTACT_ROLES.join(', ')}`)
      .requiredOption('--file <path>', 'JSON file with the contact (firstName, lastName, street, city ...)'),
  )
    .addHelpText(
      'after',
      '\nExample:\n  $ domainflow contact set example.com --role tech --file tech.json --request-id crm-4711',
    )
    .action(async (name: string, opts: ChangeOptions & { role: string; file: string }) => {
      const target = targetOf(name, opts);
      const data = readJsonOption(opts.file, '--file');
      await withClient(async (client, config) => {
        const queue = { taskQueue: config.temporal.taskQueue };
        const result = await sendChange(() =>
          updateContact(
            client,
            target,
            {
              role: opts.role as (typeof CONTACT_ROLES)[number],
              contact: data as UpdateContactRequest['contact'],
              ...requestIdOf(opts),
            },
            queue,
          ),
        );
        const what = !result.changed
          ? 'already so'
          : result.via === 'changeRegistrant'
            ? `material owner change: started ${result.changeRegistrantWorkflowId} (follow it with domainflow watch ${result.changeRegistrantWorkflowId})`
            : `now handle ${result.handle}`;
        print(`${result.domain}: ${result.role} contact ${what}`, result);
      });
    });
}

/** `domainflow register`: register a domain (docs/register.md). */
import type { Command } from 'commander';
import { startRegistration } from '../client/register';
import { parseOrThrow } from '../domain/validation';
import { registerDomainInputSchema, type RegisterDomainInput } from '../contracts';
import { collect, extraOptions, moneyOption, readJsonOption, registrarOption } from './options';
import { reportOutcome, reportStart, withClient } from './session';
import { accountOption, checkAccountOption, knownAccounts } from './accounts';

export function registerRegisterCommand(program: Command): void {
  program
    .command('register')
    .description('register a domain (once per domain: a second start reports the running one)')
    .argument('<domain>', 'domain name, Unicode or ASCII')
    .option(
      '--contacts-file <path>',
      'JSON file: {"owner": {...}, "admin"?, "tech"?, "billing"?} (see docs/register.md)',
    )
    .option('--input-file <path>', 'JSON file with the whole registerDomain input (other options override it)')
    .addOption(registrarOption())
    .addOption(accountOption())
    .option('--period <years>', 'registration period in years', (v) => Number(v))
    .option('--ns <host>', 'nameserver (repeat 2-13 times)', collect, [])
    .option('--extra <key=value>', 'TLD extra, e.g. legalType=CCO for .ca (repeatable)', collect, [])
    .option('--lock', 'set the transfer lock once registered')
    .option('--privacy', 'enable WHOIS privacy once registered')
    .option('--accept-premium-price <amount:currency>', 'register a premium name at this quoted price, e.g. 120.00:USD')
    .option('--customer <id>', 'customer id (search attribute CustomerId)')
    .option('--wait', 'wait for the outcome; exit 3 unless registered')
    .addHelpText(
      'after',
      `
Examples:
  $ domainflow register example.com --contacts-file owner.json --ns ns1.example.net --ns ns2.example.net
  $ domainflow register maple.ca --contacts-file owner.json --extra legalType=CCO --registrar openprovider --wait`,
    )
    .action(async (domain: string, opts) => {
      const base = opts.inputFile ? readJsonOption(opts.inputFile, '--input-file') : {};
      const extras = extraOptions(opts.extra as string[]);
      const acceptPremiumPrice = moneyOption(opts.acceptPremiumPrice);
      const input = {
        ...base,
        domain,
        ...(opts.contactsFile ? { contacts: readJsonOption(opts.contactsFile, '--contacts-file') } : {}),
        ...(opts.registrar ? { registrar: opts.registrar } : {}),
        ...(opts.account ? { account: opts.account } : {}),
        ...(opts.period !== undefined ? { periodYears: opts.period } : {}),
        ...(opts.ns.length > 0 ? { nameservers: opts.ns } : {}),
        ...(Object.keys(extras).length > 0 ? { extras } : {}),
        ...(opts.lock ? { transferLock: true } : {}),
        ...(opts.privacy ? { privacy: true } : {}),
        ...(acceptPremiumPrice ? { acceptPremiumPrice } : {}),
        ...(opts.customer ? { customerId: opts.customer } : {}),
      } as RegisterDomainInput;
      const params = parseOrThrow(registerDomainInputSchema, input);
      checkAccountOption(params.registrar, params.account);
      await withClient(async (client, config) => {
        const started = await startRegistration(client, input, {
          taskQueue: config.temporal.taskQueue,
          accounts: knownAccounts(config),
        });
        const result = await reportStart(client, started, Boolean(opts.wait));
        if (!result) return;
        const reason = result.reason ? ` (${result.reason})` : '';
        reportOutcome(started, result, `${result.outcome}${reason}`, result.outcome === 'registered');
      });
    });
}

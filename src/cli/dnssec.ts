/** `domainflow dnssec show|set|add|remove|rollover`: DNSSEC at the registry (docs/dnssec.md). */
import type { Command } from 'commander';
import { loadConfig } from '../config/config';
import { startDnssecRollover, startSetDnssec } from '../client/dnssec';
import { DnssecFormatError, formatRecord, parseDnskey, parseDs, recordsOf, type DnssecRecord } from '../domain/dnssec';
import { parseOrThrow } from '../domain/validation';
import { dnssecRolloverInputSchema, setDnssecInputSchema, type SetDnssecInput } from '../contracts';
import { isDnssecRegistrar } from '../registrars/dnssec';
import { REGISTRARS, type RegistrarName } from '../registrars';
import { accountOption, checkAccountOption, knownAccounts } from './accounts';
import { collect, domainArgument, registrarOption } from './options';
import { CliError, EXIT, print } from './output';
import { reportOutcome, reportStart, withClient } from './session';

/** --ds "keytag alg digesttype digest" and --key "flags protocol alg publickey", as zone files write them. */
function records(opts: { ds?: string[]; key?: string[] }, prefix = ''): DnssecRecord[] {
  try {
    return [
      ...(opts.ds ?? []).map((text): DnssecRecord => ({ type: 'DS', ...parseDs(text) })),
      ...(opts.key ?? []).map((text): DnssecRecord => ({ type: 'DNSKEY', ...parseDnskey(text) })),
    ];
  } catch (error) {
    if (error instanceof DnssecFormatError)
      throw new CliError(`--${prefix}ds/--${prefix}key: ${error.message}`, EXIT.invalid);
    throw error;
  }
}

const recordOptions = (cmd: Command, prefix = '', what = ''): Command =>
  cmd
    .option(`--${prefix}ds <"keytag alg digesttype digest">`, `a DS record${what} (repeatable)`, collect, [])
    .option(`--${prefix}key <"flags protocol alg publickey">`, `a DNSKEY record${what} (repeatable)`, collect, []);

function change(program: Command, action: SetDnssecInput['action'], description: string): void {
  const cmd = program.command(action).description(description).argument('<domain>', 'domain name', domainArgument);
  recordOptions(cmd)
    .addOption(registrarOption('registrar', 'ispapi'))
    .addOption(accountOption())
    .option('--wait', 'wait for the outcome; exit 3 unless changed or already so');
  if (action === 'set') {
    cmd
      .option('--max-sig-life <seconds>', 'maximum signature life, where the registrar keeps one', (v) => Number(v))
      .option('--unsigned', 'set no record at all: the delegation becomes unsigned');
  }
  cmd.addHelpText(
    'after',
    `
Example:
  $ domainflow dnssec ${action} example.com --ds "12345 13 2 49FD46E6C4B45C55D4AC69CBD3CD34AC1AFE51DE7E6F5E5D1E84D4C4C2A0B2F8" --wait`,
  );
  cmd.action(async (domain: string, opts) => {
    const list = records(opts);
    if (action === 'set' && list.length === 0 && !opts.unsigned) {
      throw new CliError('set: name records with --ds/--key, or --unsigned to remove every record', EXIT.invalid);
    }
    const input: SetDnssecInput = {
      domain,
      registrar: opts.registrar,
      ...(opts.account ? { account: opts.account } : {}),
      action,
      records: list,
      ...(opts.maxSigLife !== undefined ? { maxSigLife: opts.maxSigLife } : {}),
    };
    parseOrThrow(setDnssecInputSchema, input);
    checkAccountOption(opts.registrar, opts.account);
    await withClient(async (client, config) => {
      const started = await startSetDnssec(client, input, {
        taskQueue: config.temporal.taskQueue,
        accounts: knownAccounts(config),
      });
      const result = await reportStart(client, started, Boolean(opts.wait));
      if (result) reportOutcome(started, result, result.outcome, true);
    });
  });
}

export function registerDnssecCommands(program: Command): void {
  const dnssec = program
    .command('dnssec')
    .description('DNSSEC at the registry: DS/DNSKEY records and key rollovers (docs/dnssec.md)');

  dnssec
    .command('show')
    .description("the DS and DNSKEY records the registry publishes (read from the registrar's API)")
    .argument('<domain>', 'domain name', domainArgument)
    .addOption(registrarOption('registrar', 'ispapi'))
    .addOption(accountOption())
    .addHelpText('after', '\nExample:\n  $ domainflow dnssec show example.com --registrar openprovider')
    .action(async (domain: string, opts: { registrar: RegistrarName; account?: string }) => {
      checkAccountOption(opts.registrar, opts.account);
      const config = loadConfig();
      // The account's own settings (accounts file), or the env variables for `default`.
      const named =
        opts.account === undefined || opts.account === 'default'
          ? undefined
          : config.accounts[opts.registrar]?.[opts.account];
      const { registrar, close } = REGISTRARS[opts.registrar].create(
        (named ? named.settings : config[opts.registrar]) as never,
      );
      try {
        if (!isDnssecRegistrar(registrar)) throw new CliError(`${opts.registrar} offers no DNSSEC`, EXIT.invalid);
        const state = await registrar.readDnssec(domain);
        if (!state) throw new CliError(`${domain} is not in this ${opts.registrar} account`, EXIT.notFound);
        const lines = recordsOf(state).map(formatRecord);
        const life = state.maxSigLife !== undefined ? [`max signature life: ${state.maxSigLife} s`] : [];
        print(
          [...(lines.length > 0 ? lines : ['unsigned (no DS or DNSKEY at the registry)']), ...life].join('\n'),
          state,
        );
      } finally {
        await close();
      }
    });

  change(dnssec, 'set', 'make the delegation exactly these records (exactly once, read back)');
  change(dnssec, 'add', 'publish these records beside the others');
  change(dnssec, 'remove', 'withdraw these records');

  const rollover = dnssec
    .command('rollover')
    .description('add the new DS, wait the parent TTL (durable timer), verify, remove the old one, verify')
    .argument('<domain>', 'domain name', domainArgument);
  recordOptions(rollover, 'add-', ' to publish');
  recordOptions(rollover, 'remove-', ' to withdraw');
  rollover
    .option('--ttl <duration>', "the parent zone's DS TTL to wait, e.g. '1 day' (default 2 days)")
    .addOption(registrarOption('registrar', 'ispapi'))
    .addOption(accountOption())
    .option('--wait', 'wait for the outcome (days: the TTL)')
    .addHelpText(
      'after',
      `
Example:
  $ domainflow dnssec rollover example.com --ttl '1 day' \\
      --add-ds "22222 13 2 0B2F8A0C4C4D48E1D5E5F6E7ED15EFA1CA43DC3BC96CA4D55C54B4C6E64DF945" \\
      --remove-ds "12345 13 2 49FD46E6C4B45C55D4AC69CBD3CD34AC1AFE51DE7E6F5E5D1E84D4C4C2A0B2F8"`,
    )
    .action(async (domain: string, opts) => {
      const add = records({ ds: opts.addDs, key: opts.addKey }, 'add-');
      const remove = records({ ds: opts.removeDs, key: opts.removeKey }, 'remove-');
      if (add.length !== 1 || remove.length !== 1) {
        throw new CliError('rollover: name one record to add (--add-ds/--add-key) and one to remove', EXIT.invalid);
      }
      const input = {
        domain,
        registrar: opts.registrar,
        ...(opts.account ? { account: opts.account } : {}),
        add: add[0]!,
        remove: remove[0]!,
        ...(opts.ttl ? { parentTtl: opts.ttl } : {}),
      };
      parseOrThrow(dnssecRolloverInputSchema, input);
      checkAccountOption(opts.registrar, opts.account);
      await withClient(async (client, config) => {
        const started = await startDnssecRollover(client, input, {
          taskQueue: config.temporal.taskQueue,
          accounts: knownAccounts(config),
        });
        const result = await reportStart(client, started, Boolean(opts.wait));
        if (result) reportOutcome(started, result, result.outcome, true);
      });
    });
}

/** `domainflow dns-drift start|status|declare`: DNS drift reports for managed zones (docs/dns-drift.md). */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { zoneFromText } from '../client/dns';
import { declareZone, getDnsSyncState, startDnsSync } from '../client/dns-drift';
import { parseOrThrow } from '../domain/validation';
import { syncDnsInputSchema, type SyncDnsInput } from '../contracts';
import type { RegistrarName } from '../registrars/names';
import { accountOption, checkAccountOption, knownAccounts } from './accounts';
import { domainArgument, registrarOption } from './options';
import { CliError, EXIT, print } from './output';
import { withClient } from './session';

export function registerDnsDriftCommands(program: Command): void {
  const drift = program
    .command('dns-drift')
    .description('report DNS zones changed outside domainflow, once (docs/dns-drift.md)');

  drift
    .command('start')
    .description("start the registrar's DNS sync (sync-dns:<registrar>); a running one is handed back")
    .addOption(registrarOption('registrar', 'ispapi'))
    .option('--every <duration>', "how often every managed zone is read, e.g. '30 minutes' (default 1 hour)")
    .option('--enforce', 'put a drifted zone back by starting applyZone (default: report only)')
    .addOption(accountOption())
    .addHelpText('after', "\nExample:\n  $ domainflow dns-drift start --registrar ispapi --every '30 minutes'")
    .action(async (opts: { registrar: RegistrarName; account?: string; every?: string; enforce?: boolean }) => {
      const input: SyncDnsInput = {
        registrar: opts.registrar,
        ...(opts.account ? { account: opts.account } : {}),
        ...(opts.every ? { every: opts.every } : {}),
        ...(opts.enforce ? { enforce: true } : {}),
      };
      parseOrThrow(syncDnsInputSchema, input);
      checkAccountOption(opts.registrar, opts.account);
      await withClient(async (client, config) => {
        const started = await startDnsSync(client, input, {
          taskQueue: config.temporal.taskQueue,
          accounts: knownAccounts(config),
        });
        print(
          started.started
            ? `started ${started.workflowId}`
            : `already running: ${started.workflowId} (its settings stay; cancel it to change them)`,
          { workflowId: started.workflowId, started: started.started },
        );
      });
    });

  drift
    .command('status')
    .description('managed zones, drifted zones and the latest reports')
    .addHelpText('after', '\nExample:\n  $ domainflow dns-drift status --registrar ispapi')
    .addOption(registrarOption('registrar', 'ispapi'))
    .addOption(accountOption())
    .action(async (opts: { registrar: RegistrarName; account?: string }) => {
      checkAccountOption(opts.registrar, opts.account);
      await withClient(async (client) => {
        const s = await getDnsSyncState(client, opts.registrar, opts.account);
        const lines = [
          `${s.zones.length} managed zone(s), ${s.drifted.length} drifted, ${s.rounds} round(s)${s.enforce ? ', enforce' : ''}`,
          ...s.reports.slice(-10).map((r) => `${r.at} ${r.domain}: ${r.lines.length} record(s) differ`),
        ];
        print(lines.join('\n'), s);
      });
    });

  drift
    .command('declare')
    .description("record a zone's declared state (applyZone does this when it ends)")
    .argument('<domain>', 'domain name', domainArgument)
    .requiredOption('-f, --file <path>', 'the zone file: YAML, JSON or BIND')
    .option('--prune', 'the whole zone is managed (else only the RRsets the file names)')
    .addHelpText('after', '\nExample:\n  $ domainflow dns-drift declare example.com -f zone.yaml')
    .addOption(registrarOption('registrar', 'ispapi'))
    .addOption(accountOption())
    .action(
      async (domain: string, opts: { file: string; prune?: boolean; registrar: RegistrarName; account?: string }) => {
        checkAccountOption(opts.registrar, opts.account);
        let text: string;
        try {
          text = readFileSync(opts.file, 'utf8');
        } catch (err) {
          throw new CliError(`--file: cannot read ${opts.file}: ${(err as Error).message}`, EXIT.invalid);
        }
        const format = /\.json$/i.test(opts.file) ? 'json' : /\.(zone|bind|db)$/i.test(opts.file) ? 'bind' : 'yaml';
        const zone = zoneFromText(text, domain, format);
        await withClient(async (client, config) => {
          await declareZone(
            client,
            opts.registrar,
            { domain, records: zone.records, prune: Boolean(opts.prune) },
            {
              taskQueue: config.temporal.taskQueue,
              ...(opts.account ? { account: opts.account } : {}),
              accounts: knownAccounts(config),
            },
          );
          print(`declared ${domain} (${zone.records.length} records) with sync-dns:${opts.registrar}`, {
            domain,
            records: zone.records.length,
          });
        });
      },
    );
}

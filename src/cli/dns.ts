/** `domainflow dns plan|apply|export`: DNS zones as declared state (docs/dns.md). */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { loadConfig } from '../config/config';
import type { Zone } from '../domain/dns';
import type { ZoneFormat } from '../domain/dns/zone-file';
import { applyZoneTemplate, exportZone, planZone, startZoneApply, zoneFromText } from '../client/dns';
import { isDnsZoneRegistrar, type DnsZoneRegistrar } from '../registrars/dns';
import { REGISTRARS, type RegistrarName } from '../registrars';
import { accountOption, checkAccountOption, knownAccounts } from './accounts';
import { collect, domainArgument, registrarOption } from './options';
import { CliError, EXIT, print } from './output';
import { reportOutcome, reportStart, withClient } from './session';

function formatOf(file: string, format: string | undefined): ZoneFormat {
  const f = format ?? (/\.json$/i.test(file) ? 'json' : /\.(zone|bind|db)$/i.test(file) ? 'bind' : 'yaml');
  if (f !== 'yaml' && f !== 'json' && f !== 'bind')
    throw new CliError('--format: must be yaml, json or bind', EXIT.invalid);
  return f;
}

function readText(file: string, what: string): string {
  try {
    return readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (err) {
    throw new CliError(`${what}: cannot read ${file}: ${(err as Error).message}`, EXIT.invalid);
  }
}

function varsOf(opts: { var: string[] }): Record<string, string> {
  const values: Record<string, string> = {};
  for (const pair of opts.var) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new CliError(`--var: must be name=value (got ${pair})`, EXIT.invalid);
    values[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return values;
}

/** The zone file named by -f, validated (invalid input names the record and field, exit 2, nothing sent). */
function readZone(domain: string, opts: { file: string; format?: string; var: string[] }): Zone {
  return zoneFromText(readText(opts.file, '--file'), domain, formatOf(opts.file, opts.format), varsOf(opts));
}

/** A template: a file, or a name under templates/dns/ (`web` is templates/dns/web.yaml). */
const templatePath = (name: string): string =>
  existsSync(name) || /[./]/.test(name) ? name : `templates/dns/${name}.yaml`;

/**
 * The registrar adapter of one account from this machine's configuration (`default`: the env
 * variables; another: its own settings from the accounts file): plan and export read the zone directly.
 */
async function withRegistrar<T>(
  name: RegistrarName,
  fn: (registrar: DnsZoneRegistrar) => Promise<T>,
  account?: string,
): Promise<T> {
  checkAccountOption(name, account);
  const config = loadConfig();
  const entry = REGISTRARS[name];
  const named = account === undefined || account === 'default' ? undefined : config.accounts[name]?.[account];
  const { registrar, close } = entry.create((named ? named.settings : config[name]) as never);
  try {
    if (!isDnsZoneRegistrar(registrar)) throw new CliError(`${name} offers no DNS zones`, EXIT.invalid);
    return await fn(registrar);
  } finally {
    await close();
  }
}

const fileOptions = (cmd: Command): Command =>
  cmd
    .requiredOption('-f, --file <path>', 'the zone file: YAML, JSON or BIND ("-" reads stdin)')
    .option('--format <yaml|json|bind>', 'the file format (default: from the extension, else yaml)')
    .option('--var <name=value>', 'a value for a {{name}} placeholder of a zone template (repeatable)', collect, [])
    .option('--prune', 'also remove records in RRsets the file does not name (never the apex NS set unless named)')
    .addOption(registrarOption('registrar', 'ispapi'))
    .addOption(accountOption());

export function registerDnsCommands(program: Command): void {
  const dns = program.command('dns').description('DNS zones as declared state: plan, apply, export (docs/dns.md)');

  fileOptions(dns.command('plan').argument('<domain>', 'the zone (domain name)'))
    .description('show what an apply would add, change and remove; changes nothing')
    .addHelpText(
      'after',
      `
Examples:
  $ domainflow dns plan example.com -f zone.yaml
  $ domainflow dns plan example.com -f example.com.zone --prune     # a BIND file; count what --prune removes`,
    )
    .action(async (rawDomain: string, opts) => {
      const domain = domainArgument(rawDomain);
      const zone = readZone(domain, opts);
      await withRegistrar(
        opts.registrar,
        async (registrar) => {
          const started = Date.now();
          const { plan, lines, unsupported, exists } = await planZone(registrar, zone, { prune: Boolean(opts.prune) });
          if (unsupported.length > 0) throw new CliError(unsupported.join('; '), EXIT.invalid);
          print(lines.join('\n'), { domain, exists, ...plan, lines, ms: Date.now() - started });
        },
        opts.account,
      );
    });

  fileOptions(dns.command('apply').argument('<domain>', 'the zone (domain name)'))
    .description('make the zone equal to the file: a durable applyZone workflow, each change sent once')
    .option('--no-create', 'fail when the registrar holds no zone instead of creating it')
    .option('--registrar-template <name>', "create a missing zone from the registrar's own template (Openprovider)")
    .option('--customer <id>', 'customer id (search attribute CustomerId)')
    .option('--wait', 'wait for the outcome; exit 3 unless applied or unchanged')
    .addHelpText(
      'after',
      `
Examples:
  $ domainflow dns plan example.com -f zone.yaml
  $ domainflow dns apply example.com -f zone.yaml --wait
  $ domainflow dns apply shop.example -f templates/dns/web.yaml --var ip=192.0.2.7 --wait`,
    )
    .action(async (rawDomain: string, opts) => {
      const domain = domainArgument(rawDomain);
      const zone = readZone(domain, opts);
      checkAccountOption(opts.registrar, opts.account);
      await withClient(async (client, config) => {
        const started = await startZoneApply(
          client,
          {
            domain,
            registrar: opts.registrar,
            ...(opts.account ? { account: opts.account } : {}),
            records: zone.records,
            ...(zone.dnssec ? { dnssec: zone.dnssec } : {}),
            prune: Boolean(opts.prune),
            createZone: opts.create !== false,
            ...(opts.registrarTemplate ? { registrarTemplate: opts.registrarTemplate } : {}),
            ...(opts.customer ? { customerId: opts.customer } : {}),
          },
          { taskQueue: config.temporal.taskQueue, accounts: knownAccounts(config) },
        );
        const result = await reportStart(client, started, Boolean(opts.wait));
        if (!result) return;
        const p = result.plan;
        reportOutcome(
          started,
          result,
          `${result.outcome}: +${p.adds} ~${p.updates} -${p.removes} (${result.changesSent} change(s) in ${result.writeCalls} call(s))${result.dnssec ? `; DNSSEC ${result.dnssec}` : ''}`,
          result.outcome !== 'drifted',
        );
      });
    });

  dns
    .command('apply-template')
    .argument('<template>', 'a zone template: a file, or a name under templates/dns/ (web = templates/dns/web.yaml)')
    .argument('<domains...>', 'the domains to apply it to ({{domain}} is each of them)')
    .description('apply one zone template to many domains: one applyZone each, all validated before the first start')
    .option('--format <yaml|json|bind>', 'the template format (default: from the extension, else yaml)')
    .option('--var <name=value>', 'a value for a {{name}} placeholder (repeatable)', collect, [])
    .option('--prune', 'also remove records in RRsets the template does not name')
    .option('--no-create', 'fail a domain whose zone the registrar does not hold instead of creating it')
    .option('--registrar-template <name>', "create missing zones from the registrar's own template (Openprovider)")
    .addOption(registrarOption('registrar', 'ispapi'))
    .addOption(accountOption())
    .option('--wait', 'wait for every outcome; exit 3 unless all are applied or unchanged')
    .addHelpText(
      'after',
      `
Examples:
  $ domainflow dns apply-template web a.example b.example c.example --var ip=192.0.2.7 --wait
  $ domainflow dns apply-template ./zones/parked.yaml $(cat parked.txt)`,
    )
    .action(async (template: string, rawDomains: string[], opts) => {
      const file = templatePath(template);
      const text = readText(file, '<template>');
      const domains = rawDomains.map((d) => domainArgument(d));
      checkAccountOption(opts.registrar, opts.account);
      await withClient(async (client, config) => {
        const applies = await applyZoneTemplate(
          client,
          {
            template: text,
            format: formatOf(file, opts.format),
            domains,
            values: varsOf(opts),
            registrar: opts.registrar,
            ...(opts.account ? { account: opts.account } : {}),
            prune: Boolean(opts.prune),
            createZone: opts.create !== false,
            ...(opts.registrarTemplate ? { registrarTemplate: opts.registrarTemplate } : {}),
          },
          { taskQueue: config.temporal.taskQueue, accounts: knownAccounts(config) },
        );
        const rows = await Promise.all(
          applies.map(async ({ domain, started }) => {
            const result = opts.wait ? await started.handle.result().catch((err: Error) => err) : undefined;
            const outcome =
              result === undefined
                ? started.started
                  ? 'started'
                  : 'already running'
                : 'outcome' in result
                  ? result.outcome
                  : `failed: ${result.message}`;
            return { domain, workflowId: started.workflowId, started: started.started, outcome };
          }),
        );
        print(rows.map((r) => `${r.workflowId}: ${r.outcome}`).join('\n'), rows);
        if (opts.wait && rows.some((r) => r.outcome !== 'applied' && r.outcome !== 'unchanged')) {
          process.exitCode = EXIT.unsuccessful;
        }
      });
    });

  dns
    .command('export')
    .argument('<domain>', 'the zone (domain name)')
    .description("write today's zone as YAML (the zone-file format) or, with --bind, as a BIND file")
    .option('--bind', 'a BIND zone file instead of YAML')
    .addHelpText(
      'after',
      `
Examples:
  $ domainflow dns export example.com > zone.yaml
  $ domainflow dns export example.com --bind -o example.com.zone`,
    )
    .option('-o, --output <path>', 'write to a file instead of stdout')
    .addOption(registrarOption('registrar', 'ispapi'))
    .addOption(accountOption())
    .action(async (rawDomain: string, opts) => {
      const domain = domainArgument(rawDomain);
      await withRegistrar(
        opts.registrar,
        async (registrar) => {
          const text = await exportZone(registrar, domain, opts.bind ? 'bind' : 'yaml');
          if (opts.output) writeFileSync(opts.output, text);
          else process.stdout.write(text);
        },
        opts.account,
      );
    });
}

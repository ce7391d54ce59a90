/** `domainflow bulk start|status|pause|resume|cancel`: one change to many domains as one job (docs/bulk.md). */
import { type Command, Option } from 'commander';
import { SingleBar } from 'cli-progress';
import type { Client } from '@temporalio/client';
import { cancelBulkChange, getBulkState, pauseBulkChange, resumeBulkChange, startBulkChange } from '../client/bulk';
import {
  type BulkChange,
  type BulkChangeInput,
  type BulkReport,
  type BulkState,
  defaultDomainsPerSecond,
} from '../contracts';
import type { RegistrarName } from '../registrars/names';
import { accountOption, checkAccountOption, knownAccounts } from './accounts';
import { collect, readJsonOption, registrarOption } from './options';
import { CliError, EXIT, isJsonOutput, print, table } from './output';
import { withClient } from './session';

interface StartOptions {
  registrar: RegistrarName;
  account?: string;
  domain: string[];
  customer?: string;
  tld?: string;
  onNs: string[];
  setNs: string[];
  lock?: string;
  privacy?: string;
  autorenew?: string;
  contactRole?: string;
  contactFile?: string;
  perSecond?: string;
  wait?: boolean;
}

const onOff = (value: string, option: string): boolean => {
  if (value === 'on' || value === 'true') return true;
  if (value === 'off' || value === 'false') return false;
  throw new CliError(`${option}: must be on or off (got ${value})`, EXIT.invalid);
};

/** Exactly one change option, as the contract's change. */
function changeOf(o: StartOptions): BulkChange {
  const given: BulkChange[] = [];
  if (o.setNs.length > 0) given.push({ kind: 'nameservers', nameservers: o.setNs });
  if (o.lock !== undefined) given.push({ kind: 'lock', locked: onOff(o.lock, '--lock') });
  if (o.privacy !== undefined) given.push({ kind: 'privacy', enabled: onOff(o.privacy, '--privacy') });
  if (o.autorenew !== undefined) given.push({ kind: 'autorenew', enabled: onOff(o.autorenew, '--autorenew') });
  if (o.contactFile !== undefined || o.contactRole !== undefined) {
    if (!o.contactFile || !o.contactRole)
      throw new CliError('--contact-role and --contact-file go together', EXIT.invalid);
    given.push({
      kind: 'contacts',
      role: o.contactRole as 'owner',
      contact: readJsonOption(o.contactFile, '--contact-file') as never,
    });
  }
  if (given.length !== 1) {
    throw new CliError(
      'give exactly one change: --set-ns, --lock, --privacy, --autorenew or --contact-role/--contact-file',
      EXIT.invalid,
    );
  }
  return given[0]!;
}

function describe(s: BulkState): string {
  return table([
    ['phase', s.phase],
    ['total', String(s.total)],
    ['changed', String(s.changed)],
    ['already as wished', String(s.unchanged)],
    ['failed', String(s.failed)],
    ['skipped', String(s.skipped)],
    ['in flight', String(s.inFlight)],
  ]);
}

/** Waits for the job; on a terminal (not --json) a progress bar fed by the state query every second. */
async function waitFor(
  client: Client,
  jobId: string,
  result: Promise<BulkReport>,
  account?: string,
): Promise<BulkReport> {
  if (isJsonOutput() || !process.stdout.isTTY) return result;
  const bar = new SingleBar({
    format: 'bulk {jobId} [{bar}] {value}/{total} | {changed} changed, {unchanged} already, {failed} failed | {phase}',
  });
  bar.start(1, 0, { jobId, changed: 0, unchanged: 0, failed: 0, phase: 'selecting' });
  const refresh = async () => {
    try {
      const s = await getBulkState(client, jobId, account);
      bar.setTotal(Math.max(1, s.total));
      bar.update(s.done, { changed: s.changed, unchanged: s.unchanged, failed: s.failed, phase: s.phase });
    } catch {
      // A query can fail while a worker restarts; the next refresh or the result settles it.
    }
  };
  const timer = setInterval(() => void refresh(), 1000);
  try {
    const report = await result;
    await refresh();
    return report;
  } finally {
    clearInterval(timer);
    bar.stop();
  }
}

export function registerBulkCommands(program: Command): void {
  const bulk = program.command('bulk').description('one change applied to many domains as one durable job');
  bulk
    .command('start')
    .description('start a job: the domains (--domain, or a filter) and exactly one change')
    .argument('<job-id>', 'names the job (bulk:<job-id>); starting it again joins the running one')
    .addOption(registrarOption('registrar of the domains', 'ispapi'))
    .addOption(accountOption())
    .addOption(new Option('--domain <name>', 'a domain (repeat)').argParser(collect).default([]))
    .option('--customer <id>', 'filter: every managed domain of this customer')
    .option('--tld <tld>', 'filter: every managed domain under this TLD (com, co.uk)')
    .addOption(
      new Option('--on-ns <host>', 'filter: domains whose nameservers include this one (repeat)')
        .argParser(collect)
        .default([]),
    )
    .addOption(
      new Option('--set-ns <host>', 'change: set these nameservers (repeat, 2-13)').argParser(collect).default([]),
    )
    .option('--lock <on|off>', 'change: the registrar transfer lock')
    .option('--privacy <on|off>', 'change: WHOIS privacy')
    .option('--autorenew <on|off>', 'change: whether this engine renews')
    .option('--contact-role <role>', 'change: the contact of this role (owner, admin, tech, billing) ...')
    .option('--contact-file <file>', '... to the contact in this JSON file')
    .option('--per-second <n>', "domains sent per second (default: from the registrar's rate, docs/bulk.md)")
    .option('--wait', 'wait for the report, with a progress bar on a terminal')
    .addHelpText(
      'after',
      '\nExamples:\n  $ domainflow bulk start move-ns --on-ns ns1.old.net --set-ns ns1.new.net --set-ns ns2.new.net --wait\n  $ domainflow bulk start lock-all --customer cust-42 --lock on',
    )
    .action(async (jobId: string, o: StartOptions) => {
      const change = changeOf(o);
      const filterGiven = o.customer !== undefined || o.tld !== undefined || o.onNs.length > 0;
      if (filterGiven === o.domain.length > 0)
        throw new CliError('give either --domain or a filter (--customer, --tld, --on-ns)', EXIT.invalid);
      checkAccountOption(o.registrar, o.account);
      await withClient(async (client, config) => {
        // Another account paces the job by its own rate (its own list queue).
        const named = o.account ? config.accounts[o.registrar]?.[o.account] : undefined;
        const rate = named?.ratePerSecond ?? config.portfolio.ratePerSecond[o.registrar] ?? 1;
        const perSecond = o.perSecond !== undefined ? Number(o.perSecond) : defaultDomainsPerSecond(rate);
        const input: BulkChangeInput = {
          jobId,
          registrar: o.registrar,
          ...(o.account ? { account: o.account } : {}),
          change,
          domainsPerSecond: perSecond,
          ...(filterGiven
            ? {
                filter: {
                  ...(o.customer ? { customerId: o.customer } : {}),
                  ...(o.tld ? { tld: o.tld } : {}),
                  ...(o.onNs.length > 0 ? { nameservers: o.onNs } : {}),
                },
              }
            : { domains: o.domain }),
        };
        const started = await startBulkChange(client, input, {
          taskQueue: config.temporal.taskQueue,
          accounts: knownAccounts(config),
        });
        if (!o.wait) {
          print(
            `${started.started ? 'started' : 'already running'}: ${started.workflowId}\nfollow it with: domainflow bulk status ${jobId}`,
            { workflowId: started.workflowId, started: started.started },
          );
          return;
        }
        const report = await waitFor(client, jobId, started.handle.result(), o.account);
        const failed = report.failed.map((f) => [f.domain, f.reason]);
        print(
          `${started.workflowId}: ${report.changed.length} changed, ${report.unchanged.length} already as wished, ${report.failed.length} failed` +
            (report.skipped > 0 ? `, ${report.skipped} skipped (cancelled)` : '') +
            (failed.length > 0 ? `\n\n${table([['domain', 'reason'], ...failed])}` : ''),
          { workflowId: started.workflowId, started: started.started, result: report },
        );
        if (report.failed.length > 0 || report.cancelled) process.exitCode = EXIT.unsuccessful;
      });
    });
  bulk
    .command('status')
    .description("a job's progress")
    .argument('<job-id>')
    .addOption(accountOption())
    .addHelpText('after', '\nExample:\n  $ domainflow bulk status move-ns --json')
    .action(async (jobId: string, opts: { account?: string }) => {
      await withClient(async (client) => {
        const s = await getBulkState(client, jobId, opts.account);
        print(describe(s), s);
      });
    });
  for (const [name, description, act] of [
    ['pause', 'stop sending new domains (those in flight finish)', pauseBulkChange],
    ['resume', 'send again', resumeBulkChange],
    ['cancel', 'stop: the rest are skipped, the report is sent', cancelBulkChange],
  ] as const) {
    bulk
      .command(name)
      .description(description)
      .argument('<job-id>')
      .addOption(accountOption())
      .addHelpText('after', `\nExample:\n  $ domainflow bulk ${name} move-ns`)
      .action(async (jobId: string, opts: { account?: string }) => {
        await withClient(async (client) => {
          await act(client, jobId, opts.account);
          print(`${jobId}: ${name} sent`, { jobId, signal: name });
        });
      });
  }
}

/**
 * `domainflow sync run|schedule` and `domainflow import`: the portfolio's synchronisation with the
 * registrar accounts (docs/portfolio.md), with a progress bar on stderr while --wait waits.
 */
import type { Command } from 'commander';
import { ensureSyncSchedules, getImportProgress, startImport, startSync } from '../client/sync';
import type { RegistrarName } from '../registrars/names';
import type { Duration, PortfolioRunProgress } from '../contracts';
import { registrarOption } from './options';
import { checkAccountOption, knownAccounts } from './accounts';
import { CliError, EXIT, isJsonOutput, print, table } from './output';
import { withClient } from './session';

/** One line on stderr, rewritten in place: how far a sync or an import got. */
function progressLine(p: PortfolioRunProgress): string {
  const of = p.total ? `${p.domainsSeen}/${p.total}` : `${p.domainsSeen}`;
  const percent = p.total ? ` (${Math.floor((100 * p.domainsSeen) / p.total)}%)` : '';
  const width = 24;
  const filled = p.total ? Math.round((width * Math.min(p.domainsSeen, p.total)) / p.total) : 0;
  const bar = p.total ? `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ` : '';
  return `${bar}${of} domains${percent}, ${p.pagesRead} pages, ${p.started} new, ${p.updated} changed, ${p.phase}`;
}

async function followProgress<T>(read: () => Promise<PortfolioRunProgress>, done: Promise<T>): Promise<T> {
  if (isJsonOutput() || !process.stderr.isTTY) return done;
  let shown = '';
  const refresh = async () => {
    try {
      const line = progressLine(await read());
      process.stderr.write(`\r${line.padEnd(shown.length)}`);
      shown = line;
    } catch {
      // not started yet, or a worker restarting: the next refresh tells
    }
  };
  const timer = setInterval(() => void refresh(), 1000);
  try {
    return await done;
  } finally {
    clearInterval(timer);
    if (shown) process.stderr.write(`\r${' '.repeat(shown.length)}\r`);
  }
}

function summary(p: PortfolioRunProgress): string {
  return table([
    ['registrar', `${p.registrar}/${p.account}`],
    ['domains listed', String(p.domainsSeen)],
    ['pages (list calls)', String(p.pagesRead)],
    ['new domain workflows', String(p.started)],
    ['changed', String(p.updated)],
    ['unchanged (skipped)', String(p.unchanged)],
    ['missing, checked one by one', String(p.missingChecked)],
    ['registrar calls', String(p.registrarCalls)],
    ['errors', String(p.errors)],
    ['took', p.finishedAt ? `${((Date.parse(p.finishedAt) - Date.parse(p.startedAt)) / 1000).toFixed(1)} s` : '-'],
  ]);
}

export function registerPortfolioCommands(program: Command): void {
  const sync = program.command('sync').description("the portfolio's synchronisation with the registrars");
  sync
    .command('run')
    .description('sync one registrar account now (list in pages, hand changes to the domain workflows, report)')
    .addOption(registrarOption('registrar account to read', 'ispapi'))
    .option('--account <name>', 'registrar account', 'default')
    .option('--no-report', 'do not mail the report')
    .option('--wait', 'wait for the sync and print its figures')
    .addHelpText(
      'after',
      '\nExamples:\n  $ domainflow sync run --registrar ispapi --wait\n  $ domainflow sync run --registrar openprovider --json',
    )
    .action(async (opts: { registrar: RegistrarName; account: string; report: boolean; wait?: boolean }) => {
      checkAccountOption(opts.registrar, opts.account);
      await withClient(async (client, config) => {
        const handle = await startSync(
          client,
          {
            registrar: opts.registrar,
            account: opts.account,
            sendReport: opts.report,
            pageSize: config.portfolio.pageSize,
            dueDateOffsetDays: config.portfolio.dueDateOffsetDays,
          },
          { taskQueue: config.temporal.taskQueue, accounts: knownAccounts(config) },
        );
        if (!opts.wait) {
          print(`started ${handle.workflowId}\nfollow it with: domainflow status ${handle.workflowId}`, {
            workflowId: handle.workflowId,
          });
          return;
        }
        const result = await followProgress(() => handle.query('state'), handle.result());
        print(`${handle.workflowId}\n${summary(result)}\nreport mailed: ${result.reportSent}`, result);
        if (result.errors > 0) process.exitCode = EXIT.unsuccessful;
      });
    });

  sync
    .command('schedule')
    .description('create or update the sync schedule of each configured registrar account (the worker does it too)')
    .option('--interval <duration>', "how often, e.g. '6h' (default DOMAINFLOW_SYNC_INTERVAL)")
    .addHelpText('after', '\nExample:\n  $ domainflow sync schedule --interval 6h')
    .action(async (opts: { interval?: string }) => {
      await withClient(async (client, config) => {
        const interval = opts.interval ?? config.portfolio.syncIntervalMs;
        if (interval === null) throw new CliError('DOMAINFLOW_SYNC_INTERVAL is off: give --interval', EXIT.invalid);
        const schedules = await ensureSyncSchedules(client, {
          interval: interval as Duration, // text from --interval: the SDK parses it when it builds the schedule
          taskQueue: config.temporal.taskQueue,
          // every account of every synced registrar (the worker schedules the same set)
          accounts: config.portfolio.registrars.flatMap((registrar) =>
            (knownAccounts(config)[registrar] ?? ['default']).map((account) => ({
              registrar,
              account,
              pageSize: config.portfolio.pageSize,
              dueDateOffsetDays: config.portfolio.dueDateOffsetDays,
            })),
          ),
        });
        print(
          schedules.map((s) => `${s.created ? 'created' : 'updated'} ${s.scheduleId}`).join('\n') ||
            'no registrars configured',
          { schedules },
        );
      });
    });

  program
    .command('import')
    .description('take an existing registrar account into the portfolio: one domain workflow per domain')
    .addOption(registrarOption('registrar account to read', 'ispapi'))
    .option('--account <name>', 'registrar account', 'default')
    .option('--wait', 'wait, with a progress bar on stderr')
    .addHelpText(
      'after',
      '\nExamples:\n  $ domainflow import --registrar ispapi --wait\n  $ domainflow import --registrar openprovider --json',
    )
    .action(async (opts: { registrar: RegistrarName; account: string; wait?: boolean }) => {
      checkAccountOption(opts.registrar, opts.account);
      await withClient(async (client, config) => {
        const started = await startImport(
          client,
          {
            registrar: opts.registrar,
            account: opts.account,
            pageSize: config.portfolio.pageSize,
            dueDateOffsetDays: config.portfolio.dueDateOffsetDays,
          },
          { taskQueue: config.temporal.taskQueue, accounts: knownAccounts(config) },
        );
        if (!opts.wait) {
          print(
            `${started.started ? 'started' : 'already running:'} ${started.workflowId}\nfollow it with: domainflow status ${started.workflowId}`,
            { workflowId: started.workflowId, started: started.started },
          );
          return;
        }
        const result = await followProgress(
          () => getImportProgress(client, opts.registrar, opts.account),
          started.handle.result(),
        );
        print(`${started.workflowId}\n${summary(result)}`, result);
        if (result.errors > 0) process.exitCode = EXIT.unsuccessful;
      });
    });
}

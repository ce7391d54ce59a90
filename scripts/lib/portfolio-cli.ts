/**
 * The portfolio's commands (docs/portfolio.md): `domain show|set-autorenew|set-privacy|renew`,
 * `sync run|schedule` and `import`. Registered on the main program by scripts/domainflow.ts, which
 * hands in its output, client and error helpers so every command behaves like the others.
 */
import { Command, Option } from 'commander';
import type { Client } from '@temporalio/client';
import type { Config } from '../../src/config/config';
import { parseDomainName } from '../../src/domain/domain-name';
import { getDomainEntity, renewThroughEntity, setDomainAutorenew, setDomainPrivacy } from '../../src/client/domain';
import { ensureSyncSchedules, getImportProgress, startImport, startSync } from '../../src/client/sync';
import { REGISTRAR_NAMES, type RegistrarName } from '../../src/registrars/registrar';
import type { PortfolioRunProgress } from '../../src/workflows/contracts';

export interface CliHelpers {
  print(human: string, json: unknown): void;
  table(rows: string[][]): string;
  withClient<T>(fn: (client: Client, config: Config) => Promise<T>): Promise<T>;
  fail(message: string, exitCode: number): never;
  exit: { invalid: number; unsuccessful: number };
  moneyOption(value: string | undefined): { amount: string; currency: string } | undefined;
  /** true when output is JSON (no progress line then) */
  json(): boolean;
}

const onOff = (value: string, h: CliHelpers, what: string): boolean => {
  if (value === 'on' || value === 'true') return true;
  if (value === 'off' || value === 'false') return false;
  return h.fail(`${what}: must be on or off (got ${value})`, h.exit.invalid);
};

const registrarOption = () =>
  new Option('--registrar <name>', 'registrar account to read').choices([...REGISTRAR_NAMES]).default('ispapi');

/** One line on stderr, rewritten in place: how far a sync or an import got. */
function progressLine(p: PortfolioRunProgress): string {
  const of = p.total ? `${p.domainsSeen}/${p.total}` : `${p.domainsSeen}`;
  const percent = p.total ? ` (${Math.floor((100 * p.domainsSeen) / p.total)}%)` : '';
  const width = 24;
  const filled = p.total ? Math.round((width * Math.min(p.domainsSeen, p.total)) / p.total) : 0;
  const bar = p.total ? `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ` : '';
  return `${bar}${of} domains${percent}, ${p.pagesRead} pages, ${p.started} new, ${p.updated} changed, ${p.phase}`;
}

async function followProgress<T>(
  h: CliHelpers,
  read: () => Promise<PortfolioRunProgress>,
  done: Promise<T>,
): Promise<T> {
  if (h.json() || !process.stderr.isTTY) return done;
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

function summary(h: CliHelpers, p: PortfolioRunProgress): string {
  return h.table([
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

export function registerPortfolioCommands(program: Command, h: CliHelpers): void {
  const domainArg = (value: string): string => {
    const parsed = parseDomainName(value);
    if (!parsed.ok) return h.fail(`domain: ${parsed.rule}`, h.exit.invalid);
    return parsed.value.ascii;
  };

  const domain = program.command('domain').description("a managed domain's record (the `domain` workflow)");
  domain
    .command('show')
    .description('facts, wishes, due date and recent changes')
    .argument('<domain>')
    .addHelpText('after', '\nExample:\n  $ domainflow domain show example.com --json')
    .action(async (name: string) => {
      await h.withClient(async (client) => {
        const view = await getDomainEntity(client, domainArg(name));
        const f = view.facts;
        const rows = [
          ['domain', view.domain],
          ['registrar', view.registrar],
          ['phase', f.phase ?? 'unknown'],
          ['registry expiry', f.registryExpiresAt ?? '-'],
          ['expiry shown', f.displayExpiresAt ?? '-'],
          ['due date', `${view.dueDate ?? '-'} (expiry - ${view.dueDateOffsetDays} days)`],
          ['autorenew (engine)', String(view.wishes.autorenew ?? false)],
          ["registrar's own autorenew", String(f.registrarAutorenew ?? 'unknown')],
          ['privacy (wish / registrar)', `${view.wishes.privacy ?? '-'} / ${f.privacy ?? 'unknown'}`],
          ['transfer lock', String(f.transferLock ?? 'unknown')],
          ['nameservers', (f.nameservers ?? []).join(' ') || '-'],
          ['observed', `${view.observedAt ?? '-'} (${view.observedBy ?? '-'})`],
        ];
        const changes = view.recentChanges.map((c) => [
          c.at,
          c.kind === 'wish' ? `wish ${c.setting}` : c.kind,
          `${String(c.from)} -> ${String(c.to)}`,
          c.source,
        ]);
        h.print(
          `${h.table(rows)}\n\nrecent changes\n${h.table([['at', 'what', 'change', 'source'], ...changes])}`,
          view,
        );
      });
    });

  for (const [command, setting, set] of [
    ['set-autorenew', 'autorenew', setDomainAutorenew],
    ['set-privacy', 'privacy', setDomainPrivacy],
  ] as const) {
    domain
      .command(command)
      .description(
        setting === 'autorenew'
          ? "whether this engine renews the domain at its due date (the registrar's own auto-renewal stays off)"
          : 'WHOIS privacy, pushed to the registrar',
      )
      .argument('<domain>')
      .argument('<on|off>')
      .addHelpText('after', `\nExample:\n  $ domainflow domain ${command} example.com on`)
      .action(async (name: string, value: string) => {
        const enabled = onOff(value, h, setting);
        await h.withClient(async (client) => {
          const result = await set(client, domainArg(name), enabled);
          h.print(
            `${result.domain}: ${setting} ${enabled ? 'on' : 'off'}${result.changed ? '' : ' (already so)'}` +
              (result.pushedToRegistrar ? '; the registrar was told' : ''),
            result,
          );
        });
      });
  }

  domain
    .command('renew')
    .description('renew one term through the domain record (exactly once per term)')
    .argument('<domain>')
    .option('--expires-on <date>', 'the term to renew, YYYY-MM-DD (default: the registry expiry on record)')
    .option('--years <n>', 'years to add', (v) => Number(v), 1)
    .option('--accept-restore-fee <amount:currency>', 'restore from hard quarantine at up to this fee, e.g. 80.00:USD')
    .option('--wait', 'wait for the renewal to finish')
    .addHelpText('after', '\nExample:\n  $ domainflow domain renew example.com --wait')
    .action(
      async (name: string, opts: { expiresOn?: string; years: number; acceptRestoreFee?: string; wait?: boolean }) => {
        await h.withClient(async (client) => {
          const fee = h.moneyOption(opts.acceptRestoreFee);
          const started = await renewThroughEntity(client, domainArg(name), {
            ...(opts.expiresOn ? { expiresOn: opts.expiresOn } : {}),
            periodYears: opts.years,
            ...(fee ? { acceptRestoreFee: fee } : {}),
          });
          if (!opts.wait) {
            h.print(
              `${started.started ? 'started' : 'already started'} ${started.workflowId}\nfollow it with: domainflow watch ${started.workflowId}`,
              started,
            );
            return;
          }
          const result = await client.workflow.getHandle(started.workflowId).result();
          h.print(`${started.workflowId}: ${String(result.outcome)}`, { ...started, result });
          if (!['renewed', 'restored', 'already-renewed'].includes(String(result.outcome))) {
            process.exitCode = h.exit.unsuccessful;
          }
        });
      },
    );

  const sync = program.command('sync').description("the portfolio's synchronisation with the registrars");
  sync
    .command('run')
    .description('sync one registrar account now (list in pages, hand changes to the domain workflows, report)')
    .addOption(registrarOption())
    .option('--account <name>', 'registrar account', 'default')
    .option('--no-report', 'do not mail the report')
    .option('--wait', 'wait for the sync and print its figures')
    .addHelpText(
      'after',
      '\nExamples:\n  $ domainflow sync run --registrar ispapi --wait\n  $ domainflow sync run --registrar openprovider --json',
    )
    .action(async (opts: { registrar: RegistrarName; account: string; report: boolean; wait?: boolean }) => {
      await h.withClient(async (client, config) => {
        const handle = await startSync(
          client,
          {
            registrar: opts.registrar,
            account: opts.account,
            sendReport: opts.report,
            pageSize: config.portfolio.pageSize,
            dueDateOffsetDays: config.portfolio.dueDateOffsetDays,
          },
          { taskQueue: config.temporal.taskQueue },
        );
        if (!opts.wait) {
          h.print(`started ${handle.workflowId}\nfollow it with: domainflow status ${handle.workflowId}`, {
            workflowId: handle.workflowId,
          });
          return;
        }
        const result = await followProgress(h, () => handle.query('state'), handle.result());
        h.print(`${handle.workflowId}\n${summary(h, result)}\nreport mailed: ${result.reportSent}`, result);
        if (result.errors > 0) process.exitCode = h.exit.unsuccessful;
      });
    });

  sync
    .command('schedule')
    .description('create or update the sync schedule of each configured registrar account (the worker does it too)')
    .option('--interval <duration>', "how often, e.g. '6h' (default DOMAINFLOW_SYNC_INTERVAL)")
    .addHelpText('after', '\nExample:\n  $ domainflow sync schedule --interval 6h')
    .action(async (opts: { interval?: string }) => {
      await h.withClient(async (client, config) => {
        const interval = opts.interval ?? config.portfolio.syncIntervalMs;
        if (interval === null) return h.fail('DOMAINFLOW_SYNC_INTERVAL is off: give --interval', h.exit.invalid);
        const schedules = await ensureSyncSchedules(client, {
          interval: interval as never,
          taskQueue: config.temporal.taskQueue,
          accounts: config.portfolio.registrars.map((registrar) => ({
            registrar,
            pageSize: config.portfolio.pageSize,
            dueDateOffsetDays: config.portfolio.dueDateOffsetDays,
          })),
        });
        h.print(
          schedules.map((s) => `${s.created ? 'created' : 'updated'} ${s.scheduleId}`).join('\n') ||
            'no registrars configured',
          { schedules },
        );
      });
    });

  program
    .command('import')
    .description('take an existing registrar account into the portfolio: one domain workflow per domain')
    .addOption(registrarOption())
    .option('--account <name>', 'registrar account', 'default')
    .option('--wait', 'wait, with a progress bar on stderr')
    .addHelpText(
      'after',
      '\nExamples:\n  $ domainflow import --registrar ispapi --wait\n  $ domainflow import --registrar openprovider --json',
    )
    .action(async (opts: { registrar: RegistrarName; account: string; wait?: boolean }) => {
      await h.withClient(async (client, config) => {
        const started = await startImport(
          client,
          {
            registrar: opts.registrar,
            account: opts.account,
            pageSize: config.portfolio.pageSize,
            dueDateOffsetDays: config.portfolio.dueDateOffsetDays,
          },
          { taskQueue: config.temporal.taskQueue },
        );
        if (!opts.wait) {
          h.print(
            `${started.started ? 'started' : 'already running:'} ${started.workflowId}\nfollow it with: domainflow status ${started.workflowId}`,
            { workflowId: started.workflowId, started: started.started },
          );
          return;
        }
        const result = await followProgress(
          h,
          () => getImportProgress(client, opts.registrar, opts.account),
          started.handle.result(),
        );
        h.print(`${started.workflowId}\n${summary(h, result)}`, result);
        if (result.errors > 0) process.exitCode = h.exit.unsuccessful;
      });
    });
}

/** `list --expiring-within 30d`: the ExpiresAt bound as the Web UI filter takes it. */
export function expiringWithinClause(value: string, now = Date.now()): string {
  const match = /^(\d+)\s*(d|days?|h|hours?)$/.exec(value.trim());
  if (!match) throw new Error(`--expiring-within: must be a number of days or hours such as 30d (got ${value})`);
  const ms = Number(match[1]) * (match[2]!.startsWith('d') ? 86_400_000 : 3_600_000);
  return `ExpiresAt < '${new Date(now + ms).toISOString()}'`;
}

/** `domainflow domain show|set-autorenew|set-privacy|renew`: a managed domain's record (docs/portfolio.md). */
import type { Command } from 'commander';
import { getDomainEntity, renewThroughEntity, setDomainAutorenew, setDomainPrivacy } from '../client/domain';
import { domainArgument, moneyOption } from './options';
import { CliError, EXIT, print, table } from './output';
import { withClient } from './session';

const onOff = (value: string, what: string): boolean => {
  if (value === 'on' || value === 'true') return true;
  if (value === 'off' || value === 'false') return false;
  throw new CliError(`${what}: must be on or off (got ${value})`, EXIT.invalid);
};

export function registerDomainCommands(program: Command): void {
  const domain = program.command('domain').description("a managed domain's record (the `domain` workflow)");
  domain
    .command('show')
    .description('facts, wishes, due date and recent changes')
    .argument('<domain>')
    .addHelpText('after', '\nExample:\n  $ domainflow domain show example.com --json')
    .action(async (name: string) => {
      await withClient(async (client) => {
        const view = await getDomainEntity(client, domainArgument(name));
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
        print(`${table(rows)}\n\nrecent changes\n${table([['at', 'what', 'change', 'source'], ...changes])}`, view);
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
        const enabled = onOff(value, setting);
        await withClient(async (client) => {
          const result = await set(client, domainArgument(name), enabled);
          print(
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
        await withClient(async (client) => {
          const fee = moneyOption(opts.acceptRestoreFee);
          const started = await renewThroughEntity(client, domainArgument(name), {
            ...(opts.expiresOn ? { expiresOn: opts.expiresOn } : {}),
            periodYears: opts.years,
            ...(fee ? { acceptRestoreFee: fee } : {}),
          });
          if (!opts.wait) {
            print(
              `${started.started ? 'started' : 'already started'} ${started.workflowId}\nfollow it with: domainflow watch ${started.workflowId}`,
              started,
            );
            return;
          }
          const result = await client.workflow.getHandle(started.workflowId).result();
          print(`${started.workflowId}: ${String(result.outcome)}`, { ...started, result });
          if (!['renewed', 'restored', 'already-renewed'].includes(String(result.outcome))) {
            process.exitCode = EXIT.unsuccessful;
          }
        });
      },
    );
}

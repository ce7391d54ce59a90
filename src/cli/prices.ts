/**
 * `domainflow prices` and `domainflow catalogue sync`: the synced price catalogue of each
 * registrar account, cost and sale per TLD (docs/prices.md), and a sync started now.
 */
import type { Command } from 'commander';
import { stringify } from 'csv-stringify/sync';
import { getCatalogue, startCatalogueSync } from '../client/catalogue';
import { CATALOGUE_OPERATIONS, type CatalogueView, type PricedEntry } from '../contracts';
import { REGISTRAR_NAMES, type RegistrarName } from '../registrars/names';
import { registrarOption } from './options';
import { CliError, EXIT, isJsonOutput, print, table } from './output';
import { withClient } from './session';

const HEADER = [
  'registrar',
  'account',
  'tld',
  'currency',
  ...CATALOGUE_OPERATIONS.flatMap((op) => [`${op} cost`, `${op} sale`]),
  'years',
];

function years(periods: number[]): string {
  if (periods.length === 0) return '-';
  const first = periods[0]!;
  const last = periods.at(-1)!;
  // Contiguous (every registrar so far): a range; anything else listed.
  return periods.length === last - first + 1 ? (first === last ? `${first}` : `${first}-${last}`) : periods.join(' ');
}

function rowOf(view: CatalogueView, e: PricedEntry, empty: string): string[] {
  return [
    view.registrar,
    view.account,
    `.${e.tld}`,
    e.currency,
    ...CATALOGUE_OPERATIONS.flatMap((op) => [e[op] ?? empty, e.sale[op] ?? empty]),
    years(e.periods),
  ];
}

export function registerPriceCommands(program: Command): void {
  program
    .command('prices')
    .description(
      'cost and sale price per TLD from the synced price catalogue (register, renew, transfer, restore, trade)',
    )
    .addOption(registrarOption('only this registrar (default: every registrar)'))
    .option('--account <name>', 'registrar account', 'default')
    .option('--tld <tld>', 'only this TLD, e.g. .de or co.uk')
    .option('--csv', 'CSV with a header line (empty cells: not published)')
    .addHelpText(
      'after',
      '\nExamples:\n  $ domainflow prices --registrar ispapi --tld .de\n  $ domainflow prices --csv > prices.csv',
    )
    .action(async (opts: { registrar?: RegistrarName; account: string; tld?: string; csv?: boolean }) => {
      const tld = opts.tld?.trim().replace(/^\./, '').toLowerCase();
      if (tld !== undefined && !/^[a-z0-9-]+(\.[a-z0-9-]+)*$/.test(tld)) {
        throw new CliError(`--tld: "${opts.tld}" is not a TLD like .de or co.uk`, EXIT.invalid);
      }
      await withClient(async (client) => {
        const registrars = opts.registrar ? [opts.registrar] : [...REGISTRAR_NAMES];
        const views: CatalogueView[] = [];
        const missing: string[] = [];
        for (const registrar of registrars) {
          const view = await getCatalogue(client, registrar, opts.account, tld);
          if (view && view.revision > 0) views.push(view);
          else missing.push(registrar);
        }
        const hint = (r: string) =>
          `no price catalogue for ${r}/${opts.account} yet: run \`domainflow catalogue sync --registrar ${r}\``;
        if (views.length === 0) throw new CliError(missing.map(hint).join('\n'), EXIT.notFound);
        if (tld !== undefined && views.every((v) => v.entries.length === 0)) {
          throw new CliError(
            `--tld: .${tld} is not sold by ${views.map((v) => v.registrar).join(' or ')}`,
            EXIT.notFound,
          );
        }
        // The accounts not synced yet are named on stderr, so the output itself stays parseable.
        for (const r of missing) if (!isJsonOutput()) console.error(hint(r));
        if (opts.csv) {
          const rows = views.flatMap((v) => v.entries.map((e) => rowOf(v, e, '')));
          process.stdout.write(stringify([HEADER, ...rows]));
          return;
        }
        const rows = views.flatMap((v) => v.entries.map((e) => rowOf(v, e, '-')));
        const synced = views.map((v) => `${v.registrar}/${v.account}: revision ${v.revision}, synced ${v.syncedAt}`);
        print(`${table([HEADER, ...rows])}\n${synced.join('\n')}`, views);
      });
    });

  program
    .command('catalogue')
    .description("the price catalogue's sync with the registrars")
    .command('sync')
    .description("read each registrar account's prices now, apply the markups, emit a change event per changed TLD")
    .addOption(registrarOption('only this registrar (default: every registrar the worker syncs)'))
    .option('--account <name>', 'registrar account', 'default')
    .option('--wait', 'wait for the sync and print what changed')
    .addHelpText('after', '\nExample:\n  $ domainflow catalogue sync --registrar openprovider --wait')
    .action(async (opts: { registrar?: RegistrarName; account: string; wait?: boolean }) => {
      await withClient(async (client, config) => {
        const registrars = opts.registrar ? [opts.registrar] : config.portfolio.registrars;
        if (registrars.length === 0) throw new CliError('no registrars configured: give --registrar', EXIT.invalid);
        const handles = await Promise.all(
          registrars.map((registrar) =>
            startCatalogueSync(client, { registrar, account: opts.account }, { taskQueue: config.temporal.taskQueue }),
          ),
        );
        if (!opts.wait) {
          const ids = handles.map((h) => h.workflowId);
          print(ids.map((id) => `started ${id}`).join('\n'), { workflowIds: ids });
          return;
        }
        const results = await Promise.all(handles.map((h) => h.result()));
        const rows = results.map((r) => [
          `${r.registrar}/${r.account}`,
          String(r.tlds),
          String(r.revision),
          String(r.added),
          String(r.changed),
          String(r.removed),
          String(r.events),
        ]);
        print(table([['account', 'tlds', 'revision', 'added', 'changed', 'removed', 'events'], ...rows]), results);
      });
    });
}

/**
 * `domainflow tlds`: the TLDs the engine knows extra fields for and what each needs, from the field
 * table (src/domain/tld-fields/), with each registrar's name for the field. Offline: it reads no
 * registrar. What each account sells and at what price is `domainflow prices` (./prices.ts), from
 * the synced catalogue, which needs Temporal; this command stays offline.
 */
import type { Command } from 'commander';
import { describeRequirement, TLD_FIELD_SETS, type TldFieldSet } from '../domain/tld-fields';
import { extraFieldName } from '../domain/tld-policy';
import { REGISTRARS } from '../registrars';
import { REGISTRAR_NAMES } from '../registrars/names';
import { getCatalogue } from '../client/catalogue';
import { CliError, EXIT, print, table } from './output';
import { withClient } from './session';

function rowsOf(set: TldFieldSet, sold?: Map<string, string[]>): string[][] {
  const soldBy = sold ? [sold.get(set.suffix)?.join(' ') || '-'] : [];
  if (set.fields.length === 0) return [[`.${set.suffix}`, ...soldBy, '-', '', '', '', '', set.note ?? '']];
  return set.fields.map((f) => [
    `.${set.suffix}`,
    ...soldBy,
    f.key,
    f.values ? f.values.join(' ') : 'text',
    f.required ? describeRequirement(f.required) : 'optional',
    extraFieldName(REGISTRARS.ispapi.tldExtraFields, `x.${set.suffix}`, f.key) ?? '-',
    extraFieldName(REGISTRARS.openprovider.tldExtraFields, `x.${set.suffix}`, f.key) ?? '-',
    f.source,
  ]);
}

export function registerTldCommands(program: Command): void {
  program
    .command('tlds')
    .description('the extra fields each TLD needs (neutral extras key, values, who must give it, registrar names)')
    .option('--tld <tld>', 'only this TLD, e.g. .us or co.uk')
    .option(
      '--sold',
      "add which registrars' default accounts sell each TLD (the synced price catalogue; needs Temporal)",
    )
    .addHelpText('after', '\nExamples:\n  $ domainflow tlds --tld .us\n  $ domainflow tlds --sold')
    .action(async (opts: { tld?: string; sold?: boolean }) => {
      const wanted = opts.tld?.replace(/^\./, '').toLowerCase();
      const sets = wanted === undefined ? TLD_FIELD_SETS : TLD_FIELD_SETS.filter((s) => s.suffix === wanted);
      if (sets.length === 0) throw new CliError(`--tld: .${wanted} is not in the field table`, EXIT.notFound);
      const header = ['tld', 'extras key', 'values', 'required of', 'ispapi', 'openprovider', 'source'];
      if (!opts.sold) {
        print(table([header, ...sets.map((s) => rowsOf(s)).flat()]), sets);
        return;
      }
      // Offline without --sold; with it, one catalogue query per registrar (an account never synced sells nothing here).
      const sold = new Map<string, string[]>();
      await withClient(async (client) => {
        for (const registrar of REGISTRAR_NAMES) {
          for (const e of (await getCatalogue(client, registrar))?.entries ?? []) {
            sold.set(e.tld, [...(sold.get(e.tld) ?? []), registrar]);
          }
        }
      });
      print(
        table([[header[0]!, 'sold by', ...header.slice(1)], ...sets.flatMap((s) => rowsOf(s, sold))]),
        sets.map((s) => ({ ...s, soldBy: sold.get(s.suffix) ?? [] })),
      );
    });
}

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
import { CliError, EXIT, print, table } from './output';

function rowsOf(set: TldFieldSet): string[][] {
  if (set.fields.length === 0) return [[`.${set.suffix}`, '-', '', '', '', '', set.note ?? '']];
  return set.fields.map((f) => [
    `.${set.suffix}`,
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
    .addHelpText('after', '\nExample:\n  $ domainflow tlds --tld .us')
    .action((opts: { tld?: string }) => {
      const wanted = opts.tld?.replace(/^\./, '').toLowerCase();
      const sets = wanted === undefined ? TLD_FIELD_SETS : TLD_FIELD_SETS.filter((s) => s.suffix === wanted);
      if (sets.length === 0) throw new CliError(`--tld: .${wanted} is not in the field table`, EXIT.notFound);
      const header = ['tld', 'extras key', 'values', 'required of', 'ispapi', 'openprovider', 'source'];
      print(table([header, ...sets.flatMap(rowsOf)]), sets);
    });
}

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseCircular, parseDependencyTree } from 'dpdm';

/**
 * No import cycle anywhere in src/, type-only imports included: a cycle through types still says
 * two layers know each other (the old one ran activities -> client -> workflows -> activities).
 * dpdm reads the files with the TypeScript parser; `transform: false` keeps `import type` edges.
 */
async function importCycles(cwd: string, pattern: string): Promise<string[][]> {
  const tree = await parseDependencyTree(pattern, {
    context: cwd,
    cwd,
    transform: false,
    skipDynamicImports: false,
    tsconfig: undefined,
  });
  return parseCircular(tree);
}

describe('import cycles', () => {
  it('src/ has none (type-only imports count)', async () => {
    const repo = path.resolve(__dirname, '../..');
    const cycles = await importCycles(repo, 'src/**/*.ts');
    assert.deepEqual(
      cycles.map((cycle) => cycle.join(' -> ')),
      [],
      'each line is a cycle; break it by moving the shared part down (e.g. into src/contracts)',
    );
  });

  it('the check finds a cycle when there is one (also through import type)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cycles-'));
    try {
      writeFileSync(path.join(dir, 'a.ts'), "import { b } from './b';\nexport const a = () => b;\n");
      writeFileSync(path.join(dir, 'b.ts'), "import type { c } from './c';\nexport const b: typeof c = 1;\n");
      writeFileSync(path.join(dir, 'c.ts'), "import { a } from './a';\nexport const c = 1;\nvoid a;\n");
      const cycles = await importCycles(dir, '*.ts');
      // one cycle of all three files (where it starts depends on the order the files are read)
      assert.deepEqual(
        cycles.map((cycle) => [...cycle].sort()),
        [['a.ts', 'b.ts', 'c.ts']],
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

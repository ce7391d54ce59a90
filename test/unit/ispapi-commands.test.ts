import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ISPAPI_ADAPTER_COMMANDS } from '../../src/registrars/ispapi/commands';
import { COMMAND_NAMES } from '../../src/sandbox/ispapi/commands';
import { referenceCommand } from '../../src/sandbox/ispapi/reference';

const ROOT = path.resolve(__dirname, '..', '..');
const ADAPTER_DIR = path.join(ROOT, 'src', 'registrars', 'ispapi');

/**
 * The commands the adapter's code sends: `COMMAND: 'Name'`, or `COMMAND: SOME_CONSTANT` with
 * `const SOME_CONSTANT = 'Name'` in the same file.
 */
function commandsInCode(): string[] {
  const found = new Set<string>();
  for (const file of readdirSync(ADAPTER_DIR).filter((f) => f.endsWith('.ts'))) {
    const text = readFileSync(path.join(ADAPTER_DIR, file), 'utf8');
    for (const m of text.matchAll(/\bCOMMAND:\s*'([A-Za-z][A-Za-z0-9_]*)'/g)) found.add(m[1]!);
    for (const m of text.matchAll(/\bCOMMAND:\s*([A-Z][A-Z0-9_]*)\b/g)) {
      const value = new RegExp(`const ${m[1]} = '([A-Za-z][A-Za-z0-9_]*)'`).exec(text)?.[1];
      assert.ok(value, `${file}: COMMAND: ${m[1]} names no string constant in the file`);
      found.add(value);
    }
  }
  return [...found].sort();
}

/** The backticked command list after "A role user needs the commands" in docs/configuration.md. */
function documentedRoleCommands(): string[] {
  const doc = readFileSync(path.join(ROOT, 'docs', 'configuration.md'), 'utf8');
  const list = /A role user needs the commands\s*`([^`]+)`/.exec(doc)?.[1];
  assert.ok(list, 'docs/configuration.md has the role-user command list');
  return list.split(/\s+/).filter((c) => c !== '');
}

describe('ISPAPI commands the adapter sends', () => {
  it('ISPAPI_ADAPTER_COMMANDS is exactly what src/registrars/ispapi sends', () => {
    const inCode = commandsInCode();
    assert.ok(inCode.includes('QueryDomainList') && inCode.includes('TradeDomain'), 'the scan finds commands');
    assert.deepEqual([...ISPAPI_ADAPTER_COMMANDS].sort(), inCode);
  });

  it("docs/configuration.md's role-user list names every one of them (a role user set up as documented gets no 531)", () => {
    const documented = documentedRoleCommands();
    const missing = ISPAPI_ADAPTER_COMMANDS.filter((c) => !documented.includes(c));
    assert.deepEqual(missing, [], `add to the role-user list in docs/configuration.md: ${missing.join(' ')}`);
    const stale = documented.filter((c) => !(ISPAPI_ADAPTER_COMMANDS as readonly string[]).includes(c));
    assert.deepEqual(stale, [], `docs/configuration.md lists commands the adapter never sends: ${stale.join(' ')}`);
  });

  it('each has a page in the command reference and is implemented by the sandbox', () => {
    for (const command of ISPAPI_ADAPTER_COMMANDS) {
      assert.ok(referenceCommand(command), `${command}: no page in the reference table`);
      assert.ok(COMMAND_NAMES.includes(command), `${command}: not implemented by the ISPAPI sandbox`);
    }
  });
});

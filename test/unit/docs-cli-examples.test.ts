import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { program } from '../../src/cli/main';

const ROOT = path.resolve(__dirname, '..', '..');

interface Example {
  where: string;
  words: string[];
}

/** Shell words of one command line: quotes grouped, a `# comment` and anything after `;`, `|`, `&&` dropped. */
function shellWords(line: string): string[] {
  const words: string[] = [];
  for (const m of line.matchAll(/'([^']*)'|"((?:[^"\\]|\\.)*)"|(#.*$)|(;|\||&&)|(\S+)/g)) {
    if (m[3] !== undefined || m[4] !== undefined) break;
    words.push(m[1] ?? m[2] ?? m[5]!);
  }
  return words;
}

/**
 * `domainflow …` command lines in a page: in shell blocks and in code spans. Usage syntax (with `[`,
 * `|` or `…`, like the command table in docs/cli.md) is not an example and is skipped.
 */
export function cliExamples(file: string, markdown: string): Example[] {
  const found: Example[] = [];
  let inShell = false;
  markdown.split('\n').forEach((line, i) => {
    const fence = /^\s*```(\w*)/.exec(line);
    if (fence) {
      inShell = !inShell && ['sh', 'bash', 'shell', 'console'].includes(fence[1]!);
      return;
    }
    const candidates = inShell ? [line.trim()] : [...line.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
    for (const text of candidates) {
      // An example starts with the command (a prompt `$ ` or `npx ` may come first).
      const at = /^(?:\$ )?(?:npx )?domainflow (?=\S)/.exec(text);
      if (!at) continue;
      const words = shellWords(text.replace(/^(?:\$ )?(?:npx )?/, ''));
      if (words.some((w) => /[[…|]/.test(w))) continue; // usage syntax, not an example
      if (words[0] === 'domainflow' && words.length > 1)
        found.push({ where: `${file}:${i + 1}`, words: words.slice(1) });
    }
  });
  return found;
}

/** What is wrong with one example: an unknown command or an option the command does not have. */
export function problemsOf(root: Command, words: string[]): string[] {
  let cmd = root;
  let rest = words;
  while (cmd.commands.length > 0) {
    const next = rest[0];
    const sub = cmd.commands.find((c) => c.name() === next || c.aliases().includes(next ?? ''));
    if (!sub) return [`no command "${[...words.slice(0, words.length - rest.length), next ?? ''].join(' ')}"`];
    cmd = sub;
    rest = rest.slice(1);
  }
  const known = new Set(['--help', '-h']);
  for (let c: Command | null = cmd; c; c = c.parent) for (const o of c.options) if (o.long) known.add(o.long);
  return rest
    .filter((w) => w.startsWith('--'))
    .map((w) => w.split('=')[0]!)
    .filter((o) => !known.has(o))
    .map((o) => `${cmd.name()}: no option ${o}`);
}

function pages(): string[] {
  return [
    'README.md',
    ...readdirSync(path.join(ROOT, 'docs'))
      .filter((f) => f.endsWith('.md'))
      .map((f) => `docs/${f}`),
  ];
}

describe('domainflow command lines in README.md and docs/*.md', () => {
  it('finds examples and tells a wrong one', () => {
    const examples = cliExamples(
      'x.md',
      [
        'run `domainflow renew example.com --expires-on 2026-12-01 --wait`',
        '`transfer <domain> [--ns H]…` and `domainflow account deposit|reserve`',
        '```sh',
        "npx domainflow transfer example.com --auth-code 'a b' --ns ns1.example.net   # comment --bogus",
        '```',
      ].join('\n'),
    );
    assert.deepEqual(
      examples.map((e) => `${e.where} ${e.words.join(' ')}`),
      [
        'x.md:1 renew example.com --expires-on 2026-12-01 --wait',
        'x.md:4 transfer example.com --auth-code a b --ns ns1.example.net',
      ],
    );
    assert.deepEqual(problemsOf(program, ['renew', 'example.com', '--expires-on', '2026-12-01', '--json']), []);
    assert.deepEqual(problemsOf(program, ['renew', 'example.com', '--expiry', '2026-12-01']), [
      'renew: no option --expiry',
    ]);
    assert.deepEqual(problemsOf(program, ['domain', 'delete', 'example.com']), ['no command "domain delete"']);
  });

  it('name real commands with real options (the docs follow a renamed command or option)', () => {
    const examples = pages().flatMap((f) => cliExamples(f, readFileSync(path.join(ROOT, f), 'utf8')));
    assert.ok(examples.length > 20, `only ${examples.length} examples found: the scan is broken`);
    const problems = examples.flatMap((e) => problemsOf(program, e.words).map((p) => `${e.where}: ${p}`));
    assert.deepEqual(problems, [], problems.join('\n'));
  });
});

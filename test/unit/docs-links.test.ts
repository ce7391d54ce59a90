import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
/** The README is the front door; everything else lives in docs/ (issue 13). */
const README_MAX_BYTES = 15 * 1024;

interface Link {
  line: number;
  target: string;
}

/** Drops fenced code blocks (keeping line numbers) so `# comment` lines and sample links are not read. */
function withoutFences(markdown: string): string[] {
  let fence: string | undefined;
  return markdown.split('\n').map((line) => {
    const opener = /^\s*(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence === undefined && opener !== undefined) {
      fence = opener;
      return '';
    }
    if (fence !== undefined) {
      if (line.trim().startsWith(fence)) fence = undefined;
      return '';
    }
    return line;
  });
}

/** Inline links and images `[text](target "title")` and reference definitions `[id]: target`, outside code. */
export function markdownLinks(markdown: string): Link[] {
  const links: Link[] = [];
  withoutFences(markdown).forEach((raw, i) => {
    const line = raw.replace(/`[^`]*`/g, (code) => ' '.repeat(code.length));
    for (const m of line.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g))
      links.push({ line: i + 1, target: m[1]! });
    const definition = /^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+"[^"]*")?\s*$/.exec(line);
    if (definition) links.push({ line: i + 1, target: definition[1]! });
  });
  return links;
}

/**
 * GitHub's heading anchors: the heading's text without Markdown syntax, lower-cased, punctuation
 * dropped (letters, digits, `_`, `-` and spaces stay), spaces turned into `-`; a repeated slug gets
 * `-1`, `-2`, … in order.
 */
export function headingSlugs(markdown: string): Set<string> {
  const slugs = new Set<string>();
  const seen = new Map<string, number>();
  for (const line of withoutFences(markdown)) {
    const heading = /^ {0,3}#{1,6}\s+(.*?)(?:\s+#+)?\s*$/.exec(line)?.[1];
    if (heading === undefined) continue;
    const text = heading
      .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1') // links and images: their text
      .replace(/<[^>]+>/g, '') // HTML tags
      .replace(/[`*~]/g, '') // code spans and emphasis markers (underscores stay, as on GitHub)
      .trim();
    const base = text
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
      .replace(/ /g, '-');
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    slugs.add(count === 0 ? base : `${base}-${count}`);
  }
  return slugs;
}

/** What is wrong with each relative link of `file` (a path under ROOT): missing file or heading. */
export function brokenLinks(file: string, read: (p: string) => string = (p) => readFileSync(p, 'utf8')): string[] {
  const problems: string[] = [];
  const source = path.join(ROOT, file);
  for (const { line, target } of markdownLinks(read(source))) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//')) continue; // http:, mailto: …
    const hash = target.indexOf('#');
    const filePart = decodeURI(hash < 0 ? target : target.slice(0, hash));
    const anchor = hash < 0 ? undefined : decodeURIComponent(target.slice(hash + 1));
    const resolved = filePart === '' ? source : path.resolve(path.dirname(source), filePart);
    const where = `${file}:${line}: ${target}`;
    if (filePart !== '' && !existsSync(resolved)) {
      problems.push(`${where}: no such file`);
      continue;
    }
    if (anchor === undefined || anchor === '' || !resolved.endsWith('.md')) continue;
    if (!headingSlugs(read(resolved)).has(anchor)) {
      problems.push(`${where}: ${path.relative(ROOT, resolved)} has no heading with anchor #${anchor}`);
    }
  }
  return problems;
}

/**
 * Repository paths named in code spans (`src/…`, `test/…`, `scripts/…` …) outside fenced blocks: a
 * moved or deleted file leaves the page pointing nowhere. Globs and placeholders are skipped.
 */
export function repositoryPaths(markdown: string): Link[] {
  const paths: Link[] = [];
  withoutFences(markdown).forEach((line, i) => {
    for (const span of line.matchAll(/`([^`]+)`/g)) {
      for (const m of span[1]!.matchAll(/(?:^|[\s(=])((?:src|test|scripts|bench|docs|bin|templates)\/[^\s`'"),]*)/g)) {
        const target = m[1]!.replace(/[.:;]+$/, '');
        if (!/[*<>…{}]/.test(target)) paths.push({ line: i + 1, target });
      }
    }
  });
  return paths;
}

function documentationFiles(): string[] {
  const docs = readdirSync(path.join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`);
  return ['README.md', ...docs.sort()];
}

describe('documentation links', () => {
  it('reads GitHub heading anchors the way GitHub makes them', () => {
    const slugs = headingSlugs(
      [
        '# domainflow',
        '## The `transferDomain` workflow (contract for any Temporal client)',
        '## Pointing it at the real HEXONET OT&E system',
        '```sh',
        '# not a heading',
        '```',
        '## Tests',
        '## Tests',
        '### [Linked](x.md) *title*',
      ].join('\n'),
    );
    assert.deepEqual(
      [...slugs],
      [
        'domainflow',
        'the-transferdomain-workflow-contract-for-any-temporal-client',
        'pointing-it-at-the-real-hexonet-ote-system',
        'tests',
        'tests-1',
        'linked-title',
      ],
    );
  });

  it('finds links outside code only', () => {
    const links = markdownLinks(
      'see [a](a.md#x) and `[b](b.md)`\n```\n[c](c.md)\n```\n[d]: d.md\n![img](i.png "t") <https://x.y>',
    );
    assert.deepEqual(
      links.map((l) => `${l.line}:${l.target}`),
      ['1:a.md#x', '5:d.md', '6:i.png'],
    );
  });

  it('reports a missing file and a missing heading', () => {
    const files: Record<string, string> = {
      [path.join(ROOT, 'docs', 'fake.md')]:
        '# Fake\n\n[ok](#fake) [gone](nowhere.md) [bad anchor](transfer.md#no-such-heading)\n',
    };
    const read = (p: string): string => files[p] ?? readFileSync(p, 'utf8');
    const problems = brokenLinks('docs/fake.md', read);
    assert.equal(problems.length, 2, problems.join('\n'));
    assert.match(problems[0]!, /nowhere\.md: no such file/);
    assert.match(problems[1]!, /docs\/transfer\.md has no heading with anchor #no-such-heading/);
  });

  it('every relative link in README.md and docs/*.md resolves to a file and, for #anchors, a heading', () => {
    const files = documentationFiles();
    assert.ok(files.includes('docs/architecture.md') && files.length > 10, `found ${files.join(', ')}`);
    const checked = files.flatMap((f) => markdownLinks(readFileSync(path.join(ROOT, f), 'utf8')));
    assert.ok(checked.length > 50, `only ${checked.length} links found: the scan is broken`);
    const problems = files.flatMap((f) => brokenLinks(f));
    assert.deepEqual(problems, [], `broken links:\n${problems.join('\n')}`);
  });

  it('every repository path named in code in README.md and docs/*.md exists', () => {
    assert.deepEqual(
      repositoryPaths(
        'run `node --import tsx src/workers/main.ts`, see `src/client`; `test/workflow/renew-*.test.ts`',
      ).map((l) => l.target),
      ['src/workers/main.ts', 'src/client'],
    );
    const named = documentationFiles().flatMap((file) => repositoryPaths(readFileSync(path.join(ROOT, file), 'utf8')));
    assert.ok(named.length > 30, `only ${named.length} paths found: the scan is broken`);
    const missing = documentationFiles().flatMap((file) =>
      repositoryPaths(readFileSync(path.join(ROOT, file), 'utf8'))
        .filter((p) => !existsSync(path.join(ROOT, p.target)))
        .map((p) => `${file}:${p.line}: ${p.target}`),
    );
    assert.deepEqual(missing, [], `paths that do not exist (moved? update the page):\n${missing.join('\n')}`);
  });
});

describe('README.md', () => {
  it(`is the front door: at most ${README_MAX_BYTES} bytes (details belong in docs/)`, () => {
    const size = statSync(path.join(ROOT, 'README.md')).size;
    assert.ok(size <= README_MAX_BYTES, `README.md is ${size} bytes; move details to docs/`);
  });

  it('links to the architecture page in the repository, not outside it', () => {
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    assert.match(readme, /\]\(docs\/architecture\.md\)/);
    assert.doesNotMatch(readme, /\.\.\/shared\/DESIGN\.md/);
  });
});

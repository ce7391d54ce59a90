import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { IspapiRegistrar } from '../../src/registrars/ispapi/adapter';
import type { OpenproviderRegistrar } from '../../src/registrars/openprovider/adapter';
import { RegistrarTemporaryError } from '../../src/registrars/errors';
import type { PortfolioEntry, PortfolioRegistrar } from '../../src/registrars/portfolio';
import type { IspapiSandbox } from '../../src/sandbox/ispapi/server';
import { type OpenproviderSandbox, SANDBOX_OPENPROVIDER_DEFAULT_HANDLE } from '../../src/sandbox/openprovider/server';
import { maxPerSecond } from '../helpers/portfolio-env';
import { startIspapi, startOpenprovider, type IspapiSetup, type OpenproviderSetup } from '../helpers/registrars';

async function listAll(
  registrar: PortfolioRegistrar,
  limit: number,
): Promise<{ entries: PortfolioEntry[]; pages: number }> {
  const entries: PortfolioEntry[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await registrar.listPortfolio({ cursor, limit });
    assert.deepEqual(page.problems, []);
    entries.push(...page.entries);
    pages += 1;
    cursor = page.next;
  } while (cursor !== undefined);
  return { entries, pages };
}

describe('portfolio listing against the sandboxes (bulk seed, QueryDomainList / GET /domains, rate limits)', () => {
  let ispapiSandbox: IspapiSandbox;
  let opSandbox: OpenproviderSandbox;
  let ispapi: IspapiRegistrar;
  let op: OpenproviderRegistrar;
  let setups: [IspapiSetup, OpenproviderSetup] | undefined;

  before(async () => {
    setups = await Promise.all([
      startIspapi({ client: { requestTimeoutMs: 10_000 } }),
      startOpenprovider({
        client: { requestTimeoutMs: 10_000 },
        adapter: { handles: { owner: SANDBOX_OPENPROVIDER_DEFAULT_HANDLE } },
      }),
    ]);
    [{ sandbox: ispapiSandbox, adapter: ispapi }, { sandbox: opSandbox, adapter: op }] = setups;
  });
  after(async () => {
    await Promise.all((setups ?? []).map((s) => s.close()));
  });

  it('ISPAPI: 2,345 domains in 3 QueryDomainList pages, by name, with the facts StatusDomain gives', async () => {
    ispapiSandbox.reset();
    const seeded = ispapiSandbox.seedDomains({ count: 2345, prefix: 'list-', tld: 'com' });
    assert.deepEqual(seeded, { seeded: 2345, first: 'list-0000.com', last: 'list-2344.com' });
    ispapiSandbox.seedDomain({
      domain: 'list-0007.com',
      nameservers: ['ns1.other.example', 'ns2.other.example', 'ns3.other.example'],
      renewalMode: 'AUTORENEW',
      transferLock: true,
    });
    await ispapi.setPrivacy('list-0008.com', true);
    const before = ispapiSandbox.journal().length;
    const { entries, pages } = await listAll(ispapi, 1000);
    assert.equal(pages, 3);
    assert.equal(ispapiSandbox.journal().length - before, 3, 'one call per page');
    assert.equal(entries.length, 2345);
    assert.deepEqual(
      entries.map((e) => e.domain),
      [...entries.map((e) => e.domain)].sort(),
    );
    const byName = new Map(entries.map((e) => [e.domain, e.facts]));
    const plain = byName.get('list-0001.com')!;
    assert.equal(plain.phase, 'active');
    assert.equal(plain.registryExpiresAt, ispapiSandbox.domain('list-0001.com')!.expiresAt);
    assert.equal(plain.registrarAutorenew, false);
    assert.equal(plain.privacy, false);
    assert.equal(plain.transferLock, false);
    assert.deepEqual(plain.nameservers, ['ns1.portfolio.example', 'ns2.portfolio.example']);
    const odd = byName.get('list-0007.com')!;
    assert.equal(odd.registrarAutorenew, true);
    assert.equal(odd.transferLock, true);
    assert.deepEqual(odd.nameservers, ['ns1.other.example', 'ns2.other.example', 'ns3.other.example']);
    assert.equal(byName.get('list-0008.com')!.privacy, true);
    // The wide answer carries DOMAINAUTH (auth codes): nothing but the portfolio's facts is kept.
    const kept = new Set(entries.flatMap((e) => Object.keys(e.facts)));
    assert.deepEqual([...kept].sort(), [
      'displayExpiresAt',
      'nameservers',
      'phase',
      'privacy',
      'registrarAutorenew',
      'registrarStatus',
      'registryExpiresAt',
      'transferLock',
    ]);

    // The same rules as the single-domain read: a listed domain never differs from a checked one.
    const checked = await ispapi.readLifecycle('list-0001.com');
    assert.equal(checked.phase, plain.phase);
    assert.equal(checked.registryExpiresAt, plain.registryExpiresAt);
    assert.equal(checked.displayExpiresAt, plain.displayExpiresAt);
  });

  it('Openprovider: 2,345 domains in 3 GET /domains pages with the facts readLifecycle gives', async () => {
    opSandbox.reset();
    opSandbox.seedDomains({ count: 2345, prefix: 'oplist-', tld: 'com' });
    const { entries, pages } = await listAll(op, 1000);
    assert.equal(pages, 3);
    assert.equal(entries.length, 2345);
    assert.equal(opSandbox.journal({ route: 'GET /v1beta/domains' }).length, 3);
    const listed = entries.find((e) => e.domain === 'oplist-0042.com')!.facts;
    const checked = await op.readLifecycle('oplist-0042.com');
    assert.equal(listed.phase, 'active');
    assert.equal(listed.registryExpiresAt, checked.registryExpiresAt);
    assert.equal(listed.displayExpiresAt, checked.displayExpiresAt);
    assert.equal(listed.registrarAutorenew, false);
    await op.setRegistrarAutorenew('oplist-0042.com', true);
    const after = (await op.listPortfolio({ limit: 100 })).entries.find((e) => e.domain === 'oplist-0042.com')!;
    assert.equal(after.facts.registrarAutorenew, true);
  });

  it('ISPAPI rate limit: over the limit the sandbox answers 425 (temporary) and the journal shows it', async () => {
    ispapiSandbox.reset();
    ispapiSandbox.seedDomains({ count: 10, prefix: 'rate-' });
    ispapiSandbox.setRateLimit(5);
    const results = await Promise.allSettled(Array.from({ length: 12 }, () => ispapi.listPortfolio({ limit: 5 })));
    const refused = results.filter((r) => r.status === 'rejected');
    assert.equal(refused.length, 7);
    for (const r of refused) assert.ok((r as PromiseRejectedResult).reason instanceof RegistrarTemporaryError);
    const journal = ispapiSandbox.journal({ command: 'QueryDomainList' });
    assert.equal(journal.filter((e) => e.code === 425).length, 7);
    assert.ok(maxPerSecond(journal.filter((e) => e.code === 200).map((e) => Date.parse(e.at))) <= 5);
    assert.deepEqual(ispapiSandbox.rateLimit(), { callsPerSecond: 5, rejected: 7 });
    ispapiSandbox.setRateLimit(null);
  });

  it('Openprovider rate limit: code 50 "Calls limit has been reached", classified temporary', async () => {
    opSandbox.reset();
    opSandbox.seedDomains({ count: 10, prefix: 'oprate-' });
    await op.listPortfolio({ limit: 5 }); // logs in first
    opSandbox.setRateLimit(3);
    const results = await Promise.allSettled(Array.from({ length: 8 }, () => op.listPortfolio({ limit: 5 })));
    const refused = results.filter((r) => r.status === 'rejected');
    assert.equal(refused.length, 5);
    for (const r of refused) assert.ok((r as PromiseRejectedResult).reason instanceof RegistrarTemporaryError);
    const limited = opSandbox.journal({ route: 'GET /v1beta/domains' }).filter((e) => e.code === 50);
    assert.equal(limited.length, 5);
    assert.equal(limited[0]!.status, 500);
    opSandbox.setRateLimit(null);
  });

  it('both sandboxes seed 100,000 domains fast and page through them cheaply', async () => {
    ispapiSandbox.reset();
    opSandbox.reset();
    let t = performance.now();
    ispapiSandbox.seedDomains({ count: 100_000, prefix: 'big-' });
    const ispapiSeedMs = performance.now() - t;
    t = performance.now();
    opSandbox.seedDomains({ count: 100_000, prefix: 'opbig-' });
    const opSeedMs = performance.now() - t;
    // Seeding blocked the sandboxes' event loop past the keep-alive timeout: pooled sockets are gone.
    await ispapi.listPortfolio({ limit: 1 }).catch(() => undefined);
    await op.listPortfolio({ limit: 1 }).catch(() => undefined);
    t = performance.now();
    const ispapiPage = await ispapi.listPortfolio({ cursor: '50000', limit: 1000 });
    const ispapiPageMs = performance.now() - t;
    t = performance.now();
    const opPage = await op.listPortfolio({ cursor: '50000', limit: 1000 });
    const opPageMs = performance.now() - t;
    assert.equal(ispapiPage.entries.length, 1000);
    assert.equal(ispapiPage.total, 100_000);
    assert.equal(opPage.entries.length, 1000);
    assert.equal(opPage.total, 100_000);
    console.log(
      `# seed 100k: ispapi ${Math.round(ispapiSeedMs)} ms, openprovider ${Math.round(opSeedMs)} ms; ` +
        `one 1000-domain page: ispapi ${Math.round(ispapiPageMs)} ms, openprovider ${Math.round(opPageMs)} ms`,
    );
    assert.ok(ispapiSeedMs < 10_000 && opSeedMs < 10_000, 'seeding 100,000 domains takes seconds');
    assert.ok(ispapiPageMs < 5_000 && opPageMs < 5_000, 'a page over 100,000 domains takes less than seconds');
  });
});

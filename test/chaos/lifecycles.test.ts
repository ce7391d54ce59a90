import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTransfer } from '../../src/client/transfer';
import { startRegistration } from '../../src/client/register';
import { startRenewal } from '../../src/client/renew';
import {
  chaosSettings,
  Dice,
  ispapiChaos,
  openproviderChaos,
  sleep,
  startChaosWorld,
  type ChaosWorld,
} from './harness';
import { assertBackorders, backorderResults, startBackorders } from './backorders';

/**
 * Transfers (with the nameserver update), registrations and renewals on both registrars, and
 * backorders on ISPAPI against two prepaid customer accounts (test/chaos/backorders.ts), under
 * faults in both sandboxes, a worker SIGKILLed and restarted, and the dev server stopped and
 * started again on the same SQLite file while they run. Every workflow must reach its right end,
 * and every side effect must have happened exactly once.
 *
 * Short form (npm test): one round. Long form: `npm run test:chaos` (CHAOS_ROUNDS, default 4),
 * where each round also kills the worker at a moment that may be in the middle of a registrar call.
 * Repeat a run with the seed it prints: CHAOS_SEED=<seed> npm run test:chaos.
 */
const settings = chaosSettings();
const DAY = 86_400_000;
const NS_OLD = ['ns1.old-dns.example', 'ns2.old-dns.example'];
const NS_NEW = ['ns1.chaos-dns.example', 'ns2.chaos-dns.example'];
const AUTH = 'Chaos-Auth-Code-1';
const OWNER = {
  firstName: 'Cora',
  lastName: 'Chaos',
  street: ['Chaosweg 1'],
  city: 'Utrecht',
  postalCode: '3511 AA',
  countryCode: 'NL',
  phone: '+31.201234567',
  email: 'cora@chaos.example',
};
const RESULT_TIMEOUT_MS = 10 * 60_000;

const noonIn = (days: number): Date => new Date(Math.floor(Date.now() / DAY) * DAY + days * DAY + 12 * 3_600_000);

describe(`chaos: lifecycles under faults, worker kills and a server restart (seed ${settings.seed}, ${settings.rounds} round(s))`, () => {
  let world: ChaosWorld;
  before(async () => {
    console.log(
      `# chaos seed ${settings.seed}; repeat with CHAOS_SEED=${settings.seed} CHAOS_ROUNDS=${settings.rounds}`,
    );
    world = await startChaosWorld('lifecycles');
  });
  after(async () => {
    await world?.teardown();
  });

  for (let round = 1; round <= settings.rounds; round++) {
    const seed = settings.seed + round - 1;
    it(`round ${round} (seed ${seed})`, async () => {
      const started = Date.now();
      const dice = new Dice(seed);
      const { ispapi, openprovider, client, taskQueue } = world;
      const firedBefore = ispapi.faults().fired.length;
      const opJournalBefore = openprovider.journal().length;
      const killsBefore = world.workerExits;
      const tag = `${round}-${seed % 100_000}`;
      const names = {
        transferI: `chaos-ti-${tag}.com`,
        transferO: `chaos-to-${tag}.com`,
        registerI: `new-chaos-ri-${tag}.com`,
        registerO: `new-chaos-ro-${tag}.com`,
        renewI: `chaos-ni-${tag}.com`,
        renewO: `chaos-no-${tag}.com`,
      };
      ispapi.seedExternalDomain({ domain: names.transferI, authCode: AUTH, nameservers: NS_OLD });
      openprovider.seedExternalDomain({ domain: names.transferO, authCode: AUTH, nameservers: NS_OLD });
      const expires = noonIn(40);
      const expiresOn = expires.toISOString().slice(0, 10);
      ispapi.seedDomain({ domain: names.renewI, nameservers: NS_OLD, expiresAt: expires });
      openprovider.seedDomain({
        domain: names.renewO,
        nameservers: NS_OLD,
        expiresAt: expires,
        registryExpiresAt: expires,
        autorenew: 'off',
      });

      for (const sandbox of [ispapi, openprovider]) {
        sandbox.clearFaults();
        sandbox.setFaultSeed(seed);
      }
      // The short form halves the chance of each fault: a call failed three times in a row waits
      // 10 + 20 + 40 s of retry backoff, which alone would take most of its two minutes.
      const chance = settings.rounds === 1 ? 0.06 : 0.12;
      for (const f of ispapiChaos(seed, chance)) ispapi.injectFault(f);
      for (const f of openproviderChaos(seed, chance)) openprovider.injectFault(f);

      const polling = { initialInterval: '1s', backoffCoefficient: 1.5, maxInterval: '4s', deadline: '1 hour' };
      const opts = { taskQueue };
      const handles = {
        transferI: (
          await startTransfer(client, { domain: names.transferI, authCode: AUTH, nameservers: NS_NEW, polling }, opts)
        ).handle,
        transferO: (
          await startTransfer(
            client,
            { domain: names.transferO, authCode: AUTH, nameservers: NS_NEW, registrar: 'openprovider', polling },
            opts,
          )
        ).handle,
        registerI: (
          await startRegistration(
            client,
            { domain: names.registerI, contacts: { owner: OWNER }, nameservers: NS_NEW },
            opts,
          )
        ).handle,
        registerO: (
          await startRegistration(
            client,
            { domain: names.registerO, registrar: 'openprovider', contacts: { owner: OWNER }, nameservers: NS_NEW },
            opts,
          )
        ).handle,
        renewI: (await startRenewal(client, { domain: names.renewI, expiresOn }, opts)).handle,
        renewO: (await startRenewal(client, { domain: names.renewO, registrar: 'openprovider', expiresOn }, opts))
          .handle,
      };
      const backorders = await startBackorders(world, tag, dice);

      // ---- the chaos: kills and a server restart at seeded moments while the workflows run ----
      const kills = settings.rounds > 1 ? 2 : 1;
      for (let k = 0; k < kills; k++) {
        await sleep(dice.between(500, 4000));
        // The short form waits for a quiet moment: an activity killed mid-call is retried only when
        // its start-to-close timeout (2 minutes) runs out. The long form's second kill does not wait.
        if (k === 0) {
          const waitUntil = Date.now() + 5000;
          while (!world.quiet() && Date.now() < waitUntil) await sleep(20);
        }
        await world.killWorker();
      }
      await sleep(dice.between(1000, 4000));
      // Likewise: an activity running while the server is down loses its completion and waits out
      // its start-to-close timeout; the short form restarts at a quiet moment.
      if (settings.rounds === 1) {
        const waitUntil = Date.now() + 5000;
        while (!world.quiet() && Date.now() < waitUntil) await sleep(20);
      }
      await world.restartServer(dice.between(500, 3000));
      const restartedAt = Date.now();
      // A client that lost the answer to a deposit sends it again.
      await backorders.repeatDeposit();

      const [tI, tO, rI, rO, nI, nO] = await Promise.all([
        world.result(handles.transferI, RESULT_TIMEOUT_MS),
        world.result(handles.transferO, RESULT_TIMEOUT_MS),
        world.result(handles.registerI, RESULT_TIMEOUT_MS),
        world.result(handles.registerO, RESULT_TIMEOUT_MS),
        world.result(handles.renewI, RESULT_TIMEOUT_MS),
        world.result(handles.renewO, RESULT_TIMEOUT_MS),
      ]);
      const bo = await backorderResults(world, backorders, RESULT_TIMEOUT_MS);

      const fired = ispapi
        .faults()
        .fired.slice(firedBefore)
        .filter((f) => f.fault !== 'latency');
      const took = (x: { finishedAt: string }) => Math.round((Date.parse(x.finishedAt) - started) / 1000);
      console.log(
        `# round ${round}: ${Math.round((Date.now() - started) / 1000)} s (transfers ${took(tI)}/${took(tO)} s, ` +
          `registrations ${took(rI)}/${took(rO)} s, renewals ${took(nI)}/${took(nO)} s, ` +
          `backorders ${[bo.caught, bo.failed, bo.auctionA, bo.auctionB].map(took).join('/')} s); worker kills ${world.workerExits - killsBefore}; ` +
          `ISPAPI faults fired: ${fired.map((f) => `${f.fault}@${f.command}`).join(', ')}; ` +
          `Openprovider faults hit: ${openprovider
            .journal()
            .slice(opJournalBefore)
            .filter((e) => e.injected || e.lost)
            .map((e) => `${e.lost ? 'lost@' : ''}${e.route} ${e.domain ?? ''}`.trim())
            .join(', ')}`,
      );

      // ---- end states ----
      for (const t of [tI, tO]) assert.equal(t.outcome, 'completed', JSON.stringify(t));
      // ISPAPI keeps the old nameservers through a transfer (then one ModifyDomain); Openprovider
      // takes the new ones with the transfer order itself, so there is nothing left to update.
      assert.equal(tI.nameserversUpdated, true, JSON.stringify(tI));
      assert.equal(tO.nameserversUpdated, false, JSON.stringify(tO));
      for (const r of [rI, rO]) assert.equal(r.outcome, 'registered', JSON.stringify(r));
      for (const n of [nI, nO]) {
        assert.equal(n.outcome, 'renewed', JSON.stringify(n));
        // Billing invoices by this flag: true whichever attempt paid, also one killed mid-call.
        assert.equal(n.charged, true, JSON.stringify(n));
        assert.ok(n.newExpiresAt && n.newExpiresAt.slice(0, 10) > expiresOn, JSON.stringify(n));
      }
      // Workflows started before the server stopped finished after it came back.
      for (const finished of [tI, tO, rI, rO, nI, nO].map((x) => Date.parse(x.finishedAt))) {
        assert.ok(finished >= started);
      }
      assert.ok(
        [tI, tO, rI, rO, nI, nO].some((x) => Date.parse(x.finishedAt) >= restartedAt),
        'some workflow was still running when the server restarted',
      );

      // ---- side effects: exactly once on the registrar ----
      // A retry may send the command again and be told "done already" (540, 554, 555): only one succeeds.
      const ispapiCalls = (command: string, domain: string) =>
        ispapi.journal({ command, domain }).filter((e) => e.code >= 200 && e.code < 300);
      assert.equal(ispapiCalls('TransferDomain', names.transferI).length, 1, 'one ISPAPI TransferDomain');
      assert.equal(
        ispapiCalls('ModifyDomain', names.transferI).filter((e) => e.params.NAMESERVER0 !== undefined).length,
        1,
        'one ISPAPI nameserver update',
      );
      assert.deepEqual(ispapi.domain(names.transferI)?.nameservers, NS_NEW);
      assert.equal(ispapiCalls('AddDomain', names.registerI).length, 1, 'one ISPAPI AddDomain');
      const ispapiCharges = (domain: string) => ispapi.charges({ domain }).map((c) => c.kind);
      assert.deepEqual(ispapiCharges(names.transferI), ['transfer']);
      assert.deepEqual(ispapiCharges(names.registerI), ['register']);
      assert.equal(ispapiCharges(names.renewI).length, 1, `one renewal charge: ${ispapiCharges(names.renewI).join()}`);

      const executed = (route: string, domain: string) =>
        openprovider.journal({ route, domain }).filter((e) => !e.injected && (e.code === 0 || e.lost));
      assert.equal(executed('POST /v1beta/domains/transfer', names.transferO).length, 1, 'one Openprovider transfer');
      assert.equal(
        executed('PUT /v1beta/domains/{id}', names.transferO).filter((e) =>
          JSON.stringify(e.body ?? {}).includes('name_servers'),
        ).length,
        0,
        'no Openprovider nameserver update after the transfer',
      );
      assert.deepEqual([...(openprovider.domain(names.transferO)?.nameservers ?? [])].sort(), NS_NEW);
      assert.equal(executed('POST /v1beta/domains', names.registerO).length, 1, 'one Openprovider registration');
      const opCharges = (domain: string) => openprovider.charges({ domain }).map((c) => c.kind);
      assert.deepEqual(opCharges(names.transferO), ['transfer']);
      assert.deepEqual(opCharges(names.registerO), ['register']);
      assert.deepEqual(opCharges(names.renewO), ['renew']);

      await assertBackorders(world, backorders, bo);
    });
  }
});

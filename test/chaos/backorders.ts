import assert from 'node:assert/strict';
import { deposit, getAccount } from '../../src/client/account';
import { getBackorderState, startBackorder, type StartedBackorder } from '../../src/client/backorder';
import type { Contact } from '../../src/domain/contact';
import type { BackorderResult, BackorderState } from '../../src/contracts';
import { eventually } from '../helpers/temporal';
import { sleep, type ChaosWorld, type Dice } from './harness';

/**
 * Backorders in a chaos round: two funded customer accounts and four backorders on ISPAPI, run
 * next to the other lifecycles under the same faults, worker kills and server restart.
 *
 * - customer A's `caught` name is caught: SUCCESSFUL, the price captured once;
 * - A's `failed` name is not caught: FAILED, the reservation released;
 * - A and B both backorder `auction`: the registry auctions it, one wins and one loses, both
 *   reservations released (an auction is paid at the auction house).
 *
 * The drop is ten minutes ahead with windows that open at once, so nothing waits for real time:
 * the backorders finish well inside the round. Deposits carry seeded cents, so the balances are
 * checked to the cent; one deposit is sent again after the restart and must not count twice.
 */

/** com:USD, as the harness sets DOMAINFLOW_BACKORDER_PRICES for the worker. */
export const BACKORDER_PRICE = 19_00;
// Ahead of the first drop-list read even when that call is lost to a kill (its 2-minute timeout) and
// retried: a name no longer on the list is never placed (a backorder then waits for it to drop again).
const DROP_AHEAD_MS = 10 * 60_000;
const TIMING = {
  activateBefore: '598s',
  processBefore: '597s',
  // Far past the round: a backorder that "missed the drop" would be a different test.
  giveUpAfterDrop: '30m',
  recheckEvery: '1m',
  pollEvery: '1s',
};

const owner = (first: string, email: string): Contact => ({
  firstName: first,
  lastName: 'Backorder',
  street: ['Dropstraat 9'],
  city: 'Utrecht',
  postalCode: '3511 AA',
  countryCode: 'NL',
  phone: '+31.301234567',
  email,
});

export interface ChaosBackorders {
  names: { caught: string; failed: string; auction: string };
  customers: { a: string; b: string };
  /** minor units deposited, per customer (the repeated deposit counted once) */
  deposited: { a: number; b: number };
  handles: {
    caught: StartedBackorder;
    failed: StartedBackorder;
    auctionA: StartedBackorder;
    auctionB: StartedBackorder;
  };
  /** which customer the seed lets win the auction */
  auctionWinner: 'a' | 'b';
  /** settles the auction once both applications are placed and both workflows saw the auction */
  auction: Promise<void>;
  /** A's second deposit, to be sent again after the restart */
  repeatDeposit(): Promise<void>;
}

export async function startBackorders(world: ChaosWorld, tag: string, dice: Dice): Promise<ChaosBackorders> {
  const { ispapi, client, taskQueue } = world;
  const names = {
    caught: `chaos-bc-${tag}.com`,
    failed: `chaos-bf-${tag}.com`,
    auction: `chaos-ba-${tag}.com`,
  };
  const customers = { a: `chaos-a-${tag}`, b: `chaos-b-${tag}` };
  const opts = { taskQueue };
  // A holds three reservations at once (57.00); B exactly enough or a little more.
  const depositsA = [40_00 + dice.between(1, 9_999), 20_00 + dice.between(0, 999)];
  const depositB = BACKORDER_PRICE + dice.between(0, 999);
  await deposit(client, customers.a, { reference: 'dep-1', amount: depositsA[0]!, currency: 'USD' }, opts);
  await deposit(client, customers.a, { reference: 'dep-2', amount: depositsA[1]!, currency: 'USD' }, opts);
  await deposit(client, customers.b, { reference: 'dep-1', amount: depositB, currency: 'USD' }, opts);

  const dropAt = new Date(Date.now() + DROP_AHEAD_MS);
  for (const domain of Object.values(names)) ispapi.seedDrop({ domain, dropAt });
  ispapi.setApplicationOutcome(names.caught, { status: 'SUCCESSFUL', afterMs: 2_000 });
  ispapi.setApplicationOutcome(names.failed, { status: 'FAILED', afterMs: 2_000 });
  // The auction name gets its outcome only once both applications are in (see `auction`).

  const start = (customer: 'a' | 'b', domain: string) =>
    startBackorder(
      client,
      {
        customerId: customers[customer],
        domain,
        contacts: { owner: owner(customer === 'a' ? 'Ada' : 'Bo', `${customers[customer]}@chaos.example`) },
        timing: TIMING,
      },
      opts,
    );
  const handles = {
    caught: await start('a', names.caught),
    failed: await start('a', names.failed),
    auctionA: await start('a', names.auction),
    auctionB: await start('b', names.auction),
  };
  const auctionWinner = dice.pick(['a', 'b'] as const);

  const describeAuction = async () => {
    const states = await Promise.all(
      (['a', 'b'] as const).map((who) =>
        getBackorderState(client, customers[who], names.auction).then(
          (s) => `${who}: ${s.log.map((e) => `${e.to} (${e.why})`).join(' > ')}, dropAt ${s.dropAt ?? '-'}`,
          (err: unknown) => `${who}: ${String(err)}`,
        ),
      ),
    );
    const apps = ispapi.applications({ domain: names.auction }).map((x) => `${x.application} ${x.status}`);
    return `${states.join('; ')}; applications: ${apps.join(', ') || 'none'}`;
  };
  const auction = (async () => {
    const deadline = Date.now() + 8 * 60_000;
    const waitFor = async <T>(what: string, probe: () => Promise<T | undefined>): Promise<T> => {
      for (;;) {
        // Queries fail while the server restarts or no worker polls: asked again.
        const value = await probe().catch(() => undefined);
        if (value !== undefined) return value;
        if (Date.now() > deadline) {
          throw new Error(`chaos backorders: timed out waiting for ${what}; ${await describeAuction()}`);
        }
        await sleep(300);
      }
    };
    await waitFor('both auction applications', async () =>
      ispapi.applications({ domain: names.auction }).length >= 2 ? true : undefined,
    );
    ispapi.setApplicationOutcome(names.auction, { status: 'SUCCESSFUL' });
    const states = await waitFor('both bidders in AUCTION-PENDING', async () => {
      const both = await Promise.all([
        getBackorderState(client, customers.a, names.auction),
        getBackorderState(client, customers.b, names.auction),
      ]);
      return both.every((s) => s.phase === 'AUCTION-PENDING') ? both : undefined;
    });
    const winner: BackorderState = states[auctionWinner === 'a' ? 0 : 1];
    ispapi.resolveAuction(names.auction, winner.reference!);
  })();
  // Awaited with the results; kept from being an unhandled rejection meanwhile.
  auction.catch(() => undefined);

  return {
    names,
    customers,
    deposited: { a: depositsA[0]! + depositsA[1]!, b: depositB },
    handles,
    auctionWinner,
    auction,
    async repeatDeposit() {
      // Retried while the restarted server is not answering yet; the first answer is the one checked.
      const again = await eventually(
        () => deposit(client, customers.a, { reference: 'dep-2', amount: depositsA[1]!, currency: 'USD' }, opts),
        60_000,
        'the repeated deposit',
      );
      assert.equal(again.duplicate, true, 'a deposit sent again is recognised');
    },
  };
}

export interface BackorderResults {
  caught: BackorderResult;
  failed: BackorderResult;
  auctionA: BackorderResult;
  auctionB: BackorderResult;
}

export async function backorderResults(
  world: ChaosWorld,
  b: ChaosBackorders,
  timeoutMs: number,
): Promise<BackorderResults> {
  const [caught, failed, auctionA, auctionB] = await Promise.all([
    world.result(b.handles.caught.handle, timeoutMs),
    world.result(b.handles.failed.handle, timeoutMs),
    world.result(b.handles.auctionA.handle, timeoutMs),
    world.result(b.handles.auctionB.handle, timeoutMs),
    b.auction,
  ]);
  return { caught, failed, auctionA, auctionB };
}

/** End states, one application each in the ISPAPI journal, and both accounts to the cent. */
export async function assertBackorders(world: ChaosWorld, b: ChaosBackorders, r: BackorderResults): Promise<void> {
  const { ispapi, client } = world;
  const show = (x: unknown) => JSON.stringify(x);
  assert.equal(r.caught.status, 'SUCCESSFUL', show(r.caught));
  assert.equal(r.caught.charged, BACKORDER_PRICE, show(r.caught));
  assert.equal(r.failed.status, 'FAILED', show(r.failed));
  assert.match(r.failed.reason ?? '', /did not catch/, show(r.failed));
  const [won, lost] = b.auctionWinner === 'a' ? [r.auctionA, r.auctionB] : [r.auctionB, r.auctionA];
  assert.equal(won.status, 'AUCTION-WON', show(won));
  assert.equal(lost.status, 'AUCTION-LOST', show(lost));
  for (const x of [r.failed, won, lost]) assert.equal(x.charged, 0, show(x));

  // One AddDomainApplication per backorder: a lost or truncated answer was found again, not repeated.
  const placed = (domain: string) =>
    ispapi
      .journal({ command: 'AddDomainApplication', domain })
      .filter((e) => e.code >= 200 && e.code < 300)
      .map((e) => e.params.CLASS);
  assert.deepEqual(placed(b.names.caught), ['BACKORDER'], 'one application for the caught name');
  assert.deepEqual(placed(b.names.failed), ['BACKORDER'], 'one application for the failed name');
  assert.deepEqual(placed(b.names.auction), ['BACKORDER', 'BACKORDER'], 'one application per bidder');
  const references = (domain: string) =>
    ispapi
      .applications({ domain })
      .map((a) => a.application)
      .sort();
  assert.deepEqual(references(b.names.caught), [r.caught.reference]);
  assert.deepEqual(references(b.names.failed), [r.failed.reference]);
  assert.deepEqual(references(b.names.auction), [r.auctionA.reference!, r.auctionB.reference!].sort());
  // The reseller pays the registry for the catch only; the auction is paid at the auction house.
  const charges = (domain: string) => ispapi.charges({ domain }).map((c) => c.kind);
  assert.deepEqual(charges(b.names.caught), ['backorder']);
  assert.deepEqual(charges(b.names.failed), []);
  assert.deepEqual(charges(b.names.auction), []);

  // The customers' money: deposits minus the one capture, nothing left reserved.
  const expected = { a: b.deposited.a - BACKORDER_PRICE, b: b.deposited.b };
  for (const who of ['a', 'b'] as const) {
    const account = await getAccount(client, b.customers[who]);
    assert.deepEqual(
      account.currencies,
      [{ currency: 'USD', balance: expected[who], reserved: 0, available: expected[who] }],
      `${who}: balance to the cent`,
    );
    assert.deepEqual(account.reservations, []);
    const count = (kind: string) => account.recentEntries.filter((e) => e.kind === kind).length;
    const want =
      who === 'a'
        ? { deposit: 2, reserve: 3, capture: 1, release: 2 }
        : { deposit: 1, reserve: 1, capture: 0, release: 1 };
    assert.deepEqual(
      { deposit: count('deposit'), reserve: count('reserve'), capture: count('capture'), release: count('release') },
      want,
      `${who}: ledger ${account.recentEntries.map((e) => e.kind).join(', ')}`,
    );
  }
}

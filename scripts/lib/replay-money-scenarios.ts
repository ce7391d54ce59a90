/**
 * Replay scenarios where money moves (scripts/record-histories.ts records them): a renewal whose
 * paying answer was lost, and a won backorder auction. Apart from record-histories.ts to keep that
 * file short; it hands in what the scenarios share with the others.
 */
import type { Client } from '@temporalio/client';
import { deposit } from '../../src/client/account';
import { getBackorderState, startBackorder } from '../../src/client/backorder';
import { startRenewal } from '../../src/client/renew';
import type { Contact } from '../../src/domain/contact';
import type { IspapiSandbox } from '../../src/sandbox/ispapi/server';

type Scenario = (ctx: { client: Client; sandbox: IspapiSandbox; taskQueue: string }) => Promise<string>;

export function moneyScenarios({
  owner,
  nameservers,
  until,
}: {
  owner: Contact;
  nameservers: string[];
  until: (what: string, fn: () => Promise<boolean>) => Promise<void>;
}): Record<string, Scenario> {
  return {
    // The paying attempt's answer lost: its retry finds the term paid (charged since the patch
    // 'renew-charged-earlier-attempt'; before it, charged: false).
    'renewDomain-lost-answer': async ({ client, sandbox, taskQueue }) => {
      const domain = 'replay-renew-lost.com';
      const expiresAt = new Date(Date.now() + 25 * 86_400_000);
      sandbox.seedDomain({ domain, nameservers, expiresAt });
      sandbox.loseAnswer({ command: 'RenewDomain', times: 1 });
      const { handle } = await startRenewal(
        client,
        { domain, expiresOn: expiresAt.toISOString().slice(0, 10) },
        { taskQueue },
      );
      const result = await handle.result();
      if (result.outcome !== 'renewed') throw new Error(`expected renewed, got ${result.outcome}: ${result.reason}`);
      return handle.workflowId;
    },
    // Two customers on one name: an auction; the winner's history is kept (handed to the portfolio
    // since the patch 'backorder-auction-won-portfolio').
    'backorder-auction-won': async ({ client, sandbox, taskQueue }) => {
      const domain = 'replay-contested.com';
      const customers = ['cust-replay-bid-a', 'cust-replay-bid-b'];
      for (const customerId of customers) {
        await deposit(client, customerId, { reference: 'dep-1', amount: 5_000, currency: 'USD' }, { taskQueue });
      }
      sandbox.seedDrop({ domain, dropAt: new Date(Date.now() + 7_000) });
      const runs = await Promise.all(
        customers.map((customerId) =>
          startBackorder(
            client,
            {
              customerId,
              domain,
              contacts: { owner: { ...owner, email: `${customerId}@replay.example` } },
              timing: {
                activateBefore: '3s',
                processBefore: '2s',
                giveUpAfterDrop: '5s',
                recheckEvery: '1s',
                pollEvery: '1s',
              },
            },
            { taskQueue },
          ),
        ),
      );
      const phase = async (customerId: string) => (await getBackorderState(client, customerId, domain)).phase;
      await until('both applications placed', async () =>
        (await Promise.all(customers.map(phase))).every((p) => p === 'PROCESSING'),
      );
      sandbox.setApplicationOutcome(domain, { status: 'SUCCESSFUL' });
      await until('the auction', async () =>
        (await Promise.all(customers.map(phase))).every((p) => p === 'AUCTION-PENDING'),
      );
      const winner = (await getBackorderState(client, customers[0]!, domain)).reference!;
      sandbox.resolveAuction(domain, winner);
      const [won, lost] = await Promise.all(runs.map((run) => run.handle.result()));
      if (won?.status !== 'AUCTION-WON' || lost?.status !== 'AUCTION-LOST') {
        throw new Error(`expected AUCTION-WON and AUCTION-LOST, got ${won?.status} and ${lost?.status}`);
      }
      return runs[0]!.handle.workflowId;
    },
  };
}

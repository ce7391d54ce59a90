/**
 * Benchmarks: `npm run bench -- <name> [options]`. Each prints plain lines and stops by itself.
 *
 *   load   the ceiling (2N bare workflows of the same shape), then N transfers and N renewals through a
 *          dev server, the ISPAPI sandbox and the production worker process, with ratios
 *          (--n 1000, --latency-ms 0, --timeout-s 1200; see bench/load.ts)
 *   sync   the portfolio sync of N domains at a registrar rate limit, against the cron method
 *          (--domains 10000, --rate 50, --cron-sample 1000, --page-size 1000, --changes 10; bench/sync.ts)
 *   gateway the latency the HTTP gateway adds to a workflow start (--n 200; bench/gateway.ts)
 *   portfolio import + sync of N domains by the worker processes, on the dev server or --cluster
 *          (--n 10000, --workers 2, --page-size 1000, --rate 50, --cache 500; bench/portfolio.ts)
 *   memory what one cached workflow holds in the workflow isolate's heap (--n 200, --snapshot 1;
 *          bench/memory.ts)
 */
import { runLoad } from './load';
import { runGateway } from './gateway';
import { runSync } from './sync';
import { runPortfolio } from './portfolio';
import { runMemory } from './memory';

const BENCHES: Record<string, (argv: string[]) => Promise<void>> = {
  load: runLoad,
  sync: runSync,
  gateway: runGateway,
  portfolio: runPortfolio,
  memory: runMemory,
};

async function main(): Promise<void> {
  const [name, ...rest] = process.argv.slice(2);
  const bench = name ? BENCHES[name] : undefined;
  if (!bench) {
    console.error(`usage: npm run bench -- <${Object.keys(BENCHES).join('|')}> [options]`);
    process.exit(2);
  }
  await bench(rest);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
    process.exit(1);
  },
);

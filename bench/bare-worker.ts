/**
 * The bare workflow's worker as a process of its own (so its RSS is the worker's alone), SDK
 * defaults. Started by bench/load.ts: BENCH_TEMPORAL_ADDRESS, BENCH_NAMESPACE, BENCH_TASK_QUEUE.
 * SIGTERM stops it.
 */
import { NativeConnection, Runtime, Worker, DefaultLogger } from '@temporalio/worker';

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const connection = await NativeConnection.connect({ address: process.env.BENCH_TEMPORAL_ADDRESS! });
  const worker = await Worker.create({
    connection,
    namespace: process.env.BENCH_NAMESPACE ?? 'default',
    taskQueue: process.env.BENCH_TASK_QUEUE!,
    workflowsPath: require.resolve('./bare-workflow'),
    activities: { noop: async () => undefined },
  });
  process.on('SIGTERM', () => worker.shutdown());
  await worker.run();
  await connection.close();
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);

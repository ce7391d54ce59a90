import { Runtime } from '@temporalio/worker';
import { ConfigError, loadConfig, loadDotEnv } from '../config/config';
import { createLogger, temporalLogger } from './logger';
import { createRegistrars } from './registrars';
import { connectWithRetry, createWorker } from './worker';

/** The long-running worker process. */
async function main(): Promise<void> {
  loadDotEnv();
  const config = loadConfig();
  const logger = createLogger(config.logLevel, 'domainflow-worker');
  Runtime.install({ logger: temporalLogger(logger, 'INFO') });
  const connection = await connectWithRetry(config.temporal.address);
  const { registrars, close } = createRegistrars(config, logger);
  try {
    const worker = await createWorker({
      connection,
      namespace: config.temporal.namespace,
      taskQueue: config.temporal.taskQueue,
      registrars,
    });
    logger.info(
      {
        address: config.temporal.address,
        namespace: config.temporal.namespace,
        taskQueue: config.temporal.taskQueue,
        ispapi: config.ispapi.url,
      },
      'worker started',
    );
    await worker.run();
    logger.info('worker stopped');
  } finally {
    await close();
    await connection.close();
  }
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exit(2);
  }
  console.error(err);
  process.exit(1);
});

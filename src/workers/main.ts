import { Runtime } from '@temporalio/worker';
import { ConfigError, loadConfig, loadDotEnv } from '../config/config';
import { codecFromConfig } from '../codec';
import { createLogger, temporalLogger } from './logger';
import { createRegistrars } from './registrars';
import { connectWithRetry, createWorker } from './worker';
import { loadMailConfig } from '../config/mail';

/** The long-running worker process. */
async function main(): Promise<void> {
  loadDotEnv();
  const config = loadConfig();
  const codec = codecFromConfig(config);
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
      codec,
      mail: loadMailConfig(),
      logger,
    });
    logger.info(
      {
        address: config.temporal.address,
        namespace: config.temporal.namespace,
        taskQueue: config.temporal.taskQueue,
        ispapi: config.ispapi.url,
        codecKey: `${codec.activeKeyId} (${config.codec.source === 'env' ? 'DOMAINFLOW_CODEC_KEYS' : config.codec.keyFile})`,
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

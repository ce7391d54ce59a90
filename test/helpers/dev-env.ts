import { Client, Connection } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import { startDevServer, type DevServer } from '../../scripts/lib/dev-server';
import { createTestWorker, installQuietRuntime, testDataConverter } from './temporal';
import type { RegistrarSet } from '../../src/activities';
import { createRegistrarActivities } from '../../src/activities';

/**
 * A real dev server (in memory) with a client and an in-process worker factory: for Updates and
 * visibility, which the time-skipping server does not do well.
 */
export interface DevEnv {
  server: DevServer;
  client: Client;
  connection: Connection;
  nativeConnection: NativeConnection;
  /** the server's namespace (createTestWorker(env, ...) runs workers there) */
  namespace: string;
  worker(taskQueue: string, registrars?: RegistrarSet): Promise<Worker>;
  teardown(): Promise<void>;
}

export async function createDevEnv(): Promise<DevEnv> {
  installQuietRuntime();
  const server = await startDevServer({ uiPort: false });
  const connection = await Connection.connect({ address: server.address });
  const nativeConnection = await NativeConnection.connect({ address: server.address });
  const client = new Client({ connection, namespace: server.namespace, dataConverter: testDataConverter() });
  return {
    server,
    client,
    connection,
    nativeConnection,
    namespace: server.namespace,
    worker: (taskQueue, registrars = {}) =>
      createTestWorker(
        { nativeConnection, namespace: server.namespace },
        {
          taskQueue,
          activities: createRegistrarActivities(registrars),
        },
      ),
    teardown: async () => {
      await connection.close();
      await nativeConnection.close();
      await server.stop();
    },
  };
}

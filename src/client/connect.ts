import { Client, Connection } from '@temporalio/client';

export interface ClientSettings {
  address: string;
  namespace: string;
}

export class TemporalUnavailableError extends Error {
  override readonly name = 'TemporalUnavailableError';
}

export async function connectClient(settings: ClientSettings): Promise<{ client: Client; close(): Promise<void> }> {
  let connection: Connection;
  try {
    connection = await Connection.connect({ address: settings.address, connectTimeout: '5s' });
  } catch (err) {
    throw new TemporalUnavailableError(
      `cannot reach Temporal at ${settings.address}: ${(err as Error).message} (is \`npm start\` or a Temporal server running?)`,
    );
  }
  return { client: new Client({ connection, namespace: settings.namespace }), close: () => connection.close() };
}

import { Client, Connection } from '@temporalio/client';
import type { PayloadCodec } from '@temporalio/common';
import { encryptedDataConverter } from '../codec/encryption-codec';

export interface ClientSettings {
  address: string;
  namespace: string;
}

export class TemporalUnavailableError extends Error {
  override readonly name = 'TemporalUnavailableError';
}

/** A client whose payloads go through the codec (src/codec): encrypted on the way out, decrypted on the way in. */
export async function connectClient(
  settings: ClientSettings,
  codec: PayloadCodec,
): Promise<{ client: Client; close(): Promise<void> }> {
  let connection: Connection;
  try {
    connection = await Connection.connect({ address: settings.address, connectTimeout: '5s' });
  } catch (err) {
    throw new TemporalUnavailableError(
      `cannot reach Temporal at ${settings.address}: ${(err as Error).message} (is \`npm start\` or a Temporal server running?)`,
    );
  }
  return {
    client: new Client({ connection, namespace: settings.namespace, dataConverter: encryptedDataConverter(codec) }),
    close: () => connection.close(),
  };
}

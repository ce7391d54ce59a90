import type { Config } from '../config/config';
import { ensureCodecKeys } from '../config/codec-keys';
import { EncryptionCodec } from './encryption-codec';

export { EncryptionCodec, PayloadDecryptionError, encryptedDataConverter } from './encryption-codec';

/** The payload codec for this configuration (creates the sandbox key file on first use). */
export function codecFromConfig(config: Config): EncryptionCodec {
  return new EncryptionCodec(ensureCodecKeys(config));
}

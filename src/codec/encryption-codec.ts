import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import {
  METADATA_ENCODING_KEY,
  ValueError,
  type DataConverter,
  type Payload,
  type PayloadCodec,
} from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import type { CodecKey } from '../config/config';

export const ENCRYPTED_ENCODING = 'binary/encrypted';
export const METADATA_ENCRYPTION_KEY_ID = 'encryption-key-id';
const CIPHER = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Thrown by decode when a payload cannot be decrypted (unknown key, tampered or truncated data). */
export class PayloadDecryptionError extends ValueError {
  override readonly name = 'PayloadDecryptionError';
}

const utf8 = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array | null | undefined) => (b ? Buffer.from(b).toString('utf8') : undefined);

/**
 * AES-256-GCM payload codec, the pattern of Temporal's encryption sample: the whole original
 * Payload (metadata and data) is serialised with the proto encoder and encrypted; the stored
 * payload says only `encoding: binary/encrypted` and which key encrypted it. Data = iv + ciphertext + tag.
 *
 * Keys rotate: the first key encrypts, every key decrypts. Keep old keys in the ring for as long as
 * histories encrypted with them are kept (the namespace's retention) or may be replayed.
 */
export class EncryptionCodec implements PayloadCodec {
  private readonly keys: ReadonlyMap<string, Buffer>;
  private readonly active: CodecKey;

  constructor(keys: readonly CodecKey[]) {
    if (keys.length === 0) throw new Error('EncryptionCodec: at least one key is needed');
    for (const k of keys) {
      if (k.key.length !== 32) throw new Error(`EncryptionCodec: key ${k.id}: length must be 32 bytes`);
    }
    this.active = keys[0]!;
    this.keys = new Map(keys.map((k) => [k.id, k.key]));
  }

  get activeKeyId(): string {
    return this.active.id;
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      const plain = temporal.api.common.v1.Payload.encode(payload).finish();
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv(CIPHER, this.active.key, iv, { authTagLength: TAG_BYTES });
      const data = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
      return {
        metadata: {
          [METADATA_ENCODING_KEY]: utf8(ENCRYPTED_ENCODING),
          [METADATA_ENCRYPTION_KEY_ID]: utf8(this.active.id),
        },
        data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
      };
    });
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      if (text(payload.metadata?.[METADATA_ENCODING_KEY]) !== ENCRYPTED_ENCODING) return payload;
      const keyId = text(payload.metadata?.[METADATA_ENCRYPTION_KEY_ID]);
      if (!keyId)
        throw new PayloadDecryptionError(`encrypted payload without the ${METADATA_ENCRYPTION_KEY_ID} metadata`);
      const key = this.keys.get(keyId);
      if (!key) {
        throw new PayloadDecryptionError(
          `payload encrypted with unknown key id "${keyId}"; known: ${[...this.keys.keys()].join(', ')} ` +
            `(add the old key to DOMAINFLOW_CODEC_KEYS after the active one)`,
        );
      }
      const data = Buffer.from(payload.data ?? new Uint8Array());
      if (data.length < IV_BYTES + TAG_BYTES) {
        throw new PayloadDecryptionError(`encrypted payload (key ${keyId}) is too short to be valid`);
      }
      const decipher = createDecipheriv(CIPHER, key, data.subarray(0, IV_BYTES), { authTagLength: TAG_BYTES });
      decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
      let plain: Buffer;
      try {
        plain = Buffer.concat([decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)), decipher.final()]);
      } catch {
        throw new PayloadDecryptionError(
          `cannot decrypt payload with key ${keyId}: authentication failed (tampered data or wrong key)`,
        );
      }
      return temporal.api.common.v1.Payload.decode(plain);
    });
  }
}

/** The data converter every client and worker of this project uses. */
export function encryptedDataConverter(codec: PayloadCodec): DataConverter {
  return { payloadCodecs: [codec] };
}

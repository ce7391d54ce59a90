import { randomBytes } from 'node:crypto';
import { chmodSync, linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, parseCodecKeys, type CodecKey, type Config } from './config';

/**
 * The payload encryption keys for this process. With DOMAINFLOW_CODEC_KEYS set they come from there;
 * otherwise (sandbox only: loadConfig refuses production without the variable) from the key file
 * `<DOMAINFLOW_DATA_DIR>/codec-keys`, created with one random key on first use. `npm start`, the
 * worker and the CLI all call this, so they share the file and agree on the key.
 */
export function ensureCodecKeys(config: Config): CodecKey[] {
  if (config.codec.source === 'env' || config.codec.keys.length > 0) return config.codec.keys;
  const file = path.resolve(config.codec.keyFile);
  let text = readKeyFile(file);
  if (text === undefined) {
    createKeyFile(file);
    text = readKeyFile(file) ?? '';
  }
  const parsed = parseCodecKeys(text);
  if ('error' in parsed) throw new ConfigError(`invalid codec key file ${file}: ${parsed.error}`);
  return parsed.keys;
}

function readKeyFile(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/**
 * Writes a complete temporary file, then hard-links it into place: link() fails when the target
 * exists, so two processes starting at once never see a half-written file or different keys.
 */
function createKeyFile(file: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const id = `local-${new Date().toISOString().slice(0, 10).replace(/-/g, '')}`;
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(tmp, `${id}:${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  try {
    linkSync(tmp, file);
    chmodSync(file, 0o600);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  } finally {
    rmSync(tmp, { force: true });
  }
}

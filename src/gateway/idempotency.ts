/**
 * `Idempotency-Key`: the same key with the same request answers the first answer again (without
 * doing anything); the same key with another request is refused with 422. On top of the
 * deterministic workflow IDs (which already make a repeated start harmless), this gives a billing
 * system's retry the very same answer, and catches a key reused by mistake for another request.
 *
 * Stored in an append-only JSON-lines file, fsynced per answer and read back at start, so the
 * promise survives a gateway restart; entries expire after 24 hours (the file is compacted at
 * start). A file, not Temporal: the answer must be found by the key alone, before any workflow ID is
 * known, and one gateway process owns the file (run several behind a proxy with sticky keys, or
 * give each its own file: a key then replays only where it was first used; docs/gateway.md).
 * Only digests and the public answer (workflow ID, status URL) are written: never a request body.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { sha256Hex } from './auth';
import { HttpProblem } from './problem';

export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

interface Entry {
  /** sha256 of API key id + idempotency key */
  k: string;
  /** the request's fingerprint */
  f: string;
  status: number;
  body: unknown;
  /** stored at, epoch ms */
  t: number;
}

export interface Answer {
  status: number;
  body: unknown;
}

/** Keys sorted at every level: the same JSON written in another key order is the same request. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export const requestFingerprint = (method: string, url: string, body: unknown): string =>
  sha256Hex(`${method} ${url}\n${canonical(body ?? null)}`);

/** 1-255 visible ASCII characters (a UUID is the usual choice). */
const KEY_RULE = /^[\x21-\x7e]{1,255}$/;

export class IdempotencyStore {
  private readonly entries = new Map<string, Entry>();
  private readonly inFlight = new Map<string, string>();
  private fd: number;

  constructor(
    private readonly file: string,
    private readonly now: () => number = Date.now,
  ) {
    mkdirSync(path.dirname(file), { recursive: true });
    let text = '';
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    const cutoff = this.now() - IDEMPOTENCY_TTL_MS;
    for (const line of text.split('\n')) {
      if (!line) continue;
      try {
        const entry = JSON.parse(line) as Entry;
        if (entry.t > cutoff) this.entries.set(entry.k, entry);
      } catch {
        // A line cut short by a crash mid-write: its request was never answered, so nothing is lost.
      }
    }
    // Compacted through a temporary file and a rename: a crash here leaves the old or the new file.
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, [...this.entries.values()].map((e) => `${JSON.stringify(e)}\n`).join(''), { mode: 0o600 });
    renameSync(tmp, file);
    this.fd = openSync(file, 'a', 0o600);
  }

  get size(): number {
    return this.entries.size;
  }

  /**
   * Runs `fn` once per (API key, Idempotency-Key): a repeat with the same fingerprint answers the
   * stored answer (replayed: true), another fingerprint is 422, a repeat while the first is still
   * running is 409. Only successful answers are kept: a refusal may be retried and come out otherwise.
   */
  async run(
    keyId: string,
    idempotencyKey: string,
    fingerprint: string,
    fn: () => Promise<Answer>,
  ): Promise<Answer & { replayed: boolean }> {
    if (!KEY_RULE.test(idempotencyKey)) {
      throw new HttpProblem(400, 'Invalid request', 'Idempotency-Key: must be 1-255 visible ASCII characters', [
        { field: 'Idempotency-Key', message: 'Idempotency-Key: must be 1-255 visible ASCII characters' },
      ]);
    }
    const k = sha256Hex(`${keyId}\n${idempotencyKey}`);
    const stored = this.entries.get(k);
    const mismatch = () =>
      new HttpProblem(
        422,
        'Unprocessable Content',
        'Idempotency-Key: this key was used for another request (another path or body); use a new key',
      );
    if (stored && stored.t > this.now() - IDEMPOTENCY_TTL_MS) {
      if (stored.f !== fingerprint) throw mismatch();
      return { status: stored.status, body: stored.body, replayed: true };
    }
    const running = this.inFlight.get(k);
    if (running !== undefined) {
      if (running !== fingerprint) throw mismatch();
      throw new HttpProblem(409, 'Conflict', 'a request with this Idempotency-Key is still running', undefined, {
        'retry-after': '1',
      });
    }
    this.inFlight.set(k, fingerprint);
    try {
      const answer = await fn();
      if (answer.status >= 200 && answer.status < 300) this.append({ k, f: fingerprint, ...answer, t: this.now() });
      return { ...answer, replayed: false };
    } finally {
      this.inFlight.delete(k);
    }
  }

  private append(entry: Entry): void {
    this.entries.set(entry.k, entry);
    writeSync(this.fd, `${JSON.stringify(entry)}\n`);
    // Before the answer leaves: a restart right after must still know it.
    fsyncSync(this.fd);
  }

  close(): void {
    closeSync(this.fd);
  }
}

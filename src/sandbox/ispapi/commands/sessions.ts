import { randomBytes } from 'node:crypto';
import { parseDomainName } from '../../../domain/domain-name';
import { CommandFault, type IspapiRegistry } from '../registry';
import { indexed, type CommandSpec } from './params';
import { OK } from './helpers';

/**
 * Session login (USER/SESSION/STARTSESSION.md, ENDSESSION.md) and ConvertIDN (DOMAIN/CONVERTIDN.md).
 * A session id sent as `s_session` stands for `s_login`/`s_pw` (spec 1.3); it expires after
 * TIMEOUT seconds without a call or MAXTTL seconds after its start, by the sandbox clock, so a
 * test can expire one with advanceClock.
 */

interface Session {
  /** s_login as sent at StartSession (account!role for a role user) */
  login: string;
  idleMs: number;
  lastUsedMs: number;
  endsAtMs: number;
}

/** Sessions per sandbox: keyed by its registry, so handleCall's signature stays as it is. */
const STORES = new WeakMap<IspapiRegistry, Map<string, Session>>();

function sessionsOf(registry: IspapiRegistry): Map<string, Session> {
  let store = STORES.get(registry);
  if (!store) STORES.set(registry, (store = new Map()));
  return store;
}

export function clearSessions(registry: IspapiRegistry): void {
  sessionsOf(registry).clear();
}

/** The login a live session stands for (its idle clock restarted), or undefined: unknown, ended or expired. */
export function useSession(registry: IspapiRegistry, id: string): string | undefined {
  const store = sessionsOf(registry);
  const session = store.get(id);
  if (!session) return undefined;
  const now = registry.now().getTime();
  if (now - session.lastUsedMs > session.idleMs || now > session.endsAtMs) {
    store.delete(id);
    return undefined;
  }
  session.lastUsedMs = now;
  return session.login;
}

/** Whether this registry holds the session id (ended or not): which account's registry a call is for. */
export function holdsSession(registry: IspapiRegistry, id: string): boolean {
  return sessionsOf(registry).has(id);
}

function seconds(params: Record<string, string>, key: string, min: number, max: number, fallback: number): number {
  const raw = params[key];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max) {
    throw new CommandFault(505, `Invalid attribute value syntax; ${key} must be ${min}-${max} seconds`);
  }
  return value;
}

export const startSession: CommandSpec = {
  name: 'StartSession',
  handle: ({ registry, params, login }) => {
    const type = (params.TYPE ?? '').trim();
    if (type !== '' && type.toUpperCase() !== 'API') {
      throw new CommandFault(505, 'Invalid attribute value syntax; TYPE must be API');
    }
    const idle = seconds(params, 'TIMEOUT', 60, 3600, 600);
    const ttl = seconds(params, 'MAXTTL', 60, 86400, 86400);
    const now = registry.now().getTime();
    // 48 random bytes: 64 characters, the length of the reference page's example id.
    const id = randomBytes(48).toString('base64url');
    sessionsOf(registry).set(id, { login, idleMs: idle * 1000, lastUsedMs: now, endsAtMs: now + ttl * 1000 });
    return { code: 200, description: OK, properties: { SESSION: [id] } };
  },
};

export const endSession: CommandSpec = {
  name: 'EndSession',
  handle: ({ registry, session }) => {
    // Called with login and password there is no "current session" to end (545 is on the page).
    if (session === undefined || !sessionsOf(registry).delete(session)) {
      throw new CommandFault(545, 'Object not found; no session in use');
    }
    return { code: 200, description: OK };
  },
};

export const convertIdn: CommandSpec = {
  name: 'ConvertIDN',
  handle: ({ params }) => {
    const ace: string[] = [];
    const idn: string[] = [];
    for (const { key, value } of indexed(params, 'DOMAIN')) {
      const parsed = parseDomainName(value);
      if (!parsed.ok) throw new CommandFault(505, `Invalid attribute value syntax; ${key} ${parsed.rule}`);
      ace.push(parsed.value.ascii);
      idn.push(parsed.value.unicode);
    }
    if (ace.length === 0) throw new CommandFault(504, 'Missing required attribute; DOMAIN0');
    return { code: 200, description: OK, properties: { ACE: ace, IDN: idn } };
  },
};

import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import pino from 'pino';
import { request } from 'undici';
import { SANDBOX_ISPAPI_CREDENTIALS } from '../../src/config/config';
import { RegistrarAuthenticationError } from '../../src/registrars/errors';
import { encodeCommand, parseResponse, type Command, type IspapiResponse } from '../../src/registrars/ispapi/wire';
import { IspapiSandbox, type SandboxAccount } from '../../src/sandbox/ispapi/server';
import { ispapiClient, rejectsWithRegistrarError } from '../helpers/registrars';

/**
 * Session login (StartSession / EndSession, `s_session`) and ConvertIDN in the ISPAPI sandbox, as
 * HEXONET's reference pages USER/SESSION/*.md and DOMAIN/CONVERTIDN.md describe them, and the
 * client's `useSession` mode over real HTTP against it.
 */

const START = new Date('2026-02-01T08:00:00Z');
let clock = new Date(START);
const advance = (ms: number): void => {
  clock = new Date(clock.getTime() + ms);
};

// Our own account objects: a test changes the password to make a new session fail.
const account: SandboxAccount = {
  ...SANDBOX_ISPAPI_CREDENTIALS,
  roles: { readonly: { password: 'role-pass', commands: ['StatusAccount', 'StartSession', 'EndSession'] } },
};
let sandbox: IspapiSandbox;

before(async () => {
  sandbox = await IspapiSandbox.start({ now: () => clock, accounts: [account] });
});

after(async () => {
  await sandbox.close();
});

beforeEach(() => {
  sandbox.reset();
  clock = new Date(START);
  account.password = SANDBOX_ISPAPI_CREDENTIALS.password;
});

async function post(fields: Record<string, string>, command: Command): Promise<IspapiResponse> {
  const res = await request(sandbox.url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ s_entity: '1234', ...fields, s_command: encodeCommand(command) }).toString(),
  });
  assert.equal(res.statusCode, 200);
  return parseResponse(await res.body.text());
}

const withPassword = (command: Command, login: string = SANDBOX_ISPAPI_CREDENTIALS.login, pw?: string) =>
  post({ s_login: login, s_pw: pw ?? SANDBOX_ISPAPI_CREDENTIALS.password }, command);
// As the SDKs send it: s_session alone, no login or password.
const withSession = (id: string, command: Command) => post({ s_session: id }, command);

async function startSession(params: Record<string, string> = {}, login?: string, pw?: string): Promise<string> {
  const answer = await withPassword({ COMMAND: 'StartSession', ...params }, login, pw);
  assert.equal(answer.code, 200, answer.description);
  const id = answer.properties.SESSION?.[0];
  assert.ok(id && id.length >= 32, `a session id, got ${String(id)}`);
  return id;
}

describe('ISPAPI sandbox: StartSession / EndSession', () => {
  it('a session id replaces login and password until EndSession; then, or unknown, it is 530', async () => {
    const id = await startSession();
    const status = await withSession(id, { COMMAND: 'StatusAccount' });
    assert.equal(status.code, 200, status.description);
    assert.ok(status.properties.AMOUNT);
    const journaled = sandbox.journal({ command: 'StatusAccount' });
    assert.equal(journaled[0]?.login, SANDBOX_ISPAPI_CREDENTIALS.login);
    assert.equal(journaled[0]?.viaSession, true);

    assert.equal((await withSession(id, { COMMAND: 'EndSession' })).code, 200);
    const ended = await withSession(id, { COMMAND: 'StatusAccount' });
    assert.equal(ended.code, 530);
    assert.equal((await withSession(id, { COMMAND: 'EndSession' })).code, 530);
    assert.equal((await withSession('not-a-session', { COMMAND: 'StatusAccount' })).code, 530);
    // No session to end when the call came with login and password (545 is on the page).
    assert.equal((await withPassword({ COMMAND: 'EndSession' })).code, 545);
  });

  it('StartSession checks the credentials and TIMEOUT / MAXTTL ranges of its page', async () => {
    assert.equal((await withPassword({ COMMAND: 'StartSession' }, undefined, 'wrong')).code, 530);
    assert.equal((await withPassword({ COMMAND: 'StartSession', TIMEOUT: '59' })).code, 505);
    assert.equal((await withPassword({ COMMAND: 'StartSession', MAXTTL: '86401' })).code, 505);
    assert.equal((await withPassword({ COMMAND: 'StartSession', NOPE: '1' })).code, 503);
    assert.equal(
      (await withPassword({ COMMAND: 'StartSession', TIMEOUT: '3600', MAXTTL: '60', TYPE: 'API' })).code,
      200,
    );
  });

  it('a session expires after TIMEOUT seconds idle (each call restarts it) and after MAXTTL', async () => {
    const idle = await startSession({ TIMEOUT: '60' });
    advance(50_000);
    assert.equal((await withSession(idle, { COMMAND: 'StatusAccount' })).code, 200);
    advance(50_000); // 100 s after the start, 50 s after the last call
    assert.equal((await withSession(idle, { COMMAND: 'StatusAccount' })).code, 200);
    advance(61_000);
    assert.equal((await withSession(idle, { COMMAND: 'StatusAccount' })).code, 530);

    const short = await startSession({ TIMEOUT: '60', MAXTTL: '90' });
    advance(50_000);
    assert.equal((await withSession(short, { COMMAND: 'StatusAccount' })).code, 200);
    advance(50_000);
    assert.equal((await withSession(short, { COMMAND: 'StatusAccount' })).code, 530);
  });

  it("a role user's session keeps the role's command list", async () => {
    const id = await startSession({}, `${SANDBOX_ISPAPI_CREDENTIALS.login}!readonly`, 'role-pass');
    assert.equal((await withSession(id, { COMMAND: 'StatusAccount' })).code, 200);
    assert.equal((await withSession(id, { COMMAND: 'CheckDomains', DOMAIN0: 'example.com' })).code, 531);
  });
});

describe('ISPAPI sandbox: ConvertIDN', () => {
  it('answers ACE and IDN per domain, given in either encoding', async () => {
    const answer = await withPassword({
      COMMAND: 'ConvertIDN',
      DOMAIN0: 'äöütest.com',
      DOMAIN1: 'example.com',
      DOMAIN2: 'xn--mnchen-3ya.de',
    });
    assert.equal(answer.code, 200, answer.description);
    // The page's own example: äöütest.com <-> xn--test-koa2iub.com
    assert.deepEqual(answer.properties.ACE, ['xn--test-koa2iub.com', 'example.com', 'xn--mnchen-3ya.de']);
    assert.deepEqual(answer.properties.IDN, ['äöütest.com', 'example.com', 'münchen.de']);
  });

  it('a missing DOMAIN0 is 504, a name that is no domain 505', async () => {
    assert.equal((await withPassword({ COMMAND: 'ConvertIDN' })).code, 504);
    const bad = await withPassword({ COMMAND: 'ConvertIDN', DOMAIN0: 'bad_name..com' });
    assert.equal(bad.code, 505);
    assert.match(bad.description, /DOMAIN0/);
  });
});

describe('ISPAPI client with useSession', () => {
  function logged(): { logger: pino.Logger; text: () => string } {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    return { logger: pino({ level: 'trace' }, stream), text: () => lines.join('') };
  }

  it('sends the password once (StartSession), s_session after, and ends the session on close', async () => {
    const log = logged();
    const client = ispapiClient(sandbox.url, { useSession: true, logger: log.logger });
    try {
      // Concurrent first calls share one StartSession.
      await Promise.all([client.call({ COMMAND: 'StatusAccount' }), client.call({ COMMAND: 'StatusAccount' })]);
      await client.call({ COMMAND: 'CheckDomains', DOMAIN0: 'example.com' });
    } finally {
      await client.close();
    }
    const journal = sandbox.journal();
    assert.deepEqual(
      journal.map((e) => [e.command, e.code, e.viaSession ?? false]),
      [
        ['StartSession', 200, false],
        ['StatusAccount', 200, true],
        ['StatusAccount', 200, true],
        ['CheckDomains', 200, true],
        ['EndSession', 200, true],
      ],
    );
    assert.equal(journal.filter((e) => !e.viaSession).length, 1, 'the password went over the wire once');
    const text = log.text();
    assert.ok(text.includes('StatusAccount'), 'the calls are logged');
    assert.ok(!text.includes(SANDBOX_ISPAPI_CREDENTIALS.password), 'no password in the log');
    assert.doesNotMatch(text, /[A-Za-z0-9_-]{64}/, 'no session id in the log');
  });

  it('renews an expired session once; when the new login fails too, the authentication error', async () => {
    const client = ispapiClient(sandbox.url, { useSession: true });
    try {
      await client.call({ COMMAND: 'StatusAccount' });
      advance(601_000); // past the default 600 s idle TIMEOUT
      await client.call({ COMMAND: 'StatusAccount' });
      assert.deepEqual(
        sandbox.journal().map((e) => [e.command, e.code]),
        [
          ['StartSession', 200],
          ['StatusAccount', 200],
          ['StatusAccount', 530],
          ['StartSession', 200],
          ['StatusAccount', 200],
        ],
      );

      advance(601_000);
      account.password = 'changed-elsewhere';
      await rejectsWithRegistrarError(
        client.call({ COMMAND: 'StatusAccount' }),
        RegistrarAuthenticationError,
        'ispapi',
        '530',
      );
      assert.deepEqual(
        sandbox
          .journal()
          .slice(5)
          .map((e) => [e.command, e.code]),
        [
          ['StatusAccount', 530],
          ['StartSession', 530],
        ],
      );
    } finally {
      await client.close();
    }
  });

  it('without useSession every call still sends login and password', async () => {
    const client = ispapiClient(sandbox.url);
    try {
      await client.call({ COMMAND: 'StatusAccount' });
      await client.call({ COMMAND: 'StatusAccount' });
    } finally {
      await client.close();
    }
    assert.deepEqual(
      sandbox.journal().map((e) => [e.command, e.viaSession ?? false]),
      [
        ['StatusAccount', false],
        ['StatusAccount', false],
      ],
    );
  });
});

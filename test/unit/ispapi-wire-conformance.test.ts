/**
 * Issue 14, the client points: EOF in any case ends an answer; lines end at LF or CRLF only (a
 * U+2028 inside a value is a value character); a command naming one wire parameter twice is refused
 * before any HTTP call. The client cases run over real HTTP against a one-body server.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  decodeCommand,
  encodeCommand,
  formatResponse,
  IspapiCommandError,
  parseResponse,
} from '../../src/registrars/ispapi/wire';
import { IspapiClient } from '../../src/registrars/ispapi/client';
import { RegistrarRejectedError, RegistrarTemporaryError } from '../../src/registrars/errors';

const SEPARATORS = ['\u2028', '\u2029', '\u0085', '\v', '\f'];

describe('ISPAPI wire: lines end at LF or CRLF only', () => {
  it('a property value with U+2028, U+2029, U+0085 keeps its place and every later index', () => {
    for (const sep of SEPARATORS) {
      const body =
        '[RESPONSE]\r\nCODE=200\r\nDESCRIPTION=ok\r\n' +
        `PROPERTY[NAME][0]=a${sep}b\r\nPROPERTY[NAME][1]=c${sep}\nPROPERTY[NAME][2]=d\r\nEOF\r\n`;
      assert.deepEqual(parseResponse(body).properties.NAME, [`a${sep}b`, `c${sep}`, 'd'], JSON.stringify(sep));
    }
  });

  it('U+2028 values round-trip through formatResponse/parseResponse and encodeCommand/decodeCommand', () => {
    const values = ['x\u2028y', '\u2028edge\u2029', 'nel\u0085', 'p\u2029'];
    const parsed = parseResponse(formatResponse({ code: 200, description: 'd\u2028e', properties: { V: values } }));
    assert.deepEqual(parsed.properties.V, values);
    assert.equal(parsed.description, 'd\u2028e');
    const decoded = decodeCommand(encodeCommand({ COMMAND: 'ModifyContact', STREET: values }));
    assert.deepEqual(
      [0, 1, 2, 3].map((i) => decoded[`STREET${i}`]),
      values,
    );
  });

  it('eof in any case, with blanks around, is the footer line', () => {
    for (const eof of ['eof', 'Eof', ' EoF\t']) {
      assert.equal(parseResponse(`[RESPONSE]\ncode=200\ndescription=ok\n${eof}\n`).code, 200);
    }
  });
});

describe('ISPAPI wire: one wire parameter, one value', () => {
  it('refuses DOMAIN0 beside a DOMAIN list, and the same key in two spellings, naming it', () => {
    assert.throws(
      () => encodeCommand({ COMMAND: 'CheckDomains', DOMAIN0: 'a.com', DOMAIN: ['b.com', 'c.com'] }),
      (err: unknown) =>
        err instanceof IspapiCommandError &&
        err instanceof RegistrarRejectedError &&
        err.parameter === 'DOMAIN0' &&
        /DOMAIN0/.test(err.message),
    );
    assert.throws(() => encodeCommand({ COMMAND: 'StatusDomain', domain: 'a.com', DOMAIN: 'a.com' }), /DOMAIN\b/);
    assert.throws(
      () => encodeCommand({ COMMAND: 'X', OWNERCONTACT0: { email: 'a' }, OWNERCONTACT0EMAIL: 'b' }),
      /EMAIL/,
    );
    // null/undefined send nothing, so they take no wire key.
    assert.equal(encodeCommand({ COMMAND: 'X', DOMAIN0: null, DOMAIN: ['b.com'] }), 'COMMAND=X\nDOMAIN0=b.com');
  });
});

describe('ISPAPI client over HTTP: footer and refused commands', () => {
  let server: Server;
  let body = '';
  let requests = 0;
  let client: IspapiClient;
  before(async () => {
    server = createServer((req, res) => {
      requests += 1;
      req.resume();
      req.on('end', () => res.end(body));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    client = new IspapiClient({
      url: `http://127.0.0.1:${port}/api/call.cgi`,
      entity: '1234',
      login: 'test',
      password: 'secret',
      connectTimeoutMs: 5000,
      requestTimeoutMs: 5000,
    });
  });
  after(async () => {
    await client.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('an answer ending in lower-case eof is complete, not truncated', async () => {
    body = '[RESPONSE]\r\nCODE=200\r\nDESCRIPTION=ok\r\nPROPERTY[STATUS][0]=ACTIVE\r\neof\r\n';
    const r = await client.send({ COMMAND: 'StatusDomain', DOMAIN: 'example.com' });
    assert.deepEqual(r.properties.STATUS, ['ACTIVE']);
  });

  it('EOF after a U+2028 inside a value is not the footer: the answer is truncated', async () => {
    body = '[RESPONSE]\r\nCODE=200\r\nDESCRIPTION=ok\r\nPROPERTY[X][0]=a\u2028EOF\u2028\r\nPROPERTY[NAMESERVER][0]=ns1';
    await assert.rejects(
      client.send({ COMMAND: 'StatusDomain', DOMAIN: 'example.com' }),
      (err: unknown) => err instanceof RegistrarTemporaryError && /truncated/.test(err.message),
    );
  });

  it('a command with DOMAIN0 and a DOMAIN list is refused before any HTTP call', async () => {
    const before = requests;
    await assert.rejects(
      client.send({ COMMAND: 'CheckDomains', DOMAIN0: 'a.com', DOMAIN: ['b.com'] }),
      (err: unknown) =>
        err instanceof RegistrarRejectedError &&
        /DOMAIN0/.test(err.message) &&
        err.details.operation === 'CheckDomains',
    );
    assert.equal(requests, before, 'no request reached the server');
  });

  it('with useSession, the refused command does not start a session either', async () => {
    const before = requests;
    const { port } = server.address() as AddressInfo;
    const sessionClient = new IspapiClient({
      url: `http://127.0.0.1:${port}/api/call.cgi`,
      entity: '1234',
      login: 'test',
      password: 'secret',
      connectTimeoutMs: 5000,
      requestTimeoutMs: 5000,
      useSession: true,
    });
    try {
      await assert.rejects(
        sessionClient.send({ COMMAND: 'StatusDomain', domain: 'a.com', DOMAIN: 'a.com' }),
        (err: unknown) => err instanceof IspapiCommandError && err.parameter === 'DOMAIN',
      );
      assert.equal(requests, before, 'no StartSession, no command');
    } finally {
      await sessionClient.close();
    }
  });
});

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decodeCommand, encodeCommand, formatResponse, parseResponse } from '../../src/registrars/ispapi/wire';
import { classifyCode, maskCommandText, maskForLog, maskForm } from '../../src/registrars/ispapi/codes';

describe('ISPAPI command encoding', () => {
  it('flattens lists and inline contacts, skips null, keeps empty strings, strips line breaks', () => {
    const text = encodeCommand({
      COMMAND: 'AddDomain',
      domain: 'example.com',
      NAMESERVER: ['ns1.example.net', 'ns2.example.net'],
      OWNERCONTACT0: { firstname: 'Jo', EMAIL: 'jo@example.com' },
      TRANSFERLOCK: true,
      PERIOD: 1,
      SKIPPED: undefined,
      NOTHING: null,
      EMPTY: '',
      NOTE: 'line1\r\nline2',
    });
    assert.deepEqual(text.split('\n'), [
      'COMMAND=AddDomain',
      'DOMAIN=example.com',
      'NAMESERVER0=ns1.example.net',
      'NAMESERVER1=ns2.example.net',
      'OWNERCONTACT0FIRSTNAME=Jo',
      'OWNERCONTACT0EMAIL=jo@example.com',
      'TRANSFERLOCK=1',
      'PERIOD=1',
      'EMPTY=',
      'NOTE=line1line2',
    ]);
  });

  it('decodes what it encodes, case-insensitively and with spaces around =', () => {
    const decoded = decodeCommand('command = StatusDomain\r\ndomain=example.com\n\nAUTH=a=b=c\nnot a pair');
    assert.deepEqual(decoded, { COMMAND: 'StatusDomain', DOMAIN: 'example.com', AUTH: 'a=b=c' });
  });
});

describe('ISPAPI response parsing', () => {
  it('parses the documented example with spaces, CRLF, blank lines and properties by appearance', () => {
    const body =
      '[RESPONSE]\r\ncode = 200\r\nDESCRIPTION = Command completed successfully\r\n\r\n' +
      'PROPERTY[NAMESERVER][1]=ns2.example.net\r\nproperty[ nameserver ][0] = ns1.example.net \r\n' +
      'PROPERTY[PEERUSER][0]=\r\nPENDING=1\r\nQUEUETIME=0\r\nRUNTIME=0.012\r\nEPPCODE=1001\r\nEOF\r\n';
    const r = parseResponse(body);
    assert.equal(r.code, 200);
    assert.equal(r.description, 'Command completed successfully');
    assert.deepEqual(r.properties.NAMESERVER, ['ns2.example.net', 'ns1.example.net']);
    assert.deepEqual(r.properties.PEERUSER, ['']);
    assert.equal(r.pending, true);
    assert.equal(r.runtime, 0.012);
    assert.equal(r.queueTime, 0);
    assert.equal(r.meta.EPPCODE, '1001');
  });

  it('refuses bodies without CODE or DESCRIPTION, and empty ones', () => {
    assert.throws(() => parseResponse(''), /empty/);
    assert.throws(() => parseResponse('[RESPONSE]\nDESCRIPTION=x\nEOF'), /no CODE/);
    assert.throws(() => parseResponse('[RESPONSE]\nCODE=200\nDESCRIPTION=\nEOF'), /no DESCRIPTION/);
    assert.throws(() => parseResponse('<html>502 Bad Gateway</html>'), /not an ISPAPI response/);
    assert.throws(() => parseResponse('[RESPONSE]\nCODE=2x0\nDESCRIPTION=x\nEOF'), /no CODE/);
  });

  it('round-trips through the server-side formatter', () => {
    const body = formatResponse({
      code: 545,
      description: 'Object not found',
      properties: { STATUS: ['ACTIVE', 'clientTransferProhibited'], COUNT: [2] },
      pending: true,
    });
    assert.ok(body.startsWith('[RESPONSE]\r\n'));
    assert.ok(body.endsWith('EOF\r\n'));
    const r = parseResponse(body);
    assert.equal(r.code, 545);
    assert.deepEqual(r.properties.STATUS, ['ACTIVE', 'clientTransferProhibited']);
    assert.deepEqual(r.properties.COUNT, ['2']);
    assert.equal(r.pending, true);
  });
});

describe('ISPAPI code classification', () => {
  const cases: Array<[number, string, string]> = [
    [200, 'Command completed successfully', 'ok'],
    [218, 'Request is available', 'ok'],
    [420, 'Command failed due to server error. Server closing connection', 'temporary'],
    [421, 'Command failed due to server error. Client should try again', 'temporary'],
    [423, 'Could not get session', 'temporary'],
    [425, 'Service temporarily locked; usage exceeded', 'temporary'],
    [521, 'Too many sessions open', 'temporary'],
    [530, 'Authentication failed', 'authentication'],
    [531, 'Authorization failed; Operation forbidden by ACL', 'authentication'],
    [531, 'Authorization failed', 'rejected'],
    [546, 'Credit limit exceeded', 'funds'],
    [504, 'Missing required attribute', 'rejected'],
    [545, 'Object not found', 'rejected'],
    [549, 'Command failed', 'rejected'],
  ];
  for (const [code, description, kind] of cases) {
    it(`${code} ${description} -> ${kind}`, () => assert.equal(classifyCode(code, description), kind));
  }
});

describe('masking', () => {
  it('masks secrets in commands and form fields, and nothing else', () => {
    const masked = maskCommandText(
      'COMMAND=TransferDomain\nDOMAIN=example.com\nAUTH=s3cret!\nPASSWORD=pw\nX-IT-PIN=1234',
    );
    assert.equal(masked, 'COMMAND=TransferDomain\nDOMAIN=example.com\nAUTH=***\nPASSWORD=***\nX-IT-PIN=***');
    const form = maskForm({
      s_entity: '1234',
      s_login: 'user',
      s_pw: 'pw',
      s_otp: '1',
      s_session: 's',
      s_command: 'AUTH=x',
    });
    assert.deepEqual(form, {
      s_entity: '1234',
      s_login: 'user',
      s_pw: '***',
      s_otp: '***',
      s_session: '***',
      s_command: 'AUTH=***',
    });
  });
});

describe('log masking', () => {
  it('masks inline contact data as well as secrets', () => {
    const masked = maskForLog(
      'COMMAND=AddDomain\nDOMAIN=x.com\nOWNERCONTACT0EMAIL=jo@example.com\nADMINCONTACT0PHONE=+31.2\nAUTH=s',
    );
    assert.equal(masked, 'COMMAND=AddDomain\nDOMAIN=x.com\nOWNERCONTACT0EMAIL=***\nADMINCONTACT0PHONE=***\nAUTH=***');
  });
});

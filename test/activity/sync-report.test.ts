import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createMailActivities } from '../../src/activities/mail';
import { createReportActivities } from '../../src/activities/report';
import { loadMailConfig } from '../../src/config/mail';
import type { SyncReport } from '../../src/contracts';
import { startSmtpListener } from '../helpers/smtp';

const base = {
  registrar: 'openprovider' as const,
  account: 'main',
  startedAt: '2026-03-01T02:00:00.000Z',
  finishedAt: '2026-03-01T02:03:10.000Z',
  domainsSeen: 500,
};

describe('sendSyncReport through a real SMTP listener', () => {
  let smtp: Awaited<ReturnType<typeof startSmtpListener>>;
  const activities = (sendEmpty: boolean) => {
    const settings = loadMailConfig({ DOMAINFLOW_SMTP_URL: smtp.url, DOMAINFLOW_ADMIN_EMAIL: 'ops@reseller.example' });
    return createReportActivities(createMailActivities(settings).sendMail, { sendEmpty });
  };
  before(async () => {
    smtp = await startSmtpListener();
  });
  after(async () => smtp.close());

  it('one mail to the admin with aligned tables of every kind of change and the errors', async () => {
    smtp.messages.length = 0;
    const report: SyncReport = {
      ...base,
      expiryChanges: [
        { domain: 'a-very-long-domain-name-for-alignment.com', from: '2026-05-01', to: '2027-05-01' },
        { domain: 'short.nl', from: '2026-06-30', to: '2027-06-30' },
      ],
      dueDateChanges: [{ domain: 'short.nl', from: '2026-06-16', to: '2027-06-16' }],
      phaseChanges: [{ domain: 'gone-away.de', from: 'active', to: 'transferred-away' }],
      corrections: [{ domain: 'privacy-off.com', setting: 'privacy', from: false, to: true }],
      errors: [{ domain: 'odd.ch', message: 'the registrar shows no expiry date' }, { message: 'page 7 timed out' }],
    };
    assert.deepEqual(await activities(false).sendSyncReport(report), { sent: true });
    assert.equal(smtp.messages.length, 1);
    const [mail] = smtp.messages;
    assert.deepEqual(mail!.to, ['ops@reseller.example']);
    assert.match(mail!.subject, /sync report openprovider\/main: 5 changes, 2 errors/);
    // The listener keeps the quoted-printable body (the arrows are UTF-8); a mail reader decodes it.
    const body = Buffer.from(
      mail!.body.replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))),
      'latin1',
    ).toString('utf8');
    assert.match(body, /500 domains seen/);
    for (const title of [
      'Errors that need a person (2)',
      'Expiry changes (2)',
      'Due-date changes (1)',
      'Phase changes (1)',
      'Corrected at the registrar (autorenew / privacy) (1)',
    ]) {
      assert.ok(body.includes(title), `section ${title}`);
    }
    // Aligned: the arrow and the new date start in the same column on every row of the table.
    const rows = body.split('\n').filter((l) => / → /.test(l) && /20\d\d-\d\d-\d\d/.test(l));
    const expiryRows = rows.filter((l) => l.includes('2027-05-01') || l.includes('2027-06-30'));
    assert.equal(expiryRows.length, 2);
    assert.equal(expiryRows[0]!.indexOf('→'), expiryRows[1]!.indexOf('→'));
    assert.match(body, /a-very-long-domain-name-for-alignment\.com\s+2026-05-01\s+→\s+2027-05-01/);
    assert.match(body, /gone-away\.de\s+active\s+→\s+transferred-away/);
    assert.match(body, /privacy-off\.com\s+privacy\s+off\s+→\s+on/);
    assert.match(body, /—\s+page 7 timed out/);
    assert.match(mail!.messageId, /sync-report-openprovider-main-2026-03-01T02-00-00.000Z@domainflow/);
  });

  it('nothing changed: no mail, unless DOMAINFLOW_REPORT_SEND_EMPTY is on', async () => {
    smtp.messages.length = 0;
    assert.deepEqual(await activities(false).sendSyncReport({ ...base }), { sent: false });
    assert.equal(smtp.messages.length, 0);
    assert.deepEqual(await activities(true).sendSyncReport({ ...base }), { sent: true });
    assert.equal(smtp.messages.length, 1);
    assert.match(smtp.messages[0]!.subject, /0 changes/);
    assert.match(smtp.messages[0]!.body, /Nothing changed\./);
  });
});

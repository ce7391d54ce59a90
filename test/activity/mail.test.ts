import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createMailActivities, renderTemplate } from '../../src/activities/mail';
import { loadMailConfig } from '../../src/config/mail';
import { startSmtpListener } from '../helpers/smtp';

describe('mail through a real SMTP listener', () => {
  let smtp: Awaited<ReturnType<typeof startSmtpListener>>;
  before(async () => {
    smtp = await startSmtpListener();
  });
  after(async () => smtp.close());

  it('renders the template and delivers it to the admin address', async () => {
    const settings = loadMailConfig({ DOMAINFLOW_SMTP_URL: smtp.url, DOMAINFLOW_ADMIN_EMAIL: 'ops@reseller.example' });
    const { sendMail } = createMailActivities(settings);
    const result = await sendMail({
      to: 'admin',
      template: 'renewal-needs-attention',
      values: {
        domain: 'example.com',
        registrar: 'ispapi',
        expiresOn: '2026-12-01',
        reason: 'hard quarantine',
        phase: 'hard-quarantine',
        money: 'Nothing was charged by this workflow.',
        workflowId: 'renew:example.com:2026-12-01',
      },
      idempotencyKey: 'renew:example.com:2026-12-01:needs-attention',
    });
    assert.equal(result.delivered, true);
    assert.equal(smtp.messages.length, 1);
    const [mail] = smtp.messages;
    assert.deepEqual(mail!.to, ['ops@reseller.example']);
    assert.equal(mail!.from, 'domainflow@localhost');
    assert.match(mail!.subject, /example\.com: renewal needs a person \(hard-quarantine\)/);
    assert.match(mail!.body, /Why: hard quarantine/);
    assert.match(mail!.messageId, /renew-example\.com-2026-12-01-needs-attention@domainflow/);
  });

  it('a template value that is missing is an error, not an empty hole', () => {
    assert.throws(
      () => renderTemplate('renewal-done', { domain: 'x.com' }),
      /needs "registrar"|needs "newExpiresAt"|needs/,
    );
  });

  it('bad mail settings name the variable', () => {
    assert.throws(() => loadMailConfig({ DOMAINFLOW_SMTP_URL: 'http://x' }), /DOMAINFLOW_SMTP_URL: must be an smtp/);
    assert.throws(
      () => loadMailConfig({ DOMAINFLOW_ADMIN_EMAIL: 'nobody' }),
      /DOMAINFLOW_ADMIN_EMAIL: must be an e-mail/,
    );
  });
});

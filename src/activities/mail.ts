import { readFileSync } from 'node:fs';
import path from 'node:path';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Logger } from 'pino';
import { ApplicationFailure } from '@temporalio/common';
import type { MailSettings } from '../config/mail';
import { countMail } from '../workers/metrics';

/** Plain-text templates in templates/mail/<name>.txt: first line "Subject: ...", then the body. */
const TEMPLATE_DIR = path.resolve(__dirname, '../../templates/mail');
export const MAIL_TEMPLATES = [
  'renewal-needs-attention',
  'renewal-done',
  'backorder-low-balance',
  'backorder-won',
  'backorder-lost',
  'backorder-auction-started',
  'swiss-application-ended',
  'sync-report',
  'bulk-report',
  'dns-drift',
] as const;
export type MailTemplate = (typeof MAIL_TEMPLATES)[number];

export function renderTemplate(name: MailTemplate, values: Record<string, string>): { subject: string; text: string } {
  const source = readFileSync(path.join(TEMPLATE_DIR, `${name}.txt`), 'utf8');
  const filled = source.replace(/\{\{(\w+)\}\}/g, (_, key: string) => {
    const value = values[key];
    if (value === undefined) throw ApplicationFailure.nonRetryable(`template ${name} needs "${key}"`, 'TemplateError');
    return value;
  });
  const [first, ...rest] = filled.split('\n');
  if (!first?.startsWith('Subject: '))
    throw ApplicationFailure.nonRetryable(`template ${name} has no Subject line`, 'TemplateError');
  return { subject: first.slice('Subject: '.length).trim(), text: rest.join('\n').replace(/^\n/, '') };
}

export interface MailRequest {
  /** "admin" sends to the configured admin address */
  to: 'admin' | string;
  template: MailTemplate;
  values: Record<string, string>;
  /** makes a retried send recognisable (Message-ID), so a receiving system can drop the copy */
  idempotencyKey: string;
}

export function createMailActivities(settings: MailSettings, logger?: Logger) {
  const transport: Transporter = settings.smtpUrl
    ? nodemailer.createTransport(settings.smtpUrl)
    : nodemailer.createTransport({ jsonTransport: true });
  return {
    async sendMail(request: MailRequest): Promise<{ messageId: string; delivered: boolean }> {
      const { subject, text } = renderTemplate(request.template, request.values);
      const to = request.to === 'admin' ? settings.admin : request.to;
      const messageId = `<${request.idempotencyKey.replace(/[^A-Za-z0-9._-]/g, '-')}@domainflow>`;
      await transport.sendMail({ from: settings.from, to, subject, text, messageId });
      countMail(request.template);
      if (!settings.smtpUrl) logger?.info({ to, subject, text }, 'mail (no DOMAINFLOW_SMTP_URL: logged, not sent)');
      return { messageId, delivered: Boolean(settings.smtpUrl) };
    },
  };
}

export type MailActivities = ReturnType<typeof createMailActivities>;

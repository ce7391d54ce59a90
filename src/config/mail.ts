import { z } from 'zod';
import { describeZodError } from '../domain/validation';
import { ConfigError } from './config';

/**
 * Mail settings. Without DOMAINFLOW_SMTP_URL mail is not sent but written to the worker's log
 * (the embedded default), so nothing is lost and nothing needs an SMTP server to try the system.
 */
export const mailSchema = z.object({
  DOMAINFLOW_SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/\S+$/, 'must be an smtp:// or smtps:// URL, e.g. smtp://user:pass@mail.example.com:587')
    .optional()
    .meta({
      description: 'where mail is sent, `smtp://` or `smtps://` URL',
      defaultText: '— (mail is written to the worker log)',
    }),
  DOMAINFLOW_MAIL_FROM: z
    .email({ message: 'must be an e-mail address' })
    .default('domainflow@localhost')
    .describe('sender address of the mail'),
  DOMAINFLOW_ADMIN_EMAIL: z
    .email({ message: 'must be an e-mail address' })
    .default('admin@localhost')
    .describe('where admin mail goes (e.g. a renewal stopped in hard quarantine)'),
});

export interface MailSettings {
  smtpUrl?: string;
  from: string;
  admin: string;
}

export function loadMailConfig(env: NodeJS.ProcessEnv = process.env): MailSettings {
  const parsed = mailSchema.safeParse(env);
  if (!parsed.success) throw new ConfigError(`invalid configuration: ${describeZodError(parsed.error, 'env')}`);
  return {
    smtpUrl: parsed.data.DOMAINFLOW_SMTP_URL,
    from: parsed.data.DOMAINFLOW_MAIL_FROM,
    admin: parsed.data.DOMAINFLOW_ADMIN_EMAIL,
  };
}

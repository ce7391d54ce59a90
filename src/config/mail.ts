import { z } from 'zod';
import { describeZodError } from '../domain/validation';
import { ConfigError } from './config';

/**
 * Mail settings. Without DOMAINFLOW_SMTP_URL mail is not sent but written to the worker's log
 * (the embedded default), so nothing is lost and nothing needs an SMTP server to try the system.
 */
const mailSchema = z.object({
  DOMAINFLOW_SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/\S+$/, 'must be an smtp:// or smtps:// URL, e.g. smtp://user:pass@mail.example.com:587')
    .optional(),
  DOMAINFLOW_MAIL_FROM: z.email({ message: 'must be an e-mail address' }).default('domainflow@localhost'),
  DOMAINFLOW_ADMIN_EMAIL: z.email({ message: 'must be an e-mail address' }).default('admin@localhost'),
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

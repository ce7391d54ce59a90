import { z } from 'zod';
import { ConfigError } from './errors';
import { bool, isTrue } from './fields';

/** Receivers authenticate deliveries by the signature, so credentials in a URL are refused. */
const webhookUrls = z.string().transform((text, ctx) => {
  const urls = text
    .split(',')
    .map((u) => u.trim())
    .filter((u) => u.length > 0);
  if (urls.length === 0) {
    ctx.addIssue({ code: 'custom', message: 'must be a comma list of http(s) URLs; got none' });
    return z.NEVER;
  }
  for (const [i, text] of urls.entries()) {
    let url: URL | undefined;
    try {
      url = new URL(text);
    } catch {
      url = undefined;
    }
    const rule = !url
      ? 'is not a URL'
      : !/^https?:$/.test(url.protocol)
        ? 'must be http or https'
        : url.username || url.password
          ? 'must not contain credentials (receivers check the signature instead)'
          : undefined;
    if (rule) {
      ctx.addIssue({ code: 'custom', message: `must be a comma list of http(s) URLs; URL ${i + 1} ${rule}` });
      return z.NEVER;
    }
  }
  return [...new Set(urls)];
});

/** Change events (docs/events.md) and the sync report mail. */
export const eventsEnv = {
  DOMAINFLOW_WEBHOOK_URLS: webhookUrls.optional().meta({
    description: 'comma list of http(s) URLs that receive every change event (signed JSON POST, see docs/events.md)',
    defaultText: '— (events are recorded, not sent; `npm start` uses its sandbox receiver)',
  }),
  DOMAINFLOW_WEBHOOK_SECRET: z
    .string()
    .min(16, 'must be at least 16 characters (e.g. openssl rand -hex 32)')
    .optional()
    .describe('shared secret of the HMAC-SHA256 signature; required with `DOMAINFLOW_WEBHOOK_URLS`, never logged'),
  DOMAINFLOW_REPORT_SEND_EMPTY: bool
    .default('false')
    .describe('`true`/`false` (`1`/`0`): send the sync report mail also when a sync changed nothing'),
};

type EventsEnv = z.infer<z.ZodObject<typeof eventsEnv>>;

/** Where change events go (src/activities/webhook.ts); the secret stays in the worker process. */
export interface WebhookSettings {
  urls: string[];
  /** set whenever urls is not empty */
  secret?: string;
}

export interface ReportSettings {
  /** send the sync report mail even when nothing changed */
  sendEmpty: boolean;
}

export function loadWebhookSettings(e: EventsEnv): WebhookSettings {
  if (e.DOMAINFLOW_WEBHOOK_URLS && !e.DOMAINFLOW_WEBHOOK_SECRET) {
    throw new ConfigError(
      'invalid configuration: DOMAINFLOW_WEBHOOK_SECRET: required when DOMAINFLOW_WEBHOOK_URLS is set (receivers verify the signature with it)',
    );
  }
  return {
    urls: e.DOMAINFLOW_WEBHOOK_URLS ?? [],
    ...(e.DOMAINFLOW_WEBHOOK_URLS ? { secret: e.DOMAINFLOW_WEBHOOK_SECRET } : {}),
  };
}

export function loadReportSettings(e: EventsEnv): ReportSettings {
  return { sendEmpty: isTrue(e.DOMAINFLOW_REPORT_SEND_EMPTY) };
}

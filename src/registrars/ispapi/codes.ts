import type { RegistrarErrorKind } from '../errors';

/** Codes the API uses for "try again later" (spec 1.6); 4xx in general is temporary in the SDKs. */
const TEMPORARY = new Set([420, 421, 423, 425, 521]);

/**
 * ISPAPI code -> error kind, or 'ok' for 2xx. Check results (218/219, 210/211) are answers, not
 * errors; callers that expect them look at the code before classifying.
 */
export function classifyCode(code: number, description: string): 'ok' | RegistrarErrorKind {
  if (code >= 200 && code < 300) return 'ok';
  if (TEMPORARY.has(code) || (code >= 400 && code < 500)) return 'temporary';
  if (code === 530) return 'authentication';
  if (code === 531 && /\bACL\b/i.test(description)) return 'authentication';
  if (code === 546) return 'funds';
  return 'rejected';
}

/** Keys whose values are secrets: masked in every log line and journal. */
const SECRET_COMMAND_KEYS = /^(PASSWORD|AUTH|NEWAUTH|DOMAINAUTH|PIN|X-IT-PIN)\d*$/i;
const SECRET_FORM_FIELDS = new Set(['s_pw', 's_otp', 's_session']);

export function maskCommandText(text: string): string {
  return text
    .split('\n')
    .map((line) => {
      const eq = line.indexOf('=');
      if (eq <= 0) return line;
      return SECRET_COMMAND_KEYS.test(line.slice(0, eq).trim()) ? `${line.slice(0, eq)}=***` : line;
    })
    .join('\n');
}

export function maskForm(form: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(form)) {
    if (SECRET_FORM_FIELDS.has(key)) out[key] = '***';
    else if (key === 's_command') out[key] = maskCommandText(value);
    else out[key] = value;
  }
  return out;
}

export function isSecretCommandKey(key: string): boolean {
  return SECRET_COMMAND_KEYS.test(key);
}

/** Contact fields sent inline are personal data: kept out of logs (the registrar still gets them). */
const PERSONAL_COMMAND_KEYS =
  /^(OWNER|ADMIN|TECH|BILLING)CONTACT\d+(FIRSTNAME|LASTNAME|MIDDLENAME|ORGANIZATION|STREET|CITY|STATE|ZIP|PHONE|FAX|EMAIL)$/i;

/** For log lines: secrets and personal data masked. */
export function maskForLog(text: string): string {
  return maskCommandText(text)
    .split('\n')
    .map((line) => {
      const eq = line.indexOf('=');
      return eq > 0 && PERSONAL_COMMAND_KEYS.test(line.slice(0, eq).trim()) ? `${line.slice(0, eq)}=***` : line;
    })
    .join('\n');
}

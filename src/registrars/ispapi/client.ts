import { Agent, request } from 'undici';
import type { Logger } from 'pino';
import { registrarError, RegistrarTemporaryError } from '../errors';
import { classifyCode, maskForLog } from './codes';
import { encodeCommand, hasEofLine, IspapiParseError, parseResponse, type Command, type IspapiResponse } from './wire';

export const ISPAPI_ENDPOINTS = {
  live: { url: 'https://api.ispapi.net/api/call.cgi', entity: '54cd' },
  ote: { url: 'https://api-ote.ispapi.net/api/call.cgi', entity: '1234' },
} as const;

export interface IspapiClientOptions {
  url: string;
  /** 54cd live, 1234 OT&E */
  entity: string;
  login: string;
  /** role user: sent as login!role */
  role?: string;
  password: string;
  connectTimeoutMs: number;
  requestTimeoutMs: number;
  userAgent?: string;
  logger?: Logger;
  /**
   * Log in once with StartSession and send its id as `s_session` instead of login and password
   * (USER/SESSION/STARTSESSION.md); a 530 for an expired session starts one new session, once.
   */
  useSession?: boolean;
}

/** A session id, or the StartSession answer that refused one (530 for wrong credentials). */
type SessionResult = { id: string } | { refused: IspapiResponse };

/**
 * Sends ISPAPI commands: one form POST per command, stateless (login and password every time, as
 * the reseller modules do) unless `useSession`, then the password goes over the wire once per
 * session. Answers with the parsed response for any code; `call` also throws the classified
 * RegistrarError for non-2xx codes.
 */
export class IspapiClient {
  private readonly agent: Agent;
  /** shared by concurrent calls, so they wait for one StartSession instead of each starting one */
  private session?: Promise<SessionResult>;

  constructor(private readonly options: IspapiClientOptions) {
    this.agent = new Agent({
      connect: { timeout: options.connectTimeoutMs },
      headersTimeout: options.requestTimeoutMs,
      bodyTimeout: options.requestTimeoutMs,
    });
  }

  /** Raw exchange: any API code comes back as a response; transport problems throw temporary errors. */
  async send(command: Command): Promise<IspapiResponse> {
    if (!this.options.useSession || /^(start|end)session$/i.test(command.COMMAND)) {
      return this.exchange(command, this.credentials());
    }
    // A command that cannot be encoded (a parameter given twice) must not even start a session.
    encodeCommand(command);
    const first = this.session ?? this.startSession();
    const started = await first;
    if ('refused' in started) return started.refused;
    const response = await this.exchange(command, { s_session: started.id });
    if (response.code !== 530) return response;
    // Expired or ended (idle TIMEOUT, MAXTTL): the command did not run. One new session, one retry;
    // a second 530 is the caller's authentication error.
    if (this.session === first) this.session = undefined;
    const renewed = await (this.session ?? this.startSession());
    if ('refused' in renewed) return renewed.refused;
    return this.exchange(command, { s_session: renewed.id });
  }

  private credentials(): Record<string, string> {
    return {
      s_login: this.options.role ? `${this.options.login}!${this.options.role}` : this.options.login,
      s_pw: this.options.password,
    };
  }

  private startSession(): Promise<SessionResult> {
    const pending = this.exchange({ COMMAND: 'StartSession' }, this.credentials()).then(
      (response): SessionResult => {
        const id = response.properties.SESSION?.[0];
        if (response.code >= 200 && response.code < 300 && id) {
          this.options.logger?.debug({ registrar: 'ispapi' }, 'ispapi session started');
          return { id };
        }
        if (this.session === pending) this.session = undefined;
        return { refused: response };
      },
      (err: unknown) => {
        if (this.session === pending) this.session = undefined;
        throw err;
      },
    );
    this.session = pending;
    return pending;
  }

  /** One POST; `auth` is s_login/s_pw or s_session, never logged (only the masked command is). */
  private async exchange(command: Command, auth: Record<string, string>): Promise<IspapiResponse> {
    // Throws IspapiCommandError (a RegistrarRejectedError) for a parameter given twice: nothing is sent.
    const commandText = encodeCommand(command);
    const form = new URLSearchParams({ s_entity: this.options.entity, ...auth, s_command: commandText });
    const started = Date.now();
    const operation = command.COMMAND;
    const details = { registrar: 'ispapi', operation };
    let body: string;
    try {
      const res = await request(this.options.url, {
        method: 'POST',
        dispatcher: this.agent,
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'user-agent': this.options.userAgent ?? 'domainflow',
        },
        body: form.toString(),
        signal: AbortSignal.timeout(this.options.requestTimeoutMs),
      });
      body = await res.body.text();
      if (res.statusCode < 200 || res.statusCode >= 300) {
        throw new RegistrarTemporaryError(`HTTP ${res.statusCode} from ISPAPI`, {
          ...details,
          code: String(res.statusCode),
        });
      }
    } catch (err) {
      this.options.logger?.warn(
        { command: maskForLog(commandText), ms: Date.now() - started, err: String(err) },
        'ispapi transport error',
      );
      if (err instanceof RegistrarTemporaryError) throw err;
      throw new RegistrarTemporaryError(
        `ISPAPI not reachable: ${(err as Error).message}`,
        { ...details, code: '421' },
        {
          cause: err,
        },
      );
    }
    let response: IspapiResponse;
    try {
      response = parseResponse(body);
    } catch (err) {
      if (err instanceof IspapiParseError) {
        throw new RegistrarTemporaryError(`ISPAPI ${err.message}`, { ...details, code: '423' });
      }
      throw err;
    }
    // A body cut short after DESCRIPTION still parses, minus the properties it lost (nameservers,
    // statuses): without the footer it is not an answer to act on. The command may have run.
    // The API ends every answer with an EOF line (spec 1.4), in any case; a line is LF/CRLF-ended only.
    if (!hasEofLine(body)) {
      throw new RegistrarTemporaryError('ISPAPI answer truncated (no EOF line)', { ...details, code: '423' });
    }
    this.options.logger?.debug(
      { command: maskForLog(commandText), code: response.code, ms: Date.now() - started },
      'ispapi call',
    );
    return response;
  }

  /** Like send, but a non-2xx code throws the classified RegistrarError. */
  async call(command: Command): Promise<IspapiResponse> {
    const response = await this.send(command);
    IspapiClient.assertOk(command.COMMAND, response);
    return response;
  }

  static assertOk(operation: string, response: IspapiResponse): void {
    const kind = classifyCode(response.code, response.description);
    if (kind === 'ok') return;
    throw registrarError(kind, `${operation}: ${response.code} ${response.description}`, {
      registrar: 'ispapi',
      operation,
      code: String(response.code),
      description: response.description,
    });
  }

  /** A lookup answered with a temporary code (421, 423, 425 ...) is retried, never read as "not there". */
  static assertNotTemporary(operation: string, response: IspapiResponse): void {
    if (classifyCode(response.code, response.description) === 'temporary') IspapiClient.assertOk(operation, response);
  }

  /** Ends the session, if one was started (best effort: the API expires it anyway), then the connections. */
  async close(): Promise<void> {
    const session = this.session;
    this.session = undefined;
    const started = await session?.catch(() => undefined);
    if (started && 'id' in started) {
      await this.exchange({ COMMAND: 'EndSession' }, { s_session: started.id }).catch((err: unknown) => {
        this.options.logger?.warn({ registrar: 'ispapi', err: String(err) }, 'ispapi EndSession failed');
      });
    }
    await this.agent.close();
  }
}

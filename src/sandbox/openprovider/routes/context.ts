import type { OpenproviderRegistry } from '../registry';
import type { JournalEntry } from '../views';

/** What a route handler gets: the registry, the request's parts, the journal entry it may name the domain in. */
export interface RouteContext {
  registry: OpenproviderRegistry;
  param: string | undefined;
  body: unknown;
  query: URLSearchParams;
  journal: JournalEntry;
  /** POST /auth/login: checks the credentials and issues a token (the server holds tokens) */
  login(username: string, password: string): { token: string; reseller_id: number };
}

export type RouteHandler = (ctx: RouteContext) => unknown;

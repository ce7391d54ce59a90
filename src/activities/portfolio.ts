import { gunzipSync, gzipSync } from 'node:zlib';
import { ApplicationFailure } from '@temporalio/common';
import { Context } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import { parseDomainName } from '../domain/domain-name';
import { factsDigest, GONE_PHASES, type DomainFacts } from '../domain/portfolio';
import { isPortfolioRegistrar, type PortfolioEntry, type PortfolioRegistrar } from '../registrars/portfolio';
import type { RegistrarName } from '../registrars/registrar';
import { observeDomain, signalObservation } from '../client/domain';
import { startRenewal } from '../client/renew';
import {
  accountField,
  DEFAULT_ACCOUNT,
  type DomainChange,
  type DomainObservation,
  parseDomainEntityId,
  FactsDigest,
  LifecycleState,
  type ObservationSource,
  type ObserveResult,
  Registrar as RegistrarKey,
} from '../contracts';
import { pool } from '../util/pool';
import { registrarOf, type RegistrarSet } from './registrar-set';
import { withRegistrarErrors } from './registrar-errors';

export interface PortfolioDependencies {
  registrars: RegistrarSet;
  /** a client on the worker's own connection: the domain workflows are reached through it */
  client: Client;
  /** the task queue the domain workflows run on */
  taskQueue: string;
  /** due date offset of domain workflows started here (DOMAINFLOW_DUE_DATE_OFFSET_DAYS) */
  dueDateOffsetDays?: number;
}

/**
 * Domain workflows handed facts at the same time by one page (Temporal calls, not registrar calls).
 * An import of 3,000 on the cluster handed over 52 domains/s at 16 and 62 at 64 (docs/reliability.md,
 * portfolio at scale): each call mostly waits on the server, and the workers' CPU bounds the rest.
 */
const HANDOFF_CONCURRENCY = 64;
/** Names per visibility query (`DomainName IN (...)`). */
const VISIBILITY_CHUNK = 200;
/** Missing domains checked per run; the rest wait for the next run. */
const MAX_MISSING_PER_RUN = 500;

export interface PortfolioPageInput {
  registrar: RegistrarName;
  /** the registrar account (docs/accounts.md); absent: `default` */
  account?: string;
  cursor?: string;
  pageSize: number;
  source: Extract<ObservationSource, 'sync' | 'import'>;
  /** the run's workflow ID: observation ids derive from it, so a retried page changes nothing twice */
  runId: string;
  page: number;
  dueDateOffsetDays: number;
}

export interface PortfolioPageOutcome {
  listed: number;
  next?: string;
  total?: number;
  /** new entity workflows */
  started: number;
  /** existing entities whose facts differed */
  updated: number;
  /** digest equal: nothing sent */
  unchanged: number;
  /** listed domains that are not gone (deleted, transferred away): live entities after this page */
  listedLive: number;
  changes: Array<{ domain: string; change: DomainChange }>;
  problems: Array<{ domain?: string; message: string }>;
  /** the listed names, gzip + base64 (the missing-domain check compares against them) */
  names: string;
}

interface KnownEntity {
  workflowId: string;
  digest?: string;
  registrar?: string;
  phase?: string;
}

const quote = (value: string): string => `'${value.replace(/'/g, "\\'")}'`;

export const encodeNames = (names: string[]): string => gzipSync(Buffer.from(names.join('\n'))).toString('base64');
export const decodeNames = (blob: string): string[] =>
  blob === '' ? [] : gunzipSync(Buffer.from(blob, 'base64')).toString('utf8').split('\n').filter(Boolean);

const liveEntitiesQuery = (registrar: string): string =>
  `WorkflowType = 'domain' AND ExecutionStatus = 'Running' AND Registrar = ${quote(registrar)} AND ` +
  `LifecycleState NOT IN ('domain-transferred-away', 'domain-deleted')`;

/**
 * The portfolio's activities: list the registrar in pages and hand each domain's facts to its
 * `domain` workflow (only those whose facts digest differs), check domains the list no longer
 * shows, and the registrar settings the entity keeps in line. The list and check activities run
 * on the registrar's rate-limited task queue: one list activity is one registrar call.
 */
export function createPortfolioActivities(deps: PortfolioDependencies) {
  const { client, taskQueue } = deps;
  const pick = (name: RegistrarName, account?: string): PortfolioRegistrar => {
    const registrar = registrarOf(deps.registrars, name, account);
    if (!isPortfolioRegistrar(registrar)) {
      throw ApplicationFailure.nonRetryable(`registrar ${name} cannot list its portfolio`, 'PortfolioUnsupported');
    }
    return registrar;
  };

  /**
   * The entities of these names in this account as visibility shows them (one query per
   * VISIBILITY_CHUNK names; another account's entity of the same name has another workflow ID).
   */
  const knownEntities = async (names: string[], account?: string): Promise<Map<string, KnownEntity>> => {
    const known = new Map<string, KnownEntity>();
    for (let i = 0; i < names.length; i += VISIBILITY_CHUNK) {
      const chunk = names.slice(i, i + VISIBILITY_CHUNK);
      const query =
        `WorkflowType = 'domain' AND ExecutionStatus = 'Running' AND ` +
        `DomainName IN (${chunk.map(quote).join(', ')})`;
      for await (const wf of client.workflow.list({ query, pageSize: VISIBILITY_CHUNK })) {
        const id = parseDomainEntityId(wf.workflowId);
        if (!id || id.account !== (account ?? DEFAULT_ACCOUNT)) continue;
        known.set(id.domain, {
          workflowId: wf.workflowId,
          digest: wf.typedSearchAttributes.get(FactsDigest),
          registrar: wf.typedSearchAttributes.get(RegistrarKey),
          phase: wf.typedSearchAttributes.get(LifecycleState)?.replace(/^domain-/, ''),
        });
      }
    }
    return known;
  };

  const observation = (source: ObservationSource, facts: DomainFacts, observationId: string): DomainObservation => ({
    source,
    observedAt: new Date().toISOString(),
    facts,
    observationId,
  });

  return {
    /**
     * One page: one registrar list call, one visibility query per 200 names, and a message only to
     * the domain workflows whose facts changed (update-with-start: their real changes come back)
     * or that do not exist yet (sync: update-with-start; import: signal-with-start, no waiting).
     */
    async syncPortfolioPage(input: PortfolioPageInput): Promise<PortfolioPageOutcome> {
      const context = Context.current();
      const page = await withRegistrarErrors(() =>
        pick(input.registrar, input.account).listPortfolio({ cursor: input.cursor, limit: input.pageSize }),
      );
      context.heartbeat({ page: input.page, listed: page.entries.length });
      const problems = [...page.problems];
      const entries: PortfolioEntry[] = [];
      for (const entry of page.entries) {
        const parsed = parseDomainName(entry.domain);
        if (parsed.ok && parsed.value.ascii === entry.domain) entries.push(entry);
        else
          problems.push({
            domain: entry.domain,
            message: 'the registrar listed a name that is not a valid ASCII domain',
          });
      }
      const known = await knownEntities(
        entries.map((e) => e.domain),
        input.account,
      );
      const outcome: PortfolioPageOutcome = {
        listed: page.entries.length,
        ...(page.next !== undefined ? { next: page.next } : {}),
        ...(page.total !== undefined ? { total: page.total } : {}),
        started: 0,
        updated: 0,
        unchanged: 0,
        listedLive: entries.filter((e) => !GONE_PHASES.has(e.facts.phase ?? 'active')).length,
        changes: [],
        problems,
        names: encodeNames(entries.map((e) => e.domain)),
      };
      let done = 0;
      await pool(entries, HANDOFF_CONCURRENCY, async (entry) => {
        const entity = known.get(entry.domain);
        if (entity && entity.registrar === input.registrar && entity.digest === factsDigest(entry.facts)) {
          outcome.unchanged += 1;
          return;
        }
        const target = {
          domain: entry.domain,
          registrar: input.registrar,
          ...accountField(input.account),
          dueDateOffsetDays: input.dueDateOffsetDays,
        };
        const seen = observation(input.source, entry.facts, `${input.runId}:${input.page}:${entry.domain}`);
        try {
          if (!entity && input.source === 'import') {
            await signalObservation(client, target, seen, { taskQueue });
          } else {
            const result: ObserveResult = await observeDomain(client, target, seen, { taskQueue });
            for (const change of result.changes) outcome.changes.push({ domain: entry.domain, change });
          }
          if (entity) outcome.updated += 1;
          else outcome.started += 1;
        } catch (err) {
          problems.push({
            domain: entry.domain,
            message: `handing the facts to its workflow failed: ${(err as Error).message}`,
          });
        }
        if (++done % 50 === 0) context.heartbeat({ page: input.page, done });
      });
      return outcome;
    },

    /**
     * Live domain workflows of this registrar the run's pages did not list. Cheap when nothing is
     * missing: a visibility count compared with the number of live domains listed; only a
     * difference lists the entities and compares names.
     */
    async findMissingDomains(input: {
      registrar: RegistrarName;
      account?: string;
      listedLive: number;
      names: string[];
    }): Promise<string[]> {
      const query = liveEntitiesQuery(input.registrar);
      // The count covers every account of the registrar; a registrar with several accounts always
      // lists, then keeps this account's entities (their workflow IDs say the account).
      const { count } = await client.workflow.count(query);
      if (count <= input.listedLive) return [];
      const listed = new Set(input.names.flatMap(decodeNames));
      const missing: string[] = [];
      for await (const wf of client.workflow.list({ query })) {
        const id = parseDomainEntityId(wf.workflowId);
        if (!id || id.account !== (input.account ?? DEFAULT_ACCOUNT)) continue;
        if (!listed.has(id.domain)) missing.push(id.domain);
        if (missing.length >= MAX_MISSING_PER_RUN) break;
      }
      return missing.sort();
    },

    /** One domain the list no longer shows: transferred away, expired (restorable) or deleted. */
    async checkMissingDomain(input: {
      registrar: RegistrarName;
      account?: string;
      domain: string;
      runId: string;
      dueDateOffsetDays: number;
    }): Promise<{ domain: string; phase: string; changes: DomainChange[] }> {
      const lifecycle = await withRegistrarErrors(() =>
        registrarOf(deps.registrars, input.registrar, input.account).readLifecycle(input.domain),
      );
      const facts: DomainFacts = { phase: lifecycle.phase };
      if (lifecycle.registryExpiresAt) facts.registryExpiresAt = lifecycle.registryExpiresAt;
      if (lifecycle.displayExpiresAt) facts.displayExpiresAt = lifecycle.displayExpiresAt;
      if (lifecycle.registrarStatus) facts.registrarStatus = lifecycle.registrarStatus.slice(0, 500);
      const result = await observeDomain(
        client,
        {
          domain: input.domain,
          registrar: input.registrar,
          ...accountField(input.account),
          dueDateOffsetDays: input.dueDateOffsetDays,
        },
        observation('sync', facts, `${input.runId}:missing:${input.domain}`),
        { taskQueue },
      );
      return { domain: input.domain, phase: lifecycle.phase, changes: result.changes };
    },

    async setRegistrarAutorenew(input: {
      registrar: RegistrarName;
      account?: string;
      domain: string;
      enabled: boolean;
    }): Promise<void> {
      await withRegistrarErrors(() =>
        pick(input.registrar, input.account).setRegistrarAutorenew(input.domain, input.enabled),
      );
    },

    /** Starts the renewal of one term (`renew:<domain>:<expiresOn>`); a second start joins the first. */
    async startDomainRenewal(input: {
      domain: string;
      registrar: RegistrarName;
      account?: string;
      expiresOn: string;
      periodYears: number;
      acceptRestoreFee?: { amount: string; currency: string };
      customerId?: string;
    }): Promise<{ workflowId: string; started: boolean }> {
      const { workflowId, started } = await startRenewal(client, input, { taskQueue });
      return { workflowId, started };
    },

    /**
     * A released workflow succeeded (registered, transferred in, approved, caught): its facts go to
     * the domain's entity, which starts if needed (signal-with-start: the workflow does not wait for
     * the entity's answer). Idempotent by the workflow ID, which is the observation id.
     */
    async recordDomainOutcome(input: {
      domain: string;
      registrar: RegistrarName;
      account?: string;
      customerId?: string;
      source: Extract<ObservationSource, 'register' | 'transfer' | 'swiss-application' | 'backorder'>;
      workflowId: string;
      facts: DomainFacts;
    }): Promise<void> {
      await signalObservation(
        client,
        {
          domain: input.domain,
          registrar: input.registrar,
          ...accountField(input.account),
          ...(input.customerId ? { customerId: input.customerId } : {}),
          ...(deps.dueDateOffsetDays !== undefined ? { dueDateOffsetDays: deps.dueDateOffsetDays } : {}),
        },
        {
          ...observation(input.source, input.facts, input.workflowId),
          workflowId: input.workflowId,
          ...(input.customerId ? { customerId: input.customerId } : {}),
        },
        { taskQueue },
      );
    },
  };
}

export type PortfolioActivities = ReturnType<typeof createPortfolioActivities>;

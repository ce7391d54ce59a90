import type { Client } from '@temporalio/client';
import { describePlan, diffZone, zoneDigest, type Zone, type ZonePlan } from '../domain/dns';
import { parseBindZone, zoneToBind } from '../domain/dns/bind';
import {
  parseZoneDocument,
  renderTemplate,
  zoneFromDocument,
  zoneToYaml,
  type ZoneFormat,
} from '../domain/dns/zone-file';
import { parseOrThrow, ValidationError } from '../domain/validation';
import type { DnsZoneRegistrar } from '../registrars/dns';
import { isDnssecRegistrar } from '../registrars/dnssec';
import { desiredState, formatRecord, recordsOf, sameState } from '../domain/dnssec';
import {
  applyZoneInputSchema,
  applyZoneStateQuery,
  applyZoneWorkflowId,
  DEFAULT_TASK_QUEUE,
  DomainName,
  LifecycleState,
  Registrar,
  type ApplyZoneInput,
  type ApplyZoneState,
  type ApplyZoneWorkflow,
} from '../contracts';
import { accountNote, checkAccount, type KnownAccounts } from './accounts';
import { startOnce, type StartedWorkflow } from './start-once';

/**
 * DNS zones as declared state (docs/dns.md): a zone file's text to validated records, a plan
 * (read-only, straight from the registrar adapter: no workflow), the durable apply, an export.
 */

export type StartedZoneApply = StartedWorkflow<ApplyZoneWorkflow>;

/**
 * A zone file's text (YAML, JSON or BIND) to a validated zone for `domain`; `{{domain}}`-style
 * placeholders are filled first (zone templates), with `values` beside the domain.
 */
export function zoneFromText(
  text: string,
  domain: string,
  format: ZoneFormat,
  values: Record<string, string> = {},
): Zone {
  const rendered = /\{\{/.test(text) ? renderTemplate(text, { domain, ...values }) : text;
  if (format === 'bind') return parseBindZone(rendered, domain);
  return zoneFromDocument(parseZoneDocument(rendered, format), domain);
}

/** What an apply would change, read from the registrar now; changes nothing. */
export async function planZone(
  registrar: DnsZoneRegistrar,
  zone: Zone,
  options: { prune?: boolean } = {},
): Promise<{ exists: boolean; plan: ZonePlan; lines: string[]; unsupported: string[]; dnssec?: string[] }> {
  const unsupported = zone.records
    .map((r, i) => ({ r, i }))
    .filter(({ r }) => !registrar.dnsRecordTypes.includes(r.type))
    .map(({ r, i }) => `records[${i}] (${r.name} ${r.type}): this registrar does not offer ${r.type} records`);
  const current = await registrar.readZone(zone.zone);
  const plan = diffZone(zone.records, current.records, { prune: options.prune ?? false });
  const lines = describePlan(plan);
  if (!current.exists) lines.push(`(the zone does not exist yet: apply creates it)`);
  const dnssec = zone.dnssec ? await planDnssec(registrar, zone.zone, zone.dnssec) : undefined;
  if (dnssec) lines.push(...dnssec);
  return { exists: current.exists, plan, lines, unsupported, ...(dnssec ? { dnssec } : {}) };
}

/** The `dnssec:` section against the registry: `+ DS …` / `- DS …` lines and a summary line. */
async function planDnssec(
  registrar: DnsZoneRegistrar,
  domain: string,
  declared: NonNullable<Zone['dnssec']>,
): Promise<string[]> {
  if (!isDnssecRegistrar(registrar)) return ['DNSSEC: this registrar does not manage DNSSEC (apply fails)'];
  const current = await registrar.readDnssec(domain);
  if (!current) return ['DNSSEC: the domain is not in this account (apply fails)'];
  const want = desiredState(current, 'set', declared);
  if (sameState(current, want)) return [`DNSSEC: unchanged (${declared.length} record(s))`];
  const have = new Set(recordsOf(current).map(formatRecord));
  const next = new Set(recordsOf(want).map(formatRecord));
  return [
    ...[...next].filter((l) => !have.has(l)).map((l) => `+ ${l}`),
    ...[...have].filter((l) => !next.has(l)).map((l) => `- ${l}`),
    'DNSSEC: set to the declared records',
  ];
}

/** Today's zone as YAML (the zone-file format) or a BIND file; a missing zone is an error naming it. */
export async function exportZone(
  registrar: DnsZoneRegistrar,
  domain: string,
  format: 'yaml' | 'bind',
): Promise<string> {
  const current = await registrar.readZone(domain);
  if (!current.exists) throw new ValidationError(`domain: the registrar holds no DNS zone ${domain}`, ['domain']);
  const zone: Zone = { zone: domain, records: current.records };
  return format === 'bind' ? zoneToBind(zone) : zoneToYaml(zone);
}

/**
 * Starts `apply-zone:<domain>`. One apply per zone runs at a time: when one is running, the same
 * records join it (`started: false`), other records are refused (its digest differs).
 */
export async function startZoneApply(
  client: Client,
  input: ApplyZoneInput,
  options: { taskQueue?: string; accounts?: KnownAccounts } = {},
): Promise<StartedZoneApply> {
  const params = parseOrThrow(applyZoneInputSchema, input);
  checkAccount(options.accounts, params.registrar, params.account);
  const started = await startOnce<ApplyZoneWorkflow>(client, 'applyZone', {
    taskQueue: options.taskQueue ?? DEFAULT_TASK_QUEUE,
    workflowId: applyZoneWorkflowId(params.domain, params.account),
    args: [{ ...input, domain: params.domain }],
    typedSearchAttributes: [
      { key: DomainName, value: params.domain },
      { key: Registrar, value: params.registrar },
      { key: LifecycleState, value: 'zone-reading' },
    ],
    staticSummary: `Apply ${params.records.length} records to ${params.domain}${accountNote(params.account)}`,
  });
  if (!started.started) {
    const running = await started.handle.query(applyZoneStateQuery);
    if (running.digest !== zoneDigest(params.records)) {
      throw new ValidationError(
        `domain: another apply of ${params.domain} is running (records digest ${running.digest}); wait for it or cancel it`,
        ['domain'],
      );
    }
  }
  return started;
}

export async function getZoneApplyState(client: Client, domain: string, account?: string): Promise<ApplyZoneState> {
  return client.workflow.getHandle(applyZoneWorkflowId(domain, account)).query(applyZoneStateQuery);
}

/** One domain of a template applied to many: its apply, started or joined. */
export interface TemplateApply {
  domain: string;
  started: StartedZoneApply;
}

/**
 * A zone template (`{{domain}}` and `values` placeholders) applied to many domains, one applyZone
 * each (issue 16 point 4; the bulk job has no zone kind yet). Every domain's zone is rendered and
 * validated before the first start, so an invalid one (its name, a record the template makes
 * invalid for it) starts nothing and names the domain; a domain named twice is applied once.
 */
export async function applyZoneTemplate(
  client: Client,
  input: {
    template: string;
    format: ZoneFormat;
    domains: string[];
    values?: Record<string, string>;
  } & Omit<ApplyZoneInput, 'domain' | 'records'>,
  options: { taskQueue?: string; accounts?: KnownAccounts } = {},
): Promise<TemplateApply[]> {
  const { template, format, domains, values, ...rest } = input;
  if (domains.length === 0) throw new ValidationError('domains: name at least one domain', ['domains']);
  const zones = [...new Set(domains.map((d) => d.trim().toLowerCase()))].map((domain, i) => {
    try {
      const zone = zoneFromText(template, domain, format, values);
      parseOrThrow(applyZoneInputSchema, { ...rest, domain: zone.zone, records: zone.records });
      return zone;
    } catch (err) {
      throw new ValidationError(`domains[${i}] (${domain}): ${(err as Error).message}`, ['domains']);
    }
  });
  const out: TemplateApply[] = [];
  for (const zone of zones) {
    out.push({
      domain: zone.zone,
      started: await startZoneApply(client, { ...rest, domain: zone.zone, records: zone.records }, options),
    });
  }
  return out;
}

/**
 * Host objects (child nameservers, glue): `host` workflow runs, one change or one read each
 * (docs/hosts.md). Pure and deterministic: part of the workflow bundle.
 */
import { z } from 'zod';
import ipaddr from 'ipaddr.js';
import { defineQuery } from '@temporalio/workflow';
import { domainNameSchema, hostNameSchema } from '../domain/domain-name';
import type { RegistrarName } from '../registrars/names';
import { registrarNameSchema, type StatusLogEntry } from './common';
import { accountScopedId, registrarAccountSchema } from './registrar-account';

/** At most 13 addresses per host: ISPAPI's IPADDRESS[0..12] (AddNameserver, ModifyNameserver). */
export const MAX_HOST_IPS = 13;

/**
 * One glue address: IPv4 in dotted-quad form or IPv6, parsed by ipaddr.js and written in its
 * canonical form (IPv6 compressed, lower case), so the same address never looks like a change.
 * Only global unicast addresses: a registry publishes glue for the whole Internet, and a private,
 * loopback or documentation address there is a typo that breaks resolution.
 */
export const hostIpSchema = z.string().transform((value, ctx) => {
  const text = value.trim();
  const v4 = ipaddr.IPv4.isValidFourPartDecimal(text);
  if (!v4 && !(text.includes(':') && ipaddr.IPv6.isValid(text))) {
    ctx.addIssue({ code: 'custom', message: `must be an IPv4 (1.2.3.4) or IPv6 (2a00:1450::1) address, got ${value}` });
    return z.NEVER;
  }
  const parsed = ipaddr.parse(text);
  const range = parsed.range();
  if (range !== 'unicast') {
    ctx.addIssue({ code: 'custom', message: `must be a public unicast address, ${value} is ${range}` });
    return z.NEVER;
  }
  return parsed.toString();
});

export const hostIpListSchema = z
  .array(hostIpSchema)
  .min(1, `must list 1 to ${MAX_HOST_IPS} IP addresses`)
  .max(MAX_HOST_IPS, `must list 1 to ${MAX_HOST_IPS} IP addresses`)
  .refine((ips) => new Set(ips).size === ips.length, 'must not repeat an IP address');

const requestIdSchema = z.string().min(1).max(200).optional();

/** What a `host` run does: a change (create, set, delete) or a read (show, list, check). */
export const hostInputSchema = z.discriminatedUnion('action', [
  z.object({
    action: z.literal('create'),
    registrar: registrarNameSchema,
    /** the registrar account (docs/accounts.md); another than `default` is part of the workflow ID */
    account: registrarAccountSchema,
    host: hostNameSchema,
    ips: hostIpListSchema,
    requestId: requestIdSchema,
  }),
  z.object({
    action: z.literal('set'),
    registrar: registrarNameSchema,
    /** the registrar account (docs/accounts.md); another than `default` is part of the workflow ID */
    account: registrarAccountSchema,
    host: hostNameSchema,
    ips: hostIpListSchema,
    requestId: requestIdSchema,
  }),
  z.object({
    action: z.literal('delete'),
    registrar: registrarNameSchema,
    /** the registrar account (docs/accounts.md); another than `default` is part of the workflow ID */
    account: registrarAccountSchema,
    host: hostNameSchema,
    requestId: requestIdSchema,
  }),
  z.object({
    action: z.literal('show'),
    registrar: registrarNameSchema,
    /** the registrar account (docs/accounts.md); another than `default` is part of the workflow ID */
    account: registrarAccountSchema,
    host: hostNameSchema,
    requestId: requestIdSchema,
  }),
  z.object({
    action: z.literal('check'),
    registrar: registrarNameSchema,
    /** the registrar account (docs/accounts.md); another than `default` is part of the workflow ID */
    account: registrarAccountSchema,
    host: hostNameSchema,
    requestId: requestIdSchema,
  }),
  /** every host under one domain of the account */
  z.object({
    action: z.literal('list'),
    registrar: registrarNameSchema,
    /** the registrar account (docs/accounts.md); another than `default` is part of the workflow ID */
    account: registrarAccountSchema,
    domain: domainNameSchema,
    requestId: requestIdSchema,
  }),
]);
export type HostInput = z.input<typeof hostInputSchema>;
export type HostAction = HostInput['action'];
export const HOST_CHANGE_ACTIONS = ['create', 'set', 'delete'] as const;

/**
 * Changes of one host run one at a time under the host's ID (a second start while one runs is
 * refused by Temporal); reads run under their own request id and never block a change.
 */
export function hostWorkflowId(
  input: { action: HostAction; registrar: RegistrarName; account?: string; requestId?: string } & (
    { host: string } | { domain: string }
  ),
): string {
  const subject = 'host' in input ? input.host : `*.${input.domain}`;
  // Another account: host:<account>:<registrar>:<name> (a host of one account never blocks another's).
  if ((HOST_CHANGE_ACTIONS as readonly string[]).includes(input.action)) {
    return accountScopedId(`host:${input.registrar}:${subject}`, input.account);
  }
  return accountScopedId(`host-read:${input.registrar}:${subject}:${input.requestId ?? 'now'}`, input.account);
}

/** A host as the registrar shows it. */
export interface HostView {
  host: string;
  ips: string[];
  /** the account's domain the host is under, when the registrar says */
  domain?: string;
  statuses?: string[];
}

export interface HostResult {
  action: HostAction;
  registrar: RegistrarName;
  host?: string;
  domain?: string;
  /** create/set/delete: false when the registrar already showed the wished state (nothing was sent) */
  changed?: boolean;
  /** show, and create/set after the read-back; absent after delete or for an unknown host */
  view?: HostView;
  /** list */
  hosts?: HostView[];
  /** check: the host name can be created at the registry */
  available?: boolean;
  reason?: string;
}

export type HostPhase = 'reading' | 'changing' | 'verifying' | 'done';
export interface HostState {
  phase: HostPhase;
  log: StatusLogEntry[];
  input: HostInput;
  result?: HostResult;
}
export const hostStateQuery = defineQuery<HostState>('state');

/** The `host` workflow as the client starts it (src/workflows/signatures.ts checks the code). */
export type HostWorkflow = (input: HostInput) => Promise<HostResult>;

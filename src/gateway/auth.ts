/**
 * API keys and what they may do. A key is 32 random bytes (base64url); the configuration holds
 * only its SHA-256, so a leaked configuration file does not leak a key. Each key has scopes (read,
 * operate, money) and may be restricted to one customer: then it sees and touches only workflows
 * and domains whose CustomerId search attribute is that customer, and anything else answers 404,
 * the same as a workflow that does not exist.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/client';
import { CustomerId, DomainName, domainWorkflowId } from '../contracts';
import type { GatewayKey, GatewayScope } from '../config/gateway';
import { HttpProblem, notFound } from './problem';

export const sha256Hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** A new key and the configuration entry for it (`domainflow serve --new-key`). */
export function newApiKey(id: string, scopes: GatewayScope[], customerId?: string): { key: string; entry: string } {
  const key = `dfk_${randomBytes(32).toString('base64url')}`;
  const entry = [id, sha256Hex(key), scopes.join('+'), ...(customerId ? [customerId] : [])].join(':');
  return { key, entry };
}

export class KeyRing {
  private readonly byHash = new Map<string, GatewayKey>();
  constructor(keys: readonly GatewayKey[]) {
    for (const key of keys) this.byHash.set(key.sha256, key);
  }

  /** The key of `Authorization: Bearer <key>` or `X-API-Key: <key>`; 401 without a known one. */
  authenticate(headers: Record<string, string | string[] | undefined>): GatewayKey {
    const bearer = typeof headers.authorization === 'string' ? /^Bearer\s+(\S+)$/i.exec(headers.authorization) : null;
    const presented = bearer?.[1] ?? (typeof headers['x-api-key'] === 'string' ? headers['x-api-key'] : undefined);
    const unauthorized = (detail: string) =>
      new HttpProblem(401, 'Unauthorized', detail, undefined, { 'www-authenticate': 'Bearer realm="domainflow"' });
    if (!presented) throw unauthorized('an API key is required (Authorization: Bearer <key>)');
    const hash = sha256Hex(presented);
    const key = this.byHash.get(hash);
    // The map lookup already compares digests, not keys; the constant-time compare is belt and braces.
    if (!key || !timingSafeEqual(Buffer.from(key.sha256, 'hex'), Buffer.from(hash, 'hex'))) {
      throw unauthorized('unknown API key');
    }
    return key;
  }
}

export function requireScope(key: GatewayKey, scope: GatewayScope): void {
  if (!key.scopes.has(scope)) {
    throw new HttpProblem(403, 'Forbidden', `this API key lacks the '${scope}' scope`);
  }
}

/**
 * The customerId a start runs for: the body's, which a restricted key may only set to its own
 * customer (and which it fills in when absent).
 */
export function customerForStart(key: GatewayKey, bodyCustomerId: unknown): string | undefined {
  if (!key.customerId) return typeof bodyCustomerId === 'string' ? bodyCustomerId : undefined;
  if (bodyCustomerId !== undefined && bodyCustomerId !== key.customerId) {
    throw new HttpProblem(403, 'Forbidden', `customerId: this API key acts for customer ${key.customerId} only`, [
      { field: 'customerId', message: `customerId: this API key acts for customer ${key.customerId} only` },
    ]);
  }
  return key.customerId;
}

/**
 * For a restricted key: the workflow must exist and carry the key's customer, else 404 (the same
 * answer for "absent" and "someone else's"). Unrestricted keys pass without a call.
 */
export async function assertCustomerOwns(client: Client, key: GatewayKey, workflowId: string, what = 'workflow') {
  if (!key.customerId) return;
  if ((await ownerOf(client, workflowId)) !== key.customerId) throw notFound(what);
}

/**
 * A workflow's customer: its CustomerId, else (DNS, DNSSEC, auth code, transfer-out: operations on
 * a managed domain that carry only DomainName) the customer of that domain's entity.
 */
async function ownerOf(client: Client, workflowId: string, depth = 0): Promise<string | undefined> {
  try {
    const attributes = (await client.workflow.getHandle(workflowId).describe()).typedSearchAttributes;
    const owner = attributes.get(CustomerId);
    const domain = attributes.get(DomainName);
    if (owner !== undefined || domain === undefined || depth > 0) return owner;
    const entity = domainWorkflowId(domain);
    return entity === workflowId ? undefined : ownerOf(client, entity, depth + 1);
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return undefined;
    throw err;
  }
}

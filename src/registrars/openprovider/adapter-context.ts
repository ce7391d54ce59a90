import { OpenproviderClient, type OpenproviderClientOptions } from './client';

/**
 * What every Openprovider capability module (./transfer, ./registration, ./contacts, ./renewal,
 * ./domain-settings, ./domain-lookup) works with: the client, the contact handles of transfers and
 * the clock. OpenproviderRegistrar (./adapter) holds one and delegates to the modules.
 */
export interface OpenproviderContext {
  readonly client: OpenproviderClient;
  readonly handles: OpenproviderHandles | undefined;
  /** clock for lifecycle decisions, ms since the epoch */
  now(): number;
}

/** Contact handles (XX123456-CC) used for transfers; admin/tech/billing default to the owner. */
export interface OpenproviderHandles {
  owner: string;
  admin?: string;
  tech?: string;
  billing?: string;
}

export type OpenproviderRegistrarOptions = ({ client: OpenproviderClient } | OpenproviderClientOptions) & {
  /** needed by requestTransfer: Openprovider transfers carry contact handles */
  handles?: OpenproviderHandles;
  /** clock for lifecycle decisions (renewal date and quarantine ends passed?); default Date.now */
  now?: () => number;
};

export const REGISTRAR = 'openprovider';

/** statuses of a transfer still under way: requested, scheduled, pending more information */
export const PENDING = new Set(['REQ', 'SCH', 'PEN']);

export const ROLES = ['owner', 'admin', 'tech', 'billing'] as const;

export function toWireNameservers(nameservers: string[]): Array<{ name: string; seq_nr: number }> {
  return nameservers.map((name, index) => ({ name: name.toLowerCase().replace(/\.$/, ''), seq_nr: index }));
}

export function formatAmount(n: number): string {
  const fixed = n.toFixed(2);
  return Number(fixed) === n ? fixed : String(n);
}

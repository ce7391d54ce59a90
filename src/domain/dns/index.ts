/**
 * The DNS zone model (docs/dns.md): canonical records, per-record rules, zone rules, the plan
 * (diff) and the digest drift reports compare. Light enough for the workflow bundle; the file
 * formats (./zone-file for YAML/JSON, ./bind for BIND) load parsers and are imported directly.
 */
export * from './types';
export * from './names';
export * from './txt';
export * from './rdata';
export * from './validate';
export * from './digest';
export * from './diff';

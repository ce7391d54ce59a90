import { CommandFault, formatApiDate } from '../registry';
import {
  dnsZonesOf,
  editRecords,
  findZone,
  formatRr,
  ISPAPI_NAMESERVERS,
  parseRr,
  soaRr,
  zoneName,
  type SandboxZone,
  type SoaValues,
} from '../registry/dns-zones';
import { flagParam, indexed, type CommandContext, type CommandSpec } from './params';
import { OK } from './helpers';

/**
 * DNS zones (DOMAIN/DNSZONE/CREATEDNSZONE.md, STATUSDNSZONE.md, QUERYDNSZONERRLIST.md,
 * UPDATEDNSZONE.md, DELETEDNSZONE.md). Every successful update raises SOASERIAL (by one, or to a
 * larger SOASERIAL sent); forwarding records (X-HTTP, X-SMTP) only in EXTENDED mode. A zone for a
 * domain outside the account needs EXTERNAL=1 (or DOMAINTRANSFER=1), as CreateDNSZone's page says.
 */

function intParam(params: Record<string, string>, key: string): number | undefined {
  const raw = params[key];
  if (raw === undefined || raw === '') return undefined;
  if (!/^\d+$/.test(raw)) throw new CommandFault(505, `Invalid attribute value syntax; ${key} must be a number`);
  return Number(raw);
}

function soaFrom(params: Record<string, string>, base: SoaValues): SoaValues {
  const name = (key: string, fallback: string): string => {
    const v = (params[key] ?? '').trim().toLowerCase();
    return v === '' ? fallback : v.endsWith('.') ? v : `${v}.`;
  };
  return {
    ttl: intParam(params, 'SOATTL') ?? base.ttl,
    mname: name('SOAMNAME', base.mname),
    rname: name('SOARNAME', base.rname),
    serial: intParam(params, 'SOASERIAL') ?? base.serial,
    refresh: intParam(params, 'SOAREFRESH') ?? base.refresh,
    retry: intParam(params, 'SOARETRY') ?? base.retry,
    expire: intParam(params, 'SOAEXPIRE') ?? base.expire,
    minttl: intParam(params, 'SOAMINTTL') ?? base.minttl,
  };
}

function refuseSlave(params: Record<string, string>): void {
  const mode = (params.ZONEMODE ?? '').toUpperCase();
  if (mode !== '' && mode !== 'MASTER' && mode !== 'SLAVE') {
    throw new CommandFault(505, 'Invalid attribute value syntax; ZONEMODE must be MASTER or SLAVE');
  }
  // The sandbox keeps master zones only: a slave zone would replicate from a server it cannot reach.
  if (mode === 'SLAVE') throw new CommandFault(541, 'The command failed; ZONEMODE SLAVE is not simulated');
}

export const createDnsZone: CommandSpec = {
  name: 'CreateDNSZone',
  required: ['DNSZONE'],
  // SLAVEMASTER is refused (541, a code its page lists): the sandbox keeps master zones only.
  handles: [
    'DNSZONE',
    'SOATTL',
    'SOAMNAME',
    'SOARNAME',
    'SOASERIAL',
    'SOAREFRESH',
    'SOARETRY',
    'SOAEXPIRE',
    'SOAMINTTL',
    'RR[]',
    'EXTENDED',
    'ZONEMODE',
    'SLAVEMASTER',
    'DOMAINTRANSFER',
    'EXTERNAL',
  ],
  handle: ({ registry, params, login }: CommandContext) => {
    const zone = zoneName(params.DNSZONE);
    const store = dnsZonesOf(registry);
    if (store.has(zone)) throw new CommandFault(540, `Attribute value is not unique; zone ${zone}.`);
    refuseSlave(params);
    if ((params.SLAVEMASTER ?? '') !== '')
      throw new CommandFault(541, 'The command failed; SLAVEMASTER is not simulated');
    const external = flagParam(params, 'EXTERNAL') ?? false;
    const forTransfer = flagParam(params, 'DOMAINTRANSFER') ?? false;
    if (!external && !forTransfer && !registry.ownedDomain(zone)) {
      throw new CommandFault(541, `The command failed; ${zone} is not managed in this account: set EXTERNAL=1`);
    }
    const extended = flagParam(params, 'EXTENDED') ?? false;
    const soa = soaFrom(params, {
      ttl: 3600,
      mname: 'ns1.ispapi.net.',
      rname: `hostmaster.${zone}.`,
      serial: 1,
      refresh: 86400,
      retry: 7200,
      expire: 360000,
      minttl: 172800,
    });
    const draft = { zone, soa };
    const given = indexed(params, 'RR').filter((e) => e.value.trim() !== '');
    const rrs = given.length > 0 ? given.map((e) => e.value) : ISPAPI_NAMESERVERS.map((ns) => `@ IN NS ${ns}`);
    const now = registry.now();
    const created: SandboxZone = {
      ...draft,
      records: [],
      status: 'ACTIVE',
      dnssecMode: 'DISABLED',
      createdAt: now,
      updatedAt: now,
      createdBy: login,
    };
    created.records = editRecords(created, {
      remove: [],
      add: rrs.map((rr) => ({ rr, record: parseRr(rr, draft, extended) })),
      resolveTtl: false,
    });
    store.set(zone, created);
    return { code: 200, description: OK };
  },
};

export const statusDnsZone: CommandSpec = {
  name: 'StatusDNSZone',
  required: ['DNSZONE'],
  handles: ['DNSZONE', 'EXTENDED'],
  handle: ({ registry, params }) => {
    const z = findZone(registry, zoneName(params.DNSZONE));
    flagParam(params, 'EXTENDED');
    const www = z.records.find((r) => r.name === 'www' && r.type !== 'X-SMTP');
    const s = z.soa;
    return {
      code: 200,
      description: OK,
      properties: {
        CREATEDDATE: [formatApiDate(z.createdAt)],
        'DNSSEC-MODE': [z.dnssecMode],
        PEERUSER: [z.createdBy],
        RRSTOTAL: [String(z.records.length + 1)],
        SOAEXPIRE: [String(s.expire)],
        SOAMINTTL: [String(s.minttl)],
        SOAMNAME: [s.mname],
        SOAREFRESH: [String(s.refresh)],
        SOARETRY: [String(s.retry)],
        SOARNAME: [s.rname],
        SOASERIAL: [String(s.serial)],
        SOATTL: [String(s.ttl)],
        STATUS: [z.status],
        UPDATEDDATE: [formatApiDate(z.updatedAt)],
        WWWTARGETDATA: [www ? www.data.replace(/^(REDIRECT|FRAME) /, '') : ''],
        WWWTARGETTYPE: [www ? www.type : ''],
      },
    };
  },
};

export const queryDnsZoneRrList: CommandSpec = {
  name: 'QueryDNSZoneRRList',
  required: ['DNSZONE'],
  handles: ['DNSZONE', 'RR', 'RRTYPE', 'EXTENDED', 'SHORT'],
  handle: ({ registry, params }) => {
    const zone = zoneName(params.DNSZONE);
    const z = dnsZonesOf(registry).get(zone);
    // The page lists no 545 for this command: an unknown zone is a 549.
    if (!z) throw new CommandFault(549, `Command failed; dnszone ${zone}. not found`);
    const extended = flagParam(params, 'EXTENDED') ?? false;
    const short = flagParam(params, 'SHORT') ?? false;
    const type = (params.RRTYPE ?? '').trim().toUpperCase();
    const pattern = (params.RR ?? '').trim();
    const visible = z.records.filter((r) => extended || (r.type !== 'X-HTTP' && r.type !== 'X-SMTP'));
    const all = [soaRr(z), ...visible.map((r) => formatRr(zone, r, short))];
    const typed = type === '' ? all : all.filter((line) => line.split(' ')[3] === type);
    const matching = pattern === '' ? typed : typed.filter((line) => globMatch(pattern, line));
    return {
      code: 200,
      description: OK,
      properties: { COUNT: [String(matching.length)], TOTAL: [String(all.length)], RR: matching },
    };
  },
};

function globMatch(pattern: string, line: string): boolean {
  const re = new RegExp(
    `^${pattern
      .split('*')
      .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
    'i',
  );
  return re.test(line);
}

export const updateDnsZone: CommandSpec = {
  name: 'UpdateDNSZone',
  required: ['DNSZONE'],
  // X-SMTP-MX, X-HTTP-A (the forwarding servers' own addresses) and SLAVEMASTER are refused (549).
  handles: [
    'DNSZONE',
    'SOATTL',
    'SOAMNAME',
    'SOARNAME',
    'SOASERIAL',
    'SOAREFRESH',
    'SOARETRY',
    'SOAEXPIRE',
    'SOAMINTTL',
    'INCSERIAL',
    'RESOLVETTLCONFLICTS',
    'RR[]',
    'ADDRR[]',
    'DELRR[]',
    'STATUS',
    'EXTENDED',
    'ZONEMODE',
    'DNSSEC-MODE',
  ],
  handle: ({ registry, params }) => {
    const z = findZone(registry, zoneName(params.DNSZONE));
    refuseSlave(params);
    const extended = flagParam(params, 'EXTENDED') ?? false;
    const resolveTtl = flagParam(params, 'RESOLVETTLCONFLICTS') ?? false;
    const soa = soaFrom(params, z.soa);
    intParam(params, 'INCSERIAL');
    const parse = (entries: Array<{ value: string }>) =>
      entries.filter((e) => e.value.trim() !== '').map((e) => ({ rr: e.value, record: parseRr(e.value, z, extended) }));
    const replace = indexed(params, 'RR');
    const removals = parse(indexed(params, 'DELRR'));
    const additions = parse(indexed(params, 'ADDRR'));
    // RR0..N replaces every record but the SOA; DELRR/ADDRR then edit the replaced set.
    const base: SandboxZone = replace.length > 0 ? { ...z, records: [] } : z;
    const records = editRecords(base, {
      remove: removals,
      add: [...parse(replace), ...additions],
      resolveTtl,
    });
    const status = (params.STATUS ?? '').toUpperCase();
    if (status !== '' && !['ACTIVE', 'INACTIVE', 'HOLD'].includes(status)) {
      throw new CommandFault(506, 'Invalid option value; STATUS');
    }
    const dnssec = (params['DNSSEC-MODE'] ?? '').toUpperCase();
    if (dnssec !== '' && dnssec !== 'AUTO' && dnssec !== 'DISABLED') {
      throw new CommandFault(506, 'Invalid option value; DNSSEC-MODE');
    }
    const sentSerial = intParam(params, 'SOASERIAL');
    if (sentSerial !== undefined && sentSerial <= z.soa.serial) {
      throw new CommandFault(505, `Invalid attribute value syntax; SOASERIAL must be above ${z.soa.serial}`);
    }
    // The serial rises on every update (the page: "must be increased ... on every zoneupdate").
    const serial = sentSerial ?? z.soa.serial + 1;
    z.records = records;
    z.soa = { ...soa, serial };
    if (status !== '') z.status = status as SandboxZone['status'];
    if (dnssec !== '') z.dnssecMode = dnssec as SandboxZone['dnssecMode'];
    z.updatedAt = registry.now();
    return { code: 200, description: OK, properties: { SOASERIAL: [String(serial)] } };
  },
};

export const deleteDnsZone: CommandSpec = {
  name: 'DeleteDNSZone',
  required: ['DNSZONE'],
  handles: ['DNSZONE'],
  handle: ({ registry, params }) => {
    const zone = zoneName(params.DNSZONE);
    findZone(registry, zone);
    dnsZonesOf(registry).delete(zone);
    return { code: 200, description: OK };
  },
};

export const DNS_ZONE_COMMANDS: CommandSpec[] = [
  createDnsZone,
  statusDnsZone,
  queryDnsZoneRrList,
  updateDnsZone,
  deleteDnsZone,
];

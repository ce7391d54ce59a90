import type { ContactRole } from '../../domain/contact';
import type { ApplicationAnswer, ApplicationRequest } from '../application';
import type { BackorderApplication, BackorderStatus } from '../backorder';
import { RegistrarRejectedError } from '../errors';
import type { ContactInput } from '../registrar';
import { IspapiClient } from './client';
import { contactParam, ispapiDateField, ispapiDateToIso } from './convert';
import { firstRow, type CommandRecord, type IspapiResponse } from './wire';
import { type IspapiContext } from './adapter-context';

/**
 * ISPAPI domain applications: drop dates and backorders (spec 2.10, 2.14, 3.8) and .swiss
 * applications (spec 3.5), all AddDomainApplication objects looked up before a new one is placed.
 * Part of IspapiRegistrar (./adapter).
 */

export const BACKORDER_STATUSES: readonly BackorderStatus[] = [
  'REQUESTED',
  'ACTIVE',
  'PROCESSING',
  'SUCCESSFUL',
  'FAILED',
  'AUCTION-PENDING',
  'AUCTION-WON',
  'AUCTION-LOST',
];

/** Application states after which nothing happens any more (spec 2.10). */
export const FINAL_APPLICATION_STATUSES = new Set(['SUCCESSFUL', 'FAILED', 'AUCTION-WON', 'AUCTION-LOST', 'CANCELLED']);

/** How far the registry's clock may be behind the worker's when a decided backorder is matched to its run. */
export const APPLICATION_CLOCK_SKEW_MS = 60_000;

/** An application STATUS as the backorder addon reads it; words it does not know mean "still pending". */
export function backorderStatusOf(status: string | undefined): BackorderStatus {
  const word = (status ?? '').trim().toUpperCase();
  return (BACKORDER_STATUSES as readonly string[]).includes(word) ? (word as BackorderStatus) : 'PROCESSING';
}

/** The owner's identity as it matters for "is this our customer's application": e-mail and name. */
export function ownerIdentity(fields: { email?: string; first?: string; last?: string; org?: string }): string {
  const norm = (v: string | undefined) => (v ?? '').trim().replace(/\s+/g, ' ');
  return JSON.stringify([norm(fields.email).toLowerCase(), norm(fields.first), norm(fields.last), norm(fields.org)]);
}

export const CONTACT_KEYS: Record<ContactRole, string> = {
  owner: 'OWNERCONTACT',
  admin: 'ADMINCONTACT',
  tech: 'TECHCONTACT',
  billing: 'BILLINGCONTACT',
};

/**
 * FINALIZATIONDATE from QueryDomainPendingDeleteList (the drop date-time, UTC); undefined when not
 * listed. The list has no DOMAIN filter (503): KEYWORD0 with KEYWORDMATCH=BEGIN and ZONE0 narrow
 * it to names starting with the label in the zone, ordered by NAME; the exact name is picked out.
 */
export async function dropDate(ctx: IspapiContext, domain: string): Promise<string | undefined> {
  const dot = domain.indexOf('.');
  const response = await ctx.client.call({
    COMMAND: 'QueryDomainPendingDeleteList',
    KEYWORD0: domain.slice(0, dot),
    KEYWORDMATCH: 'BEGIN',
    ZONE0: domain.slice(dot + 1),
    ORDERBY: 'NAME',
    LIMIT: 1000,
  });
  const domains = response.properties.DOMAIN ?? [];
  const index = domains.findIndex((d) => d.toLowerCase() === domain.toLowerCase());
  if (index < 0) return undefined;
  const row = { FINALIZATIONDATE: response.properties.FINALIZATIONDATE?.[index] ?? '' };
  return ispapiDateField(row, 'FINALIZATIONDATE', 'QueryDomainPendingDeleteList');
}

/**
 * Places the backorder once. The API places a new application on every call (the addon sends
 * NEW=1), and one reseller account holds the backorders of all of its customers, so an earlier
 * application is looked for first: an open BACKORDER application for the domain whose owner
 * contact is this customer's (same e-mail, first and last name and organisation, read with
 * StatusContact; a handle input is compared as a handle). Two customers backordering the same
 * name therefore each get their own application. No invented parameters: the real API answers
 * 503 to unknown ones.
 */
export async function placeBackorder(
  ctx: IspapiContext,
  request: {
    domain: string;
    contacts: Record<ContactRole, ContactInput>;
    placedSince?: string;
  },
): Promise<BackorderApplication> {
  const { domain, contacts, placedSince } = request;
  const mine = await findApplication(ctx, domain, 'BACKORDER', contacts.owner, placedSince);
  if (mine) return { reference: mine.reference, status: backorderStatusOf(mine.status) };
  const response = await ctx.client.call({
    COMMAND: 'AddDomainApplication',
    CLASS: 'BACKORDER',
    NEW: 1,
    DOMAIN: domain,
    // Min 1 in the reference: the registration period of the caught domain.
    PERIOD: 1,
    ...applicationContacts(contacts),
  });
  return { reference: applicationId('AddDomainApplication', response), status: 'REQUESTED' };
}

/** StatusDomainApplication; 545 (the application is gone, e.g. deleted by an admin) is CANCELLED. */
export async function backorderStatus(ctx: IspapiContext, reference: string): Promise<BackorderApplication> {
  const response = await ctx.client.send({ COMMAND: 'StatusDomainApplication', APPLICATION: reference });
  if (response.code === 545) return { reference, status: 'CANCELLED' };
  IspapiClient.assertOk('StatusDomainApplication', response);
  const row = firstRow(response);
  const auctionUrl = (row['AUCTION-URL'] ?? '').trim();
  return { reference, status: backorderStatusOf(row.STATUS), ...(auctionUrl ? { auctionUrl } : {}) };
}

/**
 * AddDomainApplication CLASS=GOLIVE with the UID (X-SWISS-UID), the intended use, inline contacts
 * and nameservers; no TRANSFERLOCK / privacy / INTERNALDNS (the registry refuses them). Once: an
 * application for the domain that has not failed is returned instead (one .swiss application
 * per name and account).
 */
export async function submitApplication(ctx: IspapiContext, request: ApplicationRequest): Promise<ApplicationAnswer> {
  const { domain } = request;
  const existing = await findApplication(ctx, domain, 'GOLIVE');
  if (existing) return applicationAnswer(existing.reference, existing.status);
  const response = await ctx.client.call({
    COMMAND: 'AddDomainApplication',
    CLASS: 'GOLIVE',
    DOMAIN: domain,
    PERIOD: 1,
    NAMESERVER: request.nameservers && request.nameservers.length > 0 ? request.nameservers : undefined,
    ...applicationContacts(request.contacts),
    'X-SWISS-UID': request.enterpriseId,
    'X-CORE-INTENDED-USE': request.intendedUse,
  });
  return applicationAnswer(applicationId('AddDomainApplication', response), firstRow(response).STATUS ?? 'REQUESTED');
}

/**
 * SUCCESSFUL -> approved, FAILED -> refused, anything else pending. 545 (the module's v6 Sync,
 * spec 3.5): a successful application is cleaned up once it became a domain, so StatusDomain
 * decides: 200 -> approved (registrarStatus CLEANED-UP); 545 as well -> refused with
 * registrarStatus VANISHED (deleted without a domain, e.g. by an admin: a person must look).
 */
export async function applicationStatus(
  ctx: IspapiContext,
  domain: string,
  reference: string,
): Promise<ApplicationAnswer> {
  const response = await ctx.client.send({ COMMAND: 'StatusDomainApplication', APPLICATION: reference });
  if (response.code === 545) {
    const status = await ctx.client.send({ COMMAND: 'StatusDomain', DOMAIN: domain });
    if (status.code === 200) return { reference, status: 'approved', registrarStatus: 'CLEANED-UP' };
    if (status.code === 545) return { reference, status: 'refused', registrarStatus: 'VANISHED' };
    IspapiClient.assertOk('StatusDomain', status);
  }
  IspapiClient.assertOk('StatusDomainApplication', response);
  const row = firstRow(response);
  if (row.DOMAIN && row.DOMAIN.toLowerCase() !== domain.toLowerCase()) {
    throw new RegistrarRejectedError(`application ${reference} is for ${row.DOMAIN}, not ${domain}`, {
      registrar: 'ispapi',
      operation: 'StatusDomainApplication',
    });
  }
  return applicationAnswer(reference, row.STATUS ?? '');
}

export function applicationAnswer(reference: string, registrarStatus: string): ApplicationAnswer {
  const word = registrarStatus.trim().toUpperCase();
  const status = word === 'SUCCESSFUL' ? 'approved' : word === 'FAILED' ? 'refused' : 'pending';
  return { reference, status, registrarStatus: word || 'UNKNOWN' };
}

export function applicationContacts(contacts: Record<ContactRole, ContactInput>): CommandRecord {
  const out: CommandRecord = {};
  for (const role of Object.keys(CONTACT_KEYS) as ContactRole[]) out[CONTACT_KEYS[role]] = contactParam(contacts[role]);
  return out;
}

export function applicationId(operation: string, response: IspapiResponse): string {
  const id = (firstRow(response).APPLICATION ?? '').trim();
  if (id === '') {
    throw new RegistrarRejectedError(`${operation}: no APPLICATION id in the answer`, {
      registrar: 'ispapi',
      operation,
    });
  }
  return id;
}

/**
 * The newest application of this class for the domain that is still open (BACKORDER; with
 * `placedSince` also a decided one created since then) or has not failed (GOLIVE: a successful one
 * is the answer too), and, with `owner`, whose owner contact is that person.
 */
export async function findApplication(
  ctx: IspapiContext,
  domain: string,
  kind: 'BACKORDER' | 'GOLIVE',
  owner?: ContactInput,
  placedSince?: string,
): Promise<{ reference: string; status: string } | undefined> {
  // CLASS is a PATTERN (reference, QueryDomainApplicationList) and applications are stored as
  // <TLD>_BACKORDER / <TLD>_GOLIVE (its example: COM_BACKORDER): an exact BACKORDER finds none,
  // and the duplicate check would then place a second backorder.
  const list = await ctx.client.call({
    COMMAND: 'QueryDomainApplicationList',
    DOMAIN: domain,
    CLASS: `*${kind}`,
    WIDE: 1,
  });
  const column = (name: string, i: number): string => (list.properties[name]?.[i] ?? '').trim();
  const rows = (list.properties.APPLICATION ?? [])
    .map((reference, i) => ({
      reference: reference.trim(),
      status: column('STATUS', i).toUpperCase(),
      cls: column('CLASS', i).toUpperCase(),
      domain: column('DOMAIN', i).toLowerCase(),
      owner: column('OWNERCONTACT', i),
      created: column('CREATEDDATE', i),
    }))
    .filter((r) => r.reference !== '' && r.domain === domain.toLowerCase() && r.cls.endsWith(kind))
    .filter((r) =>
      kind === 'BACKORDER'
        ? !FINAL_APPLICATION_STATUSES.has(r.status) || placedSince !== undefined
        : r.status !== 'FAILED',
    )
    .reverse();
  if (!owner) return rows[0];
  // A decided backorder is this one's only if placed since it started; an earlier backorder's is older.
  const since = placedSince === undefined ? undefined : Date.parse(placedSince) - APPLICATION_CLOCK_SKEW_MS;
  const wanted =
    'handle' in owner
      ? undefined
      : ownerIdentity({
          email: owner.contact.email,
          first: owner.contact.firstName,
          last: owner.contact.lastName,
          org: owner.contact.organisation,
        });
  for (const row of rows) {
    // StatusDomainApplication fills in what the list left out, asked at most once per row;
    // null: the registrar does not know the application.
    let details: Record<string, string> | null | undefined;
    const statusRow = async (): Promise<Record<string, string> | null> => {
      if (details === undefined) {
        const status = await ctx.client.send({ COMMAND: 'StatusDomainApplication', APPLICATION: row.reference });
        // Skipping a row on a temporary answer could miss our own application and place a second one.
        IspapiClient.assertNotTemporary('StatusDomainApplication', status);
        details = status.code === 200 ? firstRow(status) : null;
      }
      return details;
    };
    if (since !== undefined && FINAL_APPLICATION_STATUSES.has(row.status)) {
      const created = ispapiDateToIso(row.created || ((await statusRow())?.CREATEDDATE ?? ''));
      if (created === undefined || Date.parse(created) < since) continue;
    }
    let handle = row.owner;
    if (handle === '') {
      const found = await statusRow();
      if (!found) continue;
      handle = found.OWNERCONTACT ?? '';
    }
    if ('handle' in owner) {
      if (handle === owner.handle) return row;
      continue;
    }
    if (handle === '') continue;
    const contact = await ctx.client.send({ COMMAND: 'StatusContact', CONTACT: handle });
    IspapiClient.assertNotTemporary('StatusContact', contact);
    if (contact.code !== 200) continue;
    const c = firstRow(contact);
    if (ownerIdentity({ email: c.EMAIL, first: c.FIRSTNAME, last: c.LASTNAME, org: c.ORGANIZATION }) === wanted) {
      return row;
    }
  }
  return undefined;
}

import { z } from 'zod';
import { registrantChangeExtras } from '../../domain/registrant-change';
import { operationFields } from '../../domain/tld-fields/operations';
import { extraFieldName } from '../../domain/tld-policy';
import { RegistrarRejectedError } from '../errors';
import type { OpenproviderClient } from './client';
import { OPENPROVIDER_CUSTOMER_FIELDS, OPENPROVIDER_EXTRA_FIELDS, openproviderValue } from './tld-extras';

/**
 * Where a registrant change's TLD data goes at Openprovider. The OpenAPI files name some fields
 * (domainAdditionalData, customerExtensionData) and none for .it; the API itself lists, per
 * extension, the domain-level fields (GET /domains/additional-data, per operation) and the fields
 * that belong on the owner's customer handle (GET /domains/additional-data/customers, sent as its
 * extension_additional_data). So both lists are read before a trade or an owner update, and each
 * neutral extra (src/domain/registrant-change.ts, by its name in ./tld-extras.ts) goes where the lists
 * put it. A name neither list offers, or a required field without a value, is refused here,
 * naming the field, before anything is changed: never dropped in silence.
 */

const REGISTRAR = 'openprovider';
const specSchema = z.looseObject({
  name: z.string(),
  required: z.boolean().nullish(),
  options: z.array(z.looseObject({ value: z.string().nullish() })).nullish(),
});
const specsSchema = z.array(specSchema);
type Spec = z.infer<typeof specSchema>;

/**
 * customerExtensionData: "company_registration_number … Required in case if domain requester is
 * a legal entity", "social_security_number … Required in case if domain requester is a private
 * individual" (both .es, .se): a person's number goes in the second.
 */
const PERSONAL_ALTERNATIVE: Readonly<Record<string, string>> = {
  company_registration_number: 'social_security_number',
};

export interface ExtensionDataPlan {
  /** the TLD, as the extension_additional_data entry is named */
  extension: string;
  /** domain-level additional_data to send */
  additionalData: Record<string, string>;
  /** fields for the owner handle's extension_additional_data entry of `extension` */
  customerData: Record<string, string>;
}

export interface PlanRequest {
  domain: string;
  extras: Record<string, string>;
  operation: 'trade' | 'update';
  /** the new owner is an organisation (company_name set on the handle) */
  ownerIsOrganisation: boolean;
  /** what the owner handle already holds for the extension (a required field may be there already) */
  ownerData: Record<string, unknown>;
  /** update only: the domain's additional_data now; a field the update cannot carry must already be so */
  currentDomainData?: Record<string, unknown>;
}

export async function planExtensionData(
  client: OpenproviderClient,
  request: PlanRequest,
  operation: string,
): Promise<ExtensionDataPlan> {
  const { domain, extras } = request;
  const extension = domain.slice(domain.lastIndexOf('.') + 1);
  // The trade extras and the field table's change fields (.us nexus, .eu citizenship: on the handle).
  const wanted = [...registrantChangeExtras(domain), ...operationFields('registrantChange', domain)]
    .map((e) => {
      const name =
        extraFieldName(OPENPROVIDER_EXTRA_FIELDS, domain, e.key) ??
        extraFieldName(OPENPROVIDER_CUSTOMER_FIELDS, domain, e.key) ??
        '';
      return { key: e.key, name, value: openproviderValue(name, Object.hasOwn(extras, e.key) ? extras[e.key]! : '') };
    })
    .filter((e): e is { key: string; name: string; value: string } => e.name !== '' && !!e.value);
  const plan: ExtensionDataPlan = { extension, additionalData: {}, customerData: {} };
  if (wanted.length === 0) return plan;

  const [domainSpecs, customerSpecs] = await Promise.all([
    list(
      client,
      '/domains/additional-data',
      { 'domain.extension': extension, operation: request.operation },
      operation,
    ),
    list(client, '/domains/additional-data/customers', { 'domain.extension': extension }, operation),
  ]);
  const offered = `domain: ${names(domainSpecs)}; customer handle: ${names(customerSpecs)}`;
  for (const { key, name: tableName, value } of wanted) {
    const personal = PERSONAL_ALTERNATIVE[tableName];
    const name =
      !request.ownerIsOrganisation && personal && customerSpecs.some((s) => s.name === personal) ? personal : tableName;
    const onCustomer = customerSpecs.find((s) => s.name === name);
    const onDomain = domainSpecs.find((s) => s.name === name);
    const spec = onCustomer ?? onDomain;
    if (spec) {
      checkOption(spec, key, value, extension, operation);
      (onCustomer ? plan.customerData : plan.additionalData)[name] = value;
      continue;
    }
    // GET /domains/{id} may show every additional_data field, empty when unset (the swagger example does).
    const current = request.currentDomainData?.[name];
    if (
      request.operation === 'update' &&
      (current === undefined || current === null || current === '' || current === value)
    )
      continue;
    throw rejected(
      operation,
      request.operation === 'update'
        ? `extras.${key}: ${name} "${value}" cannot be changed by an owner update at Openprovider (UpdateDomainRequest has no such field; the domain has "${String(current)}")`
        : `extras.${key}: Openprovider lists no field ${name} for a .${extension} ${request.operation} (${offered})`,
    );
  }
  for (const spec of domainSpecs.filter((s) => s.required === true)) {
    if (!plan.additionalData[spec.name])
      throw rejected(
        operation,
        `Openprovider requires additional_data.${spec.name} for a .${extension} ${request.operation}`,
      );
  }
  for (const spec of customerSpecs.filter((s) => s.required === true)) {
    const held = request.ownerData[spec.name];
    if (!plan.customerData[spec.name] && !(typeof held === 'string' && held !== ''))
      throw rejected(
        operation,
        `Openprovider requires extension_additional_data[${extension}].${spec.name} on the owner handle for .${extension}`,
      );
  }
  return plan;
}

/** The handle's extension_additional_data with `data` merged into the entry of `extension` (others kept). */
export function mergeExtensionData(
  entries: unknown,
  extension: string,
  data: Record<string, string>,
): { entries: Array<{ name: string; data: Record<string, unknown> }>; changed: boolean } {
  const list = (Array.isArray(entries) ? entries : [])
    .filter((e): e is { name: string; data?: unknown } => !!e && typeof (e as { name?: unknown }).name === 'string')
    .map((e) => ({ name: e.name, data: isRecord(e.data) ? { ...e.data } : {} }));
  const entry = list.find((e) => e.name.toLowerCase() === extension);
  const changed = !entry || Object.entries(data).some(([k, v]) => entry.data[k] !== v);
  if (entry) Object.assign(entry.data, data);
  else list.push({ name: extension, data: { ...data } });
  return { entries: list, changed };
}

/** The data of the handle's entry for `extension` ({} when none). */
export function extensionDataOf(entries: unknown, extension: string): Record<string, unknown> {
  const found = (Array.isArray(entries) ? entries : []).find(
    (e) => !!e && String((e as { name?: unknown }).name).toLowerCase() === extension,
  ) as { data?: unknown } | undefined;
  return isRecord(found?.data) ? found.data : {};
}

const isRecord = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

async function list(
  client: OpenproviderClient,
  path: string,
  query: Record<string, string>,
  operation: string,
): Promise<Spec[]> {
  // data is an array of specifications; the client hands an absent data over as {}
  const result = await client.call('GET', path, z.union([specsSchema, z.looseObject({})]), {
    operation: `${operation}: GET ${path}`,
    query,
  });
  return Array.isArray(result.data) ? result.data : [];
}

function names(specs: Spec[]): string {
  return specs.length > 0 ? specs.map((s) => s.name).join(', ') : 'none';
}

function checkOption(spec: Spec, key: string, value: string, extension: string, operation: string): void {
  const options = (spec.options ?? []).map((o) => o.value).filter((v): v is string => typeof v === 'string');
  if (options.length > 0 && !options.includes(value))
    throw rejected(
      operation,
      `extras.${key}: Openprovider takes ${spec.name} ${options.join(', ')} for .${extension}, not "${value}"`,
    );
}

function rejected(operation: string, message: string): RegistrarRejectedError {
  return new RegistrarRejectedError(`${operation}: ${message}`, { registrar: REGISTRAR, operation });
}

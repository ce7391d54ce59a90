import { z } from 'zod';
import { extraFieldName } from '../../domain/tld-policy';
import { knownExtraKeys } from '../../domain/tld-fields';
import { RegistrarRejectedError } from '../errors';
import type { OpenproviderClient } from './client';
import { mergeExtensionData } from './extension-data';
import { OPENPROVIDER_CUSTOMER_FIELDS, OPENPROVIDER_EXTRA_FIELDS, openproviderValue } from './tld-extras';
import { customerSchema } from './wire';

/**
 * A registration's TLD extras split by where Openprovider wants them: the domain's additional_data
 * (OPENPROVIDER_EXTRA_FIELDS) or the owner handle's extension_additional_data entry of the TLD
 * (OPENPROVIDER_CUSTOMER_FIELDS: .us nexus, .eu citizenship, the .it registrant data; it wins
 * where both tables name a key). A key neither table maps is refused,
 * naming it: never dropped in silence.
 */
export interface RegistrationExtras {
  additionalData: Record<string, string>;
  /** the TLD, as the handle's extension_additional_data entry is named */
  extension: string;
  customerData: Record<string, string>;
}

const REGISTRAR = 'openprovider';

export function splitRegistrationExtras(
  domain: string,
  extras: Record<string, string>,
  operation: string,
): RegistrationExtras {
  const known = knownExtraKeys(domain);
  const out: RegistrationExtras = {
    additionalData: {},
    extension: domain.slice(domain.lastIndexOf('.') + 1).toLowerCase(),
    customerData: {},
  };
  for (const [key, value] of Object.entries(extras)) {
    const onDomain = known.has(key) ? extraFieldName(OPENPROVIDER_EXTRA_FIELDS, domain, key) : undefined;
    const onCustomer = known.has(key) ? extraFieldName(OPENPROVIDER_CUSTOMER_FIELDS, domain, key) : undefined;
    if (!onDomain && !onCustomer) {
      throw new RegistrarRejectedError(`${operation}: extras.${key} is not used by Openprovider for ${domain}`, {
        registrar: REGISTRAR,
        operation,
      });
    }
    if (value === '') continue;
    if (onCustomer) out.customerData[onCustomer] = openproviderValue(onCustomer, value);
    else out.additionalData[onDomain!] = value;
  }
  return out;
}

/**
 * Writes `data` into the owner handle's extension_additional_data entry of `extension` (GET, then
 * PUT /customers/{handle} only when something differs; other extensions' entries kept), so a
 * repeated attempt writes nothing twice.
 */
export async function writeOwnerExtensionData(
  client: OpenproviderClient,
  handle: string,
  extension: string,
  data: Record<string, string>,
  operation: string,
): Promise<void> {
  if (Object.keys(data).length === 0) return;
  const path = `/customers/${encodeURIComponent(handle)}`;
  const owner = await client.call('GET', path, customerSchema, { operation: `${operation}: GET /customers/{handle}` });
  const entries = (owner.data as Record<string, unknown>).extension_additional_data;
  const merged = mergeExtensionData(entries, extension, data);
  if (!merged.changed) return;
  await client.call('PUT', path, z.unknown(), {
    operation: `${operation}: PUT /customers/{handle}`,
    body: { extension_additional_data: merged.entries },
  });
}

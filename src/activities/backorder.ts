import { ApplicationFailure } from '@temporalio/common';
import { registrarOf, type RegistrarSet } from './registrar-set';
import { isBackorderRegistrar, type BackorderApplication, type BackorderRegistrar } from '../registrars/backorder';
import type { RegistrarName, ContactInput } from '../registrars/registrar';
import type { ContactRole } from '../domain/contact';
import { backorderPrice, type BackorderPrices } from '../config/backorder-prices';
import { withRegistrarErrors } from './registrar-errors';

export function createBackorderActivities(registrars: RegistrarSet, prices: BackorderPrices) {
  const pick = (name: RegistrarName, account?: string): BackorderRegistrar => {
    // Another account's adapter; one this worker lacks fails non-retryably, naming it.
    const registrar = account === undefined ? registrars[name] : registrarOf(registrars, name, account);
    if (!isBackorderRegistrar(registrar)) {
      throw ApplicationFailure.nonRetryable(`registrar ${name} offers no backorders`, 'BackorderUnsupported');
    }
    return registrar;
  };
  return {
    /** minor units, or undefined when there is no price for this TLD and currency */
    async quoteBackorder(input: { domain: string; currency: string }): Promise<number | undefined> {
      return backorderPrice(prices, input.domain, input.currency);
    },
    async dropDate(input: { registrar: RegistrarName; account?: string; domain: string }): Promise<string | undefined> {
      return withRegistrarErrors(() => pick(input.registrar, input.account).dropDate(input.domain));
    },
    async placeBackorder(input: {
      registrar: RegistrarName;
      account?: string;
      domain: string;
      contacts: Record<ContactRole, ContactInput>;
      placedSince?: string;
    }): Promise<BackorderApplication> {
      const { domain, contacts, placedSince } = input;
      return withRegistrarErrors(() =>
        pick(input.registrar, input.account).placeBackorder({
          domain,
          contacts,
          ...(placedSince ? { placedSince } : {}),
        }),
      );
    },
    async backorderStatus(input: {
      registrar: RegistrarName;
      account?: string;
      reference: string;
    }): Promise<BackorderApplication> {
      return withRegistrarErrors(() => pick(input.registrar, input.account).backorderStatus(input.reference));
    },
  };
}

export type BackorderActivities = ReturnType<typeof createBackorderActivities>;

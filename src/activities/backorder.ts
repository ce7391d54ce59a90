import { ApplicationFailure } from '@temporalio/common';
import type { RegistrarSet } from './registrar';
import { isBackorderRegistrar, type BackorderApplication, type BackorderRegistrar } from '../registrars/backorder';
import type { RegistrarName, ContactInput } from '../registrars/registrar';
import type { ContactRole } from '../domain/contact';
import { backorderPrice, type BackorderPrices } from '../config/backorder-prices';
import { withRegistrarErrors } from './registrar-errors';

export function createBackorderActivities(registrars: RegistrarSet, prices: BackorderPrices) {
  const pick = (name: RegistrarName): BackorderRegistrar => {
    const registrar = registrars[name];
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
    async dropDate(input: { registrar: RegistrarName; domain: string }): Promise<string | undefined> {
      return withRegistrarErrors(() => pick(input.registrar).dropDate(input.domain));
    },
    async placeBackorder(input: {
      registrar: RegistrarName;
      domain: string;
      contacts: Record<ContactRole, ContactInput>;
      placedSince?: string;
    }): Promise<BackorderApplication> {
      const { domain, contacts, placedSince } = input;
      return withRegistrarErrors(() =>
        pick(input.registrar).placeBackorder({ domain, contacts, ...(placedSince ? { placedSince } : {}) }),
      );
    },
    async backorderStatus(input: { registrar: RegistrarName; reference: string }): Promise<BackorderApplication> {
      return withRegistrarErrors(() => pick(input.registrar).backorderStatus(input.reference));
    },
  };
}

export type BackorderActivities = ReturnType<typeof createBackorderActivities>;

import { CommandFault, formatApiDate } from '../registry';
import { EXCHANGE_RATES, priceRelations, soldTlds } from '../price-table';
import { flagParam, type CommandSpec } from './params';
import { OK } from './helpers';

/**
 * What the account sells and at what cost, per USER/STATUSUSER.md and
 * USER/ACCOUNT/QUERYEXCHANGERATES.md: StatusUser answers the account's properties and its price
 * relations (../price-table.ts), QueryExchangeRates the fixed ECB rates. SUBUSER, PROPERTIES,
 * MINDATE and MAXDATE are not modelled and refused (549) rather than ignored.
 */

/** The sandbox has no account history: a fixed creation date, the sandbox clock as last update. */
const CREATED = '2020-01-01 00:00:00';

export const statusUser: CommandSpec = {
  name: 'StatusUser',
  handles: ['RELATIONS', 'STATS'],
  handle: ({ registry, params, account }) => {
    const relations = flagParam(params, 'RELATIONS') ?? true;
    const stats = flagParam(params, 'STATS') ?? false;
    const status = registry.account.status();
    const properties: Record<string, string[]> = {
      ACCOUNTCREDIT: [status.credit],
      ACCOUNTCURRENCY: [status.currency],
      ACCOUNTCURRENT: [status.amount],
      ACCOUNTDEPOSIT: ['0.00'],
      ACCOUNTPAYMENT: ['0.00'],
      ACCOUNTTAXRATES: ['VAT:0.00'],
      ACCOUNTTEMPCREDIT: ['0.00'],
      ACCOUNTVAT: ['0.00'],
      ACCOUNTVOLUME: ['0.00'],
      ACTIVE: ['1'],
      CREATEDDATE: [CREATED],
      OTPSTATUS: ['INACTIVE'],
      PARENTUSER: ['hexonet.sandbox'],
      UPDATEDDATE: [formatApiDate(registry.now())],
      USER: [account],
    };
    if (stats) {
      properties.SUBUSERSDIRECT = ['0'];
      properties.SUBUSERSTOTAL = ['0'];
    }
    if (relations) {
      const pairs = soldTlds(registry.account).flatMap((tld) => priceRelations(registry.account, tld));
      properties.RELATIONTYPE = pairs.map(([type]) => type);
      properties.RELATIONVALUE = pairs.map(([, value]) => value);
    }
    return { code: 200, description: OK, properties };
  },
};

function indexParam(params: Record<string, string>, key: string, fallback: number): number {
  const raw = params[key];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new CommandFault(505, `Invalid attribute value syntax; ${key} must be an integer`);
  return Number(raw);
}

export const queryExchangeRates: CommandSpec = {
  name: 'QueryExchangeRates',
  handles: ['FIRST', 'LIMIT', 'CURRENCYTO'],
  handle: ({ registry, params }) => {
    const first = indexParam(params, 'FIRST', 0);
    const limit = indexParam(params, 'LIMIT', 100);
    const to = params.CURRENCYTO?.toUpperCase();
    const all = EXCHANGE_RATES.filter((r) => !to || r.to === to);
    const page = all.slice(first, first + limit);
    const date = formatApiDate(registry.now()).slice(0, 10);
    return {
      code: 200,
      description: OK,
      properties: {
        FIRST: [String(first)],
        LAST: [String(first + Math.max(page.length, 1) - 1)],
        COUNT: [String(page.length)],
        TOTAL: [String(all.length)],
        LIMIT: [String(limit)],
        CURRENCYFROM: page.map((r) => r.from),
        CURRENCYTO: page.map((r) => r.to),
        DATE: page.map(() => date),
        RATE: page.map((r) => r.rate),
      },
    };
  },
};

export const PRICE_COMMANDS: readonly CommandSpec[] = [statusUser, queryExchangeRates];

import { type CommandSpec } from './params';
import { OK } from './helpers';

/** The account's own commands: StatusAccount (balance) and CheckAuthentication. */

export const statusAccount: CommandSpec = {
  name: 'StatusAccount',
  handle: ({ registry }) => {
    const status = registry.account.status();
    return {
      code: 200,
      description: OK,
      properties: {
        AMOUNT: [status.amount],
        CREDIT: [status.credit],
        CURRENCY: [status.currency],
        DEPOSIT: ['0.00'],
        VAT: ['0.00'],
      },
    };
  },
};

export const checkAuthentication: CommandSpec = {
  name: 'CheckAuthentication',
  handle: () => ({ code: 200, description: OK }),
};

import type { PremiumPrice } from './model';

/** The real API's error answers (spec 2.3, 7): ApiError with its code, description and HTTP status, and the ones the sandbox gives. */

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly code: number,
    readonly desc: string,
    readonly data = '',
    readonly httpStatus = 500,
  ) {
    super(`${code} ${desc}`);
  }
}

export const ERR = {
  authFailed: () => new ApiError(196, 'Authentication/Authorization Failed'),
  notInAccount: () => new ApiError(320, 'The domain is not in your account; please transfer it to your account first.'),
  notFree: () => new ApiError(311, 'The domain name you want to register is not free'),
  transferFree: () => new ApiError(313, 'The domain name you want to transfer is free'),
  emptyAuthCode: () => new ApiError(317, 'Empty authorization code!'),
  wrongAuthCode: () => new ApiError(318, 'Incorrect authorization code'),
  alreadyInAccount: () => new ApiError(326, 'The domain is already in your account'),
  wrongAutorenew: () => new ApiError(347, 'Wrong autorenew value'),
  prohibited: () => new ApiError(366, 'This action is prohibitted for current domain status.'),
  unknownDomainError: (data: string) => new ApiError(399, 'An unknown domain error has occurred', data),
  alreadyTransferring: () => new ApiError(514, 'The domain is already being transferred'),
  invalidExtension: (data = '') => new ApiError(307, 'Invalid domain extension', data),
  premium: (p: PremiumPrice) =>
    new ApiError(
      379,
      'This is a premium domain: resend the request with accept_premium_fee',
      `create price ${p.price.toFixed(2)} ${p.currency}`,
    ),
  // Not in the spec's code table (no code is documented for these): sandbox choices.
  reserved: () => new ApiError(311, 'The domain name you want to register is not free', 'reserved by the registry'),
  additionalDataMissing: (field: string, ext: string) =>
    new ApiError(399, 'An unknown domain error has occurred', `additional_data.${field} is required for .${ext}`),
  // Not in the spec's code table: sandbox choices for handle errors, in the 1xx customer range.
  handleNotFound: (handle: string) => new ApiError(101, 'Customer handle not found', handle),
  badRequest: (data: string) => new ApiError(399, 'An unknown domain error has occurred', data),
  // Lifecycle and money (spec 2.3, 7).
  notActive: () => new ApiError(327, 'This domain already exists in Openprovider but NOT active'),
  restoreNotAllowed: (data = '') => new ApiError(376, 'Restore operation not allowed for this domain', data),
  creditNotEnough: (data = '') => new ApiError(310, 'Credit not enough', data),
  ownerChangeNeedsTrade: (ext: string) =>
    new ApiError(366, 'This action is prohibitted for current domain status.', `.${ext} owner changes need a trade`),
  tradeNotAvailable: (ext: string) =>
    new ApiError(
      399,
      'An unknown domain error has occurred',
      `trade is not available for .${ext}: update the owner handle`,
    ),
} as const;

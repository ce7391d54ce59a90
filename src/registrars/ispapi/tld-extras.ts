import type { TldExtraFields } from '../../domain/tld-policy';

/**
 * HEXONET's X-... parameter for each neutral TLD extra (src/domain/tld-policy.ts for registration,
 * src/domain/registrant-change.ts for trades), by TLD. Pure: no I/O.
 */
export const ISPAPI_EXTRA_FIELDS: TldExtraFields = {
  ca: { legalType: 'X-CA-LEGALTYPE' },
  it: {
    pin: 'X-IT-PIN',
    entityType: 'X-IT-REGISTRANT-ENTITY-TYPE',
    consentForPublishing: 'X-IT-CONSENTFORPUBLISHING',
    // HEXONET's reference names (TradeDomain, AddDomain); ModifyDomain takes only section 6.
    acceptSection3: 'X-IT-ACCEPT-LIABILITY-TAC',
    acceptSection5: 'X-IT-ACCEPT-REGISTRATION-TAC',
    acceptSection6: 'X-IT-ACCEPT-DIFFUSION-AND-ACCESSIBILITY-TAC',
    acceptSection7: 'X-IT-ACCEPT-EXPLICIT-TAC',
  },
  se: { idNumber: 'X-NICSE-IDNUMBER' },
};

/**
 * The workflow bundle's preloaded modules (src/workers/bundle-options.ts `preloadModules`): evaluated
 * once per workflow thread, before any workflow, and deep-frozen by the SDK, instead of once per
 * cached workflow (issue 18, worker memory: the zod schemas of src/contracts and src/domain built at
 * their modules' top level were most of a cached workflow's heap). Not a workflow; no workflow
 * imports this file. What belongs here keeps no per-workflow state: module-level values are built
 * once and only read afterwards (no module-level `let`, no cache filled by a workflow).
 *
 * Listing a package name in `preloadModules` is not enough: the SDK emits `require('zod')` with the
 * result unused, and webpack drops a side-effect-free package's unused require (`0;` in the bundle),
 * so the package was evaluated per workflow after all. Exporting the namespaces makes them used.
 */
import '../domain/zod-messages';
import * as zod from 'zod';
import * as tr46 from 'tr46';
import ipaddr from 'ipaddr.js';
import * as contracts from '../contracts';
import * as catalogue from '../domain/catalogue';
import * as contact from '../domain/contact';
import * as dns from '../domain/dns';
import * as dnssec from '../domain/dnssec';
import * as domainName from '../domain/domain-name';
import * as lifecycle from '../domain/lifecycle';
import * as money from '../domain/money';
import * as nameservers from '../domain/nameservers';
import * as portfolio from '../domain/portfolio';
import * as pricing from '../domain/pricing';
import * as registrantChange from '../domain/registrant-change';
import * as swissUid from '../domain/swiss-uid';
import * as tldFields from '../domain/tld-fields';
import * as tldPolicy from '../domain/tld-policy';
import * as unknownKeys from '../domain/unknown-keys';
import * as validation from '../domain/validation';
import { settleLazyState } from './preload-settle';

export const preloaded = [
  zod,
  tr46,
  ipaddr,
  contracts,
  catalogue,
  contact,
  dns,
  dnssec,
  domainName,
  lifecycle,
  money,
  nameservers,
  portfolio,
  pricing,
  registrantChange,
  swissUid,
  tldFields,
  tldPolicy,
  unknownKeys,
  validation,
];

settleLazyState(preloaded);

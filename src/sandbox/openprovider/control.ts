import { type ServerResponse } from 'node:http';
import { transferOutRequestSchema } from '../shared/transfers-out';
import { bulkDomainsSchema, rateLimitSchema } from '../shared/rate-limit';
import { joinDomainName, splitDomainName } from '../../registrars/openprovider/domain-name';
import { ApiError } from './registry';
import { faultSeedSchema } from '../shared/faults';
import { sendJson } from '../../util/http-server';
import { OpenproviderControls } from './controls';
import {
  ControlError,
  controlClock,
  controlDelete,
  controlDomain,
  controlExternal,
  controlFault,
  controlLoseAnswer,
  controlPolicy,
  controlRegistrationPolicy,
  controlReject,
  controlReseller,
  controlTld,
  parseControl,
} from './schemas';

/** The /_sandbox control routes over HTTP: JSON in, JSON out, errors as { error } with 400/404/409. */
export abstract class OpenproviderControlSurface extends OpenproviderControls {
  protected control(method: string, url: URL, raw: string, res: ServerResponse): void {
    try {
      let body: unknown = undefined;
      if (raw !== '') {
        try {
          body = JSON.parse(raw);
        } catch {
          throw new ControlError(400, 'body: not valid JSON');
        }
      }
      const path = url.pathname.replace(/^\/_sandbox/, '').replace(/\/+$/, '');
      const transfer = /^\/transfers\/([^/]+)\/(approve|reject)$/.exec(path);
      const domainPath = /^\/domains\/([^/]+)$/.exec(path);
      const registration = /^\/registrations\/([^/]+)\/activate$/.exec(path);
      const domainAction = /^\/domains\/([^/]+)\/(expire|delete|transfer-out)$/.exec(path);
      const tldPath = /^\/tlds\/([^/]+)$/.exec(path);
      const transferOutRequest = /^\/domains\/([^/]+)\/transfer-out-request$/.exec(path);
      if (method === 'GET' && path === '/journal') {
        const filter = {
          route: url.searchParams.get('route') ?? undefined,
          domain: url.searchParams.get('domain') ?? undefined,
        };
        sendJson(res, 200, { entries: this.journal(filter) });
      } else if (method === 'POST' && path === '/external-domains') {
        const b = parseControl(controlExternal, body);
        this.seedExternalDomain(b);
        sendJson(res, 201, { ok: true, domain: joinDomainName(splitDomainName(b.domain)) });
      } else if (method === 'POST' && path === '/domains') {
        const b = parseControl(controlDomain, body);
        const date = (v: string | undefined) => (v ? new Date(v) : undefined);
        this.seedDomain({
          ...b,
          expiresAt: date(b.expiresAt),
          registryExpiresAt: date(b.registryExpiresAt),
          renewalDate: date(b.renewalDate),
        });
        sendJson(res, 201, { ok: true, domain: this.domain(b.domain) });
      } else if (method === 'POST' && domainAction) {
        const domain = decodeURIComponent(domainAction[1]!);
        try {
          if (domainAction[2] === 'expire') this.expireDomain(domain);
          else if (domainAction[2] === 'delete') this.deleteDomain(domain, parseControl(controlDelete, body));
          else this.transferOut(domain);
        } catch (err) {
          if (err instanceof ControlError) throw err;
          throw new ControlError(409, (err as Error).message);
        }
        sendJson(res, 200, { ok: true, domain: this.domain(domain, { includeDeleted: true }) ?? null });
      } else if (method === 'POST' && transferOutRequest) {
        const domain = decodeURIComponent(transferOutRequest[1]!);
        const b = parseControl(transferOutRequestSchema, body) ?? {};
        try {
          sendJson(res, 200, { ok: true, request: this.requestTransferOut(domain, b.gainingRegistrar) });
        } catch (err) {
          throw new ControlError(409, (err as Error).message);
        }
      } else if (method === 'GET' && path === '/transfers-out') {
        sendJson(res, 200, { transfersOut: this.transfersOut() });
      } else if (method === 'GET' && path === '/clock') {
        sendJson(res, 200, { now: this.now().toISOString() });
      } else if (method === 'POST' && path === '/clock') {
        const b = parseControl(controlClock, body);
        sendJson(res, 200, { ok: true, now: this.advanceClock(b.advanceMs).toISOString() });
      } else if (method === 'GET' && path === '/charges') {
        sendJson(res, 200, { charges: this.charges({ domain: url.searchParams.get('domain') ?? undefined }) });
      } else if (method === 'GET' && path === '/reseller') {
        sendJson(res, 200, { balance: this.balance(), autoRenew: this.registry.resellerAutorenew });
      } else if ((method === 'PUT' || method === 'POST') && path === '/reseller') {
        const b = parseControl(controlReseller, body);
        if (b.balance !== undefined) this.setBalance(b.balance);
        if (b.autoRenew !== undefined) this.setResellerAutorenew(b.autoRenew);
        sendJson(res, 200, { ok: true, balance: this.balance(), autoRenew: this.registry.resellerAutorenew });
      } else if (method === 'GET' && tldPath) {
        sendJson(res, 200, { tld: this.tld(decodeURIComponent(tldPath[1]!)) });
      } else if ((method === 'PUT' || method === 'POST') && tldPath) {
        const tld = this.setTld(decodeURIComponent(tldPath[1]!), parseControl(controlTld, body));
        sendJson(res, 200, { ok: true, tld });
      } else if (method === 'POST' && path === '/lose-answer') {
        this.loseAnswer(parseControl(controlLoseAnswer, body));
        sendJson(res, 201, { ok: true });
      } else if (method === 'GET' && domainPath) {
        const includeDeleted = url.searchParams.get('includeDeleted') === 'true';
        const d = this.domain(decodeURIComponent(domainPath[1]!), { includeDeleted });
        if (!d) throw new ControlError(404, `domain ${domainPath[1]} is not in the account`);
        sendJson(res, 200, { domain: d });
      } else if (method === 'POST' && transfer) {
        const domain = decodeURIComponent(transfer[1]!);
        try {
          if (transfer[2] === 'approve') this.approveTransfer(domain);
          else this.rejectTransfer(domain, parseControl(controlReject, body).reason);
        } catch (err) {
          if (err instanceof ControlError) throw err;
          throw new ControlError(409, (err as Error).message);
        }
        sendJson(res, 200, { ok: true, domain: this.domain(domain) });
      } else if ((method === 'PUT' || method === 'POST') && path === '/transfer-policy') {
        const p = parseControl(controlPolicy, body);
        this.setTransferPolicy(p);
        sendJson(res, 200, { ok: true, policy: p });
      } else if ((method === 'PUT' || method === 'POST') && path === '/registration-policy') {
        const p = parseControl(controlRegistrationPolicy, body);
        this.setRegistrationPolicy(p);
        sendJson(res, 200, { ok: true, policy: p });
      } else if (method === 'POST' && registration) {
        const domain = decodeURIComponent(registration[1]!);
        try {
          this.activateRegistration(domain);
        } catch (err) {
          throw new ControlError(409, (err as Error).message);
        }
        sendJson(res, 200, { ok: true, domain: this.domain(domain) });
      } else if (method === 'POST' && path === '/faults') {
        this.injectFault(parseControl(controlFault, body));
        sendJson(res, 201, { ok: true });
      } else if (method === 'DELETE' && path === '/faults') {
        this.clearFaults();
        sendJson(res, 200, { ok: true });
      } else if (method === 'GET' && path === '/faults') {
        sendJson(res, 200, this.faults());
      } else if (method === 'PUT' && path === '/faults/seed') {
        const { seed } = parseControl(faultSeedSchema, body);
        this.setFaultSeed(seed);
        sendJson(res, 200, { ok: true, seed });
      } else if (method === 'POST' && path === '/domains/bulk') {
        sendJson(res, 201, this.seedDomains(parseControl(bulkDomainsSchema, body)));
      } else if (method === 'GET' && path === '/rate-limit') {
        sendJson(res, 200, this.rateLimit());
      } else if (method === 'PUT' && path === '/rate-limit') {
        this.setRateLimit(parseControl(rateLimitSchema, body).callsPerSecond ?? null);
        sendJson(res, 200, this.rateLimit());
      } else if (method === 'POST' && path === '/reset') {
        this.reset();
        sendJson(res, 200, { ok: true, defaultHandle: this.defaultHandle });
      } else {
        throw new ControlError(404, `unknown control route ${method} /_sandbox${path}`);
      }
    } catch (err) {
      if (err instanceof ControlError) sendJson(res, err.status, { error: err.message });
      else if (err instanceof ApiError) sendJson(res, 400, { error: err.message });
      else if (err instanceof Error && err.name === 'OpenproviderDomainNameError')
        sendJson(res, 400, { error: `body.domain: ${err.message}` });
      else throw err;
    }
  }
}

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig, envSchema } from '../../src/config/config';
import { REGISTRAR_ENTRIES, REGISTRAR_NAMES, REGISTRARS } from '../../src/registrars';
import { isApplicationRegistrar } from '../../src/registrars/application';
import { isBackorderRegistrar } from '../../src/registrars/backorder';
import { isHostRegistrar } from '../../src/registrars/hosts';
import { isAuthCodeRegistrar } from '../../src/registrars/auth-code';
import { isDeletionRegistrar } from '../../src/registrars/deletion';
import { isOutboundTransferRegistrar } from '../../src/registrars/outbound-transfer';
import { isSuggestionRegistrar } from '../../src/registrars/suggestions';
import { isDnssecRegistrar } from '../../src/registrars/dnssec';
import { isPortfolioRegistrar } from '../../src/registrars/portfolio';
import { isDnsZoneRegistrar } from '../../src/registrars/dns';
import { isRegistrantChangeRegistrar } from '../../src/registrars/registrant-change';
import { isCatalogueRegistrar } from '../../src/registrars/catalogue';
import { REGISTRAR_CAPABILITIES, type RegistrarCapability } from '../../src/registrars/table';

const GUARDS: Record<RegistrarCapability, (r: unknown) => boolean> = {
  portfolio: isPortfolioRegistrar,
  dnsZones: isDnsZoneRegistrar,
  registrantChange: isRegistrantChangeRegistrar,
  applications: isApplicationRegistrar,
  backorders: isBackorderRegistrar,
  hosts: isHostRegistrar,
  authCodes: isAuthCodeRegistrar,
  outboundTransfers: isOutboundTransferRegistrar,
  deletion: isDeletionRegistrar,
  suggestions: isSuggestionRegistrar,
  dnssec: isDnssecRegistrar,
  catalogue: isCatalogueRegistrar,
};

describe('the registrar table', () => {
  it('has one row per name, in REGISTRAR_NAMES order', () => {
    assert.deepEqual(
      REGISTRAR_ENTRIES.map((e) => e.name),
      [...REGISTRAR_NAMES],
    );
    for (const name of REGISTRAR_NAMES) assert.equal(REGISTRARS[name].name, name);
  });

  it("each row's declared capabilities are exactly what its adapter implements", async () => {
    const config = loadConfig({});
    for (const entry of REGISTRAR_ENTRIES) {
      const { registrar, close } = entry.create(config[entry.name]);
      try {
        assert.equal(registrar.name, entry.name);
        for (const capability of REGISTRAR_CAPABILITIES) {
          assert.equal(
            GUARDS[capability](registrar),
            entry.implements.includes(capability),
            `${entry.name}: ${capability}`,
          );
        }
      } finally {
        await close();
      }
    }
  });

  it("each row's variables, sandbox port and sync rate are in the environment schema", () => {
    const keys = Object.keys(envSchema.shape);
    for (const entry of REGISTRAR_ENTRIES) {
      for (const key of Object.keys(entry.env)) assert.ok(keys.includes(key), key);
      assert.ok(keys.includes(`SANDBOX_${entry.name.toUpperCase()}_PORT`));
      assert.ok(keys.includes(`DOMAINFLOW_SYNC_RATE_${entry.name.toUpperCase()}`));
    }
    const config = loadConfig({});
    assert.deepEqual(config.portfolio.registrars, [...REGISTRAR_NAMES]);
    for (const entry of REGISTRAR_ENTRIES) {
      assert.equal(config.sandbox.ports[entry.name], entry.sandbox.defaultPort, `${entry.name} sandbox port`);
      assert.equal(config.portfolio.ratePerSecond[entry.name], entry.listRatePerSecond, `${entry.name} rate`);
    }
    // The defaults the configuration table has always shown.
    assert.equal(config.sandbox.ispapiPort, 8765);
    assert.equal(config.sandbox.openproviderPort, 8766);
  });

  it('the first registrar reaching a real account names why payload keys must be managed', () => {
    assert.throws(
      () => loadConfig({ ISPAPI_ENV: 'ote', ISPAPI_LOGIN: 'l', ISPAPI_PASSWORD: 'p' }),
      /DOMAINFLOW_CODEC_KEYS: required when ISPAPI_ENV=ote/,
    );
    assert.throws(
      () =>
        loadConfig({
          OPENPROVIDER_ENV: 'live',
          OPENPROVIDER_USERNAME: 'u',
          OPENPROVIDER_PASSWORD: 'p',
          OPENPROVIDER_OWNER_HANDLE: 'JD123456-NL',
        }),
      /DOMAINFLOW_CODEC_KEYS: required when OPENPROVIDER_ENV=live/,
    );
    assert.doesNotThrow(() =>
      loadConfig({
        OPENPROVIDER_ENV: 'test',
        OPENPROVIDER_USERNAME: 'u',
        OPENPROVIDER_PASSWORD: 'p',
        OPENPROVIDER_OWNER_HANDLE: 'JD123456-NL',
      }),
    );
  });
});

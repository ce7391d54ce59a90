import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const VENDORED = path.resolve(__dirname, '../../src/sandbox/openprovider/reference');
const SHARED = path.resolve(__dirname, '../../../shared/specs/openprovider-swagger');

describe('the vendored Openprovider OpenAPI files', () => {
  const files = readdirSync(VENDORED).filter((f) => f.endsWith('.json'));

  it('are the four official Swagger 2.0 documents', () => {
    assert.deepEqual(files.sort(), [
      'auth.swagger.json',
      'dns.swagger.json',
      'domain.swagger.json',
      'reseller-customer.swagger.json',
    ]);
    for (const file of files) {
      const doc = JSON.parse(readFileSync(path.join(VENDORED, file), 'utf8')) as { swagger?: string; paths?: object };
      assert.equal(doc.swagger, '2.0', file);
      assert.ok(doc.paths && Object.keys(doc.paths).length > 0, `${file} has paths`);
    }
  });

  it('equal the shared copies byte for byte when ../shared is present', (t) => {
    if (!existsSync(SHARED)) {
      t.skip(`no ${SHARED}: the vendored files are used as they are`);
      return;
    }
    for (const file of files)
      assert.ok(
        readFileSync(path.join(VENDORED, file)).equals(readFileSync(path.join(SHARED, file))),
        `${file} differs from ${SHARED}: copy it again`,
      );
  });
});

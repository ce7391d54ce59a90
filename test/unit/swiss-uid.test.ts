import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseSwissUid } from '../../src/domain/swiss-uid';

describe('Swiss UID (enterprise ID)', () => {
  it('accepts both spellings and normalises them', () => {
    for (const input of ['CHE-109.322.551', 'CHE109322551', ' che-109 322 551 ']) {
      assert.deepEqual(parseSwissUid(input), { ok: true, value: 'CHE109322551', display: 'CHE-109.322.551' });
    }
  });
  it('refuses a wrong check digit', () => {
    const r = parseSwissUid('CHE-123.456.789');
    assert.equal(r.ok, false);
    assert.match(!r.ok ? r.rule : '', /check digit/);
  });
  it('refuses the wrong shape', () => {
    for (const input of ['', 'CHE-109.322.55', 'DEU109322551', 'CHE10932255X']) {
      assert.equal(parseSwissUid(input).ok, false, input);
    }
  });
});

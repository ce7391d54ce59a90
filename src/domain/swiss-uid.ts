/**
 * The Swiss enterprise identification number (UID) a .swiss application needs: CHE + 8 digits +
 * a mod-11 check digit (weights 5 4 3 2 7 6 5 4). Written CHE-109.322.551 or CHE109322551.
 */
const WEIGHTS = [5, 4, 3, 2, 7, 6, 5, 4];

export type SwissUidResult = { ok: true; value: string; display: string } | { ok: false; rule: string };

export function parseSwissUid(input: string): SwissUidResult {
  const compact = input
    .trim()
    .toUpperCase()
    .replace(/[\s.-]/g, '');
  const match = /^CHE(\d{9})$/.exec(compact);
  if (!match) return { ok: false, rule: 'must be CHE followed by 9 digits, e.g. CHE-109.322.551' };
  const digits = match[1]!.split('').map(Number);
  const sum = WEIGHTS.reduce((acc, w, i) => acc + w * digits[i]!, 0);
  const check = 11 - (sum % 11);
  // 10 is never issued; 11 means 0.
  if (check === 10 || (check === 11 ? 0 : check) !== digits[8]) {
    return { ok: false, rule: 'has a wrong check digit (not a real UID)' };
  }
  const d = match[1]!;
  return { ok: true, value: `CHE${d}`, display: `CHE-${d.slice(0, 3)}.${d.slice(3, 6)}.${d.slice(6)}` };
}

/**
 * Money as integers in minor units (cents); decimal strings only at the edges. Never floats: 0.1 +
 * 0.2 is not 0.3, and a customer's balance must be right to the cent.
 */
export function toMinorUnits(decimal: string): number | undefined {
  const match = /^(\d{1,12})(?:\.(\d{1,2}))?$/.exec(decimal.trim());
  if (!match) return undefined;
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

export function formatMinorUnits(minor: number): string {
  // A fraction, NaN or an unsafe integer here is a bug upstream: refuse it rather than print "0.0.5".
  if (!Number.isSafeInteger(minor)) throw new RangeError(`not a whole number of minor units: ${minor}`);
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

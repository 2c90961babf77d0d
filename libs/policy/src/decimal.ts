/**
 * Exact comparison of non-negative decimal amounts given as strings ("1500000", "299.99"): money never goes
 * through binary floats.
 */
/** A non-negative decimal: integer part in group 1, fraction in group 2. */
export const DECIMAL = /^(\d+)(?:\.(\d+))?$/;

export function isDecimal(value: unknown): value is string {
  return typeof value === 'string' && DECIMAL.test(value);
}

/** -1, 0 or 1 as a < b, a = b, a > b. */
export function compareDecimal(a: string, b: string): number {
  const ma = DECIMAL.exec(a);
  const mb = DECIMAL.exec(b);
  if (!ma || !mb) throw new RangeError(`not a non-negative decimal: ${ma ? b : a}`);
  const ia = ma[1]!.replace(/^0+(?=\d)/, '');
  const ib = mb[1]!.replace(/^0+(?=\d)/, '');
  if (ia.length !== ib.length) return ia.length < ib.length ? -1 : 1;
  if (ia !== ib) return ia < ib ? -1 : 1;
  const len = Math.max(ma[2]?.length ?? 0, mb[2]?.length ?? 0);
  const fa = (ma[2] ?? '').padEnd(len, '0');
  const fb = (mb[2] ?? '').padEnd(len, '0');
  return fa === fb ? 0 : fa < fb ? -1 : 1;
}

export function decimalAtLeast(value: string, min: string): boolean {
  return compareDecimal(value, min) >= 0;
}

/** A fraction in [0, 1] (e.g. 0.8) at least `percent` %, compared in basis points to avoid float noise. */
export function fractionAtLeastPercent(fraction: number, percent: number): boolean {
  return Math.round(fraction * 10_000) >= Math.round(percent * 100);
}

/**
 * Exact decimals. Money and scores never go through binary floats: amounts are compared as decimal strings
 * ("1500000", "299.99"), scores are counted in integer hundredths, and a JSON number is read through its shortest
 * decimal representation (`String(n)`: 8.2 is "8.2", not 8.199999999999999289...).
 */
/** A non-negative decimal: integer part in group 1, fraction in group 2. */
export const DECIMAL = /^(\d+)(?:\.(\d+))?$/;

export function isDecimal(value: unknown): value is string {
  return typeof value === 'string' && DECIMAL.test(value);
}

/**
 * The normalised decimal a JSON number or a decimal string stands for (no leading zeros, no trailing zeros in the
 * fraction: 8.20 and "08.2" are "8.2"), or null when it is not a plain non-negative decimal. A number is read by
 * `String(n)`, its shortest representation; exponent forms (1e-7, 1e+21), NaN, Infinity, negatives, blanks and
 * anything that is neither a number nor a string are refused.
 */
export function plainDecimal(value: unknown): string | null {
  let s: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return null;
    s = String(value);
  } else if (typeof value === 'string') {
    s = value;
  } else {
    return null;
  }
  const m = DECIMAL.exec(s);
  if (!m) return null;
  const int = m[1]!.replace(/^0+(?=\d)/, '');
  const frac = (m[2] ?? '').replace(/0+$/, '');
  return frac ? `${int}.${frac}` : int;
}

/** Integer parts longer than this would take hundredths past Number.MAX_SAFE_INTEGER. */
const MAX_INTEGER_DIGITS = 13;

/**
 * A non-negative decimal with at most two places (decided on its shortest representation, see `plainDecimal`)
 * as an integer count of hundredths: 8.2 -> 820, "19.99" -> 1999, 25 -> 2500. Null for anything else, including
 * 8.205, "1e2" and values too large to count exactly.
 */
export function decimalToHundredths(value: unknown): number | null {
  const d = plainDecimal(value);
  if (d === null) return null;
  const [int, frac = ''] = d.split('.') as [string, string?];
  if (frac.length > 2 || int.length > MAX_INTEGER_DIGITS) return null;
  return Number(int) * 100 + Number(frac.padEnd(2, '0'));
}

/** Hundredths as a decimal string with two places: 820 -> "8.20". */
export function hundredthsToDecimal(h: number): string {
  if (!Number.isSafeInteger(h) || h < 0) throw new RangeError(`not a non-negative whole number of hundredths: ${h}`);
  return `${Math.floor(h / 100)}.${String(h % 100).padStart(2, '0')}`;
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

/**
 * The exact decimal of a finite non-negative number, exponent forms written out: 1e-7 -> "0.0000001",
 * 0.8 -> "0.8". Null for NaN, Infinity and negatives.
 */
function exactDecimal(n: number): string | null {
  if (!Number.isFinite(n) || n < 0) return null;
  const s = String(n);
  const m = /^(\d+)(?:\.(\d+))?e([+-]\d+)$/.exec(s);
  if (!m) return s;
  const digits = m[1]! + (m[2] ?? '');
  const point = m[1]!.length + Number(m[3]);
  if (point <= 0) return `0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return digits + '0'.repeat(point - digits.length);
  return `${digits.slice(0, point)}.${digits.slice(point)}`;
}

/** Moves a decimal point two places to the right: a fraction "0.805" as a percentage "80.5". */
function timesHundred(d: string): string {
  const [int, frac = ''] = d.split('.') as [string, string?];
  const f = frac.padEnd(2, '0');
  const rest = f.slice(2);
  return `${(int + f.slice(0, 2)).replace(/^0+(?=\d)/, '')}${rest ? `.${rest}` : ''}`;
}

/**
 * A fraction in [0, 1] (e.g. 0.8) at least `percent` % (以上 includes the number), compared exactly on the
 * fraction's shortest decimal: 0.8 is 80 %, 0.79995 is not. NaN, Infinity and negatives never reach it.
 */
export function fractionAtLeastPercent(fraction: number, percent: number): boolean {
  const f = exactDecimal(fraction);
  const p = exactDecimal(percent);
  if (f === null || p === null) return false;
  return compareDecimal(timesHundred(f), p) >= 0;
}

/**
 * A fraction as a percentage for people, cut (never rounded up) to two places, so that a share under a threshold
 * never reads as reaching it: 0.9 -> "90", 0.925 -> "92.5", 0.79996 -> "79.99".
 */
export function percentShown(fraction: number): string {
  const f = exactDecimal(fraction);
  if (f === null) return String(fraction);
  const [int, frac = ''] = timesHundred(f).split('.') as [string, string?];
  const cut = frac.slice(0, 2).replace(/0+$/, '');
  return cut ? `${int}.${cut}` : int;
}

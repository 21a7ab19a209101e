/**
 * Russian state registration numbers: INN (taxpayer number), OGRN (legal
 * entity) and OGRNIP (individual entrepreneur), with their check digits.
 *
 * Only the check digits are verified: region, inspection and year prefixes
 * change over time and the registry, not this module, says whether a number
 * belongs to a real organization.
 */

const LEGAL_INN_WEIGHTS = [2, 4, 10, 3, 5, 9, 4, 6, 8] as const;
const INDIVIDUAL_INN_WEIGHTS_11 = [7, 2, 4, 10, 3, 5, 9, 4, 6, 8] as const;
const INDIVIDUAL_INN_WEIGHTS_12 = [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8] as const;

// Explicit [0-9] rather than a Unicode-aware digit class: full-width or
// Arabic-Indic digits must be rejected, not reach the arithmetic.
const digitsOf = (length: number) => new RegExp(`^[0-9]{${length}}$`);
const TEN_DIGITS = digitsOf(10);
const TWELVE_DIGITS = digitsOf(12);
const THIRTEEN_DIGITS = digitsOf(13);
const FIFTEEN_DIGITS = digitsOf(15);

function innCheckDigit(digits: string, weights: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < weights.length; i++) {
    sum += (weights[i] ?? 0) * Number(digits[i]);
  }
  return (sum % 11) % 10;
}

/** OGRN-family check digit. BigInt keeps it exact without reasoning about where doubles stop being integers. */
function ogrnCheckDigit(body: string, modulus: bigint): number {
  return Number((BigInt(body) % modulus) % 10n);
}

export function isValidInn(value: string): boolean {
  if (TEN_DIGITS.test(value)) {
    return innCheckDigit(value, LEGAL_INN_WEIGHTS) === Number(value[9]);
  }
  if (TWELVE_DIGITS.test(value)) {
    return (
      innCheckDigit(value, INDIVIDUAL_INN_WEIGHTS_11) === Number(value[10]) &&
      innCheckDigit(value, INDIVIDUAL_INN_WEIGHTS_12) === Number(value[11])
    );
  }
  return false;
}

/** 13-digit OGRN: check digit = (first 12 digits mod 11) mod 10. */
export function isValidOgrn(value: string): boolean {
  return THIRTEEN_DIGITS.test(value) && ogrnCheckDigit(value.slice(0, 12), 11n) === Number(value[12]);
}

/** 15-digit OGRNIP: check digit = (first 14 digits mod 13) mod 10. */
export function isValidOgrnip(value: string): boolean {
  return FIFTEEN_DIGITS.test(value) && ogrnCheckDigit(value.slice(0, 14), 13n) === Number(value[14]);
}

/**
 * The INN and the registration number must be of the same kind: a legal
 * entity (10-digit INN) has an OGRN, an individual entrepreneur (12-digit
 * INN) an OGRNIP.
 */
export function isValidRegistrationNumber(inn: string, ogrn: string): boolean {
  if (!isValidInn(inn)) return false;
  return inn.length === 10 ? isValidOgrn(ogrn) : isValidOgrnip(ogrn);
}

export type InnKind = 'legal' | 'individual';

export function innKind(inn: string): InnKind | null {
  if (!isValidInn(inn)) return null;
  return inn.length === 10 ? 'legal' : 'individual';
}

/*
 * Generators. Each maps the seed through a bijection of [0, 10^k) (multiply
 * by a number coprime to 10, add an offset) so that neighbouring seeds give
 * unrelated-looking numbers while distinct seeds below 10^k still give
 * distinct numbers. Prefixes are Moscow-like (region 77) so sample data reads
 * plausibly.
 */

function scramble(seed: number, width: number): string {
  if (!Number.isSafeInteger(seed) || seed < 0) {
    throw new RangeError(`seed must be a non-negative safe integer, got ${seed}`);
  }
  const modulus = 10 ** width;
  // 7_368_787 is prime, so coprime to 10^k: multiplying by it permutes [0, 10^k).
  // Widths up to 9 keep the product below 2^53, so plain numbers stay exact.
  const mixed = ((seed % modulus) * 7_368_787 + 1_234_567) % modulus;
  return mixed.toString().padStart(width, '0');
}

/** Distinct seeds in [0, 10^7) give distinct legal INNs, [0, 10^8) distinct individual INNs. */
export function makeInn(seed: number, kind: InnKind): string {
  if (kind === 'legal') {
    const body = `77${scramble(seed, 7)}`;
    return `${body}${innCheckDigit(body, LEGAL_INN_WEIGHTS)}`;
  }
  const body = `77${scramble(seed, 8)}`;
  const withFirst = `${body}${innCheckDigit(body, INDIVIDUAL_INN_WEIGHTS_11)}`;
  return `${withFirst}${innCheckDigit(withFirst, INDIVIDUAL_INN_WEIGHTS_12)}`;
}

/** Distinct seeds in [0, 10^7) give distinct OGRNs (sign 1, year 02, region 77). */
export function makeOgrn(seed: number): string {
  const body = `10277${scramble(seed, 7)}`;
  return `${body}${ogrnCheckDigit(body, 11n)}`;
}

/** Distinct seeds in [0, 10^9) give distinct OGRNIPs (sign 3, year 04, region 77). */
export function makeOgrnip(seed: number): string {
  const body = `30477${scramble(seed, 9)}`;
  return `${body}${ogrnCheckDigit(body, 13n)}`;
}

import { describe, expect, it } from 'vitest';
import {
  innKind,
  isValidInn,
  isValidOgrn,
  isValidOgrnip,
  isValidRegistrationNumber,
  makeInn,
  makeOgrn,
  makeOgrnip,
} from '#shared/domain/inn';

const GOOD_LEGAL_INNS = ['7707083893', '7736207543'];
const GOOD_INDIVIDUAL_INNS = ['500100732259'];
const GOOD_OGRNS = ['1027700132195', '1027739642281'];
// 30450011600015 mod 13 = 7, so the check digit is 7.
const GOOD_OGRNIPS = ['304500116000157'];

/** Every number that differs from `value` in exactly one digit. */
function singleDigitChanges(value: string): string[] {
  const variants: string[] = [];
  for (let position = 0; position < value.length; position++) {
    for (let digit = 0; digit <= 9; digit++) {
      if (String(digit) === value[position]) continue;
      variants.push(`${value.slice(0, position)}${digit}${value.slice(position + 1)}`);
    }
  }
  return variants;
}

const BAD_SHAPES = [
  '',
  ' ',
  '770708389',
  '77070838930',
  '77070838 3',
  ' 7707083893',
  '7707083893 ',
  'A707083893',
  '7707O83893',
  '-707083893',
  '770708389.',
  '７７０７０８３８９３',
];

describe('isValidInn', () => {
  it.each([...GOOD_LEGAL_INNS, ...GOOD_INDIVIDUAL_INNS])('accepts the real INN %s', (inn) => {
    expect(isValidInn(inn)).toBe(true);
  });

  it.each([...GOOD_LEGAL_INNS, ...GOOD_INDIVIDUAL_INNS])('rejects every single-digit change of %s', (inn) => {
    // Arrange
    const variants = singleDigitChanges(inn);

    // Act
    const accepted = variants.filter(isValidInn);

    // Assert
    expect(variants.length).toBe(inn.length * 9);
    expect(accepted).toEqual([]);
  });

  it.each([...BAD_SHAPES, '50010073225', '5001007322590', '50010073225X'])(
    'rejects the malformed value %j',
    (value) => {
      expect(isValidInn(value)).toBe(false);
    },
  );

  it('rejects an individual INN whose first check digit is right but second is wrong', () => {
    expect(isValidInn('500100732258')).toBe(false);
    expect(isValidInn('500100732259')).toBe(true);
  });

  it('checks the 12-digit weights, not the 10-digit ones, for individuals', () => {
    // A 10-digit INN with two digits appended would pass a check that only looked at the first ten.
    expect(isValidInn('770708389300')).toBe(false);
  });
});

describe('isValidOgrn / isValidOgrnip', () => {
  it.each(GOOD_OGRNS)('accepts the real OGRN %s', (ogrn) => {
    expect(isValidOgrn(ogrn)).toBe(true);
  });

  it.each(GOOD_OGRNIPS)('accepts the OGRNIP %s', (ogrnip) => {
    expect(isValidOgrnip(ogrnip)).toBe(true);
  });

  it.each(GOOD_OGRNS)('rejects every single-digit change of OGRN %s', (ogrn) => {
    expect(singleDigitChanges(ogrn).filter(isValidOgrn)).toEqual([]);
  });

  it.each(GOOD_OGRNIPS)('rejects every single-digit change of OGRNIP %s', (ogrnip) => {
    expect(singleDigitChanges(ogrnip).filter(isValidOgrnip)).toEqual([]);
  });

  it('does not accept an OGRN as an OGRNIP or the other way round', () => {
    expect(isValidOgrnip('1027700132195')).toBe(false);
    expect(isValidOgrn('304500116000157')).toBe(false);
  });

  it.each(['', '102770013219', '10277001321955', '102770013219X', ' 1027700132195', '1027700132195\n'])(
    'rejects the malformed OGRN %j',
    (value) => {
      expect(isValidOgrn(value)).toBe(false);
    },
  );

  it.each(['', '30450011600015', '3045001160001570', '30450011600015A'])(
    'rejects the malformed OGRNIP %j',
    (value) => {
      expect(isValidOgrnip(value)).toBe(false);
    },
  );
});

describe('isValidRegistrationNumber', () => {
  it('pairs a legal INN with an OGRN', () => {
    expect(isValidRegistrationNumber('7707083893', '1027700132195')).toBe(true);
    expect(isValidRegistrationNumber('7707083893', '304500116000157')).toBe(false);
  });

  it('pairs an individual INN with an OGRNIP', () => {
    expect(isValidRegistrationNumber('500100732259', '304500116000157')).toBe(true);
    expect(isValidRegistrationNumber('500100732259', '1027700132195')).toBe(false);
  });

  it('rejects an invalid INN even with a valid registration number', () => {
    expect(isValidRegistrationNumber('7707083894', '1027700132195')).toBe(false);
    expect(isValidRegistrationNumber('', '1027700132195')).toBe(false);
  });

  it('rejects an invalid registration number', () => {
    expect(isValidRegistrationNumber('7707083893', '1027700132196')).toBe(false);
    expect(isValidRegistrationNumber('500100732259', '304500116000158')).toBe(false);
  });
});

describe('innKind', () => {
  it('tells legal entities from individuals and rejects invalid INNs', () => {
    expect(innKind('7707083893')).toBe('legal');
    expect(innKind('500100732259')).toBe('individual');
    expect(innKind('7707083894')).toBeNull();
  });
});

describe('generators', () => {
  const generators = [
    { kind: 'legal INN', generate: (seed: number) => makeInn(seed, 'legal'), isValid: isValidInn },
    { kind: 'individual INN', generate: (seed: number) => makeInn(seed, 'individual'), isValid: isValidInn },
    { kind: 'OGRN', generate: makeOgrn, isValid: isValidOgrn },
    { kind: 'OGRNIP', generate: makeOgrnip, isValid: isValidOgrnip },
  ];

  it.each(generators)(
    'gives a valid, distinct $kind for every seed from 0 to 1,000,000',
    ({ generate, isValid }) => {
      // Arrange
      // Numbers hash much faster than strings; every generated value is below 2^53 with no leading zero.
      const seen = new Set<number>();
      const invalid: string[] = [];

      // Act
      for (let seed = 0; seed <= 1_000_000; seed++) {
        const value = generate(seed);
        seen.add(Number(value));
        if (!isValid(value)) invalid.push(value);
      }

      // Assert
      expect(invalid).toEqual([]);
      expect(seen.size).toBe(1_000_001);
    },
    30_000,
  );

  it('gives numbers of the right kind and length', () => {
    for (let seed = 0; seed < 5_000; seed++) {
      const legal = makeInn(seed, 'legal');
      const individual = makeInn(seed, 'individual');
      const ogrn = makeOgrn(seed);
      const ogrnip = makeOgrnip(seed);
      expect(innKind(legal)).toBe('legal');
      expect(innKind(individual)).toBe('individual');
      expect(isValidRegistrationNumber(legal, ogrn)).toBe(true);
      expect(isValidRegistrationNumber(individual, ogrnip)).toBe(true);
    }
  });

  it('is deterministic', () => {
    expect(makeInn(42, 'legal')).toBe(makeInn(42, 'legal'));
    expect(makeInn(42, 'individual')).toBe(makeInn(42, 'individual'));
    expect(makeOgrn(42)).toBe(makeOgrn(42));
    expect(makeOgrnip(42)).toBe(makeOgrnip(42));
  });

  it.each([-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('rejects the seed %d', (seed) => {
    expect(() => makeInn(seed, 'legal')).toThrow(RangeError);
    expect(() => makeOgrn(seed)).toThrow(RangeError);
    expect(() => makeOgrnip(seed)).toThrow(RangeError);
  });
});

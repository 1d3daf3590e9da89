/**
 * @internal A compact, exact encoding of JSON whose numbers have at most four significant
 * digits (the fitted genre statistics: every figure is rounded so when fitted). The build
 * embeds the statistics this way instead of as a JSON object literal: 2.5 bytes a number
 * (before base64) rather than 6 to 20 characters, and a string literal is cheaper for engines
 * to parse than 44,000 numbers.
 *
 * Layout: a skeleton (the JSON with each array of numbers replaced by a marker holding its
 * length) and the numbers in document order, each `mantissa × 10^exponent`: the mantissas as
 * little-endian int16, then the exponents as 4-bit nibbles (two a byte, offset by
 * {@link EXPONENT_OFFSET}). Decoding reads `${mantissa}e${exponent}` with `Number`, which
 * rounds the decimal exactly as `JSON.parse` does: the decoded JSON equals the original.
 */

/** `#n` in the skeleton stands for an array of n numbers (no string of the data starts with `#`). */
const MARKER = '#';
/** Exponents from -12 to 3 fit in a nibble. */
const EXPONENT_OFFSET = 12;

/** What the build embeds. */
export interface CompactJSON {
  /** The JSON with its number arrays replaced by markers. */
  readonly skeleton: unknown;
  /** The mantissas and exponents, base64. */
  readonly numbers: string;
  /** How many numbers. */
  readonly count: number;
}

/** The shortest decimal of `value` as `[mantissa, exponent]`. */
function decimal(value: number): [number, number] {
  if (value === 0) {
    if (Object.is(value, -0)) throw new Error('cannot encode -0');
    return [0, 0];
  }
  const text = String(Math.abs(value));
  const [base = '', power = '0'] = text.split('e');
  const [whole = '', fraction = ''] = base.split('.');
  let digits = (whole + fraction).replace(/^0+/, '');
  let exponent = Number(power) - fraction.length;
  while (digits.endsWith('0')) {
    digits = digits.slice(0, -1);
    exponent += 1;
  }
  let mantissa = Number(digits) * Math.sign(value);
  // Trailing zeros back into the mantissa while the exponent is above the nibble's range.
  while (exponent + EXPONENT_OFFSET > 15 && Math.abs(mantissa) * 10 <= 32_767) {
    mantissa *= 10;
    exponent -= 1;
  }
  if (
    Math.abs(mantissa) > 32_767 ||
    exponent + EXPONENT_OFFSET < 0 ||
    exponent + EXPONENT_OFFSET > 15
  ) {
    throw new Error(
      `cannot encode ${value} compactly (mantissa ${mantissa}, exponent ${exponent})`,
    );
  }
  return [mantissa, exponent];
}

function isNumberArray(value: unknown): value is number[] {
  return (
    Array.isArray(value) && value.length > 0 && value.every((item) => typeof item === 'number')
  );
}

/** Encodes `json` (build time). @throws Error for a number with more than four significant digits' worth of mantissa. */
export function encodeCompactJSON(json: unknown): CompactJSON {
  const values: number[] = [];
  const strip = (value: unknown): unknown => {
    if (isNumberArray(value)) {
      values.push(...value);
      return `${MARKER}${value.length}`;
    }
    if (Array.isArray(value)) return value.map(strip);
    if (typeof value === 'object' && value !== null) {
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, strip(item)]));
    }
    if (typeof value === 'string' && value.startsWith(MARKER)) {
      throw new Error(
        `cannot encode the string ${JSON.stringify(value)}: it starts with ${MARKER}`,
      );
    }
    return value;
  };
  const skeleton = strip(json);
  const bytes = new Uint8Array(values.length * 2 + Math.ceil(values.length / 2));
  const view = new DataView(bytes.buffer);
  const nibbles = values.length * 2;
  values.forEach((value, at) => {
    const [mantissa, exponent] = decimal(value);
    view.setInt16(at * 2, mantissa, true);
    const slot = nibbles + (at >> 1);
    bytes[slot] = (bytes[slot] as number) | ((exponent + EXPONENT_OFFSET) << ((at & 1) * 4));
  });
  let binary = '';
  for (let at = 0; at < bytes.length; at += 8192) {
    binary += String.fromCharCode(...bytes.subarray(at, at + 8192));
  }
  return { skeleton, numbers: btoa(binary), count: values.length };
}

/**
 * Decodes {@link encodeCompactJSON}'s output, or its JSON text (what the build embeds: one
 * string literal is one token for engines and source maps), back into the original JSON.
 */
export function decodeCompactJSON(input: CompactJSON | string): unknown {
  const compact = typeof input === 'string' ? (JSON.parse(input) as CompactJSON) : input;
  const binary = atob(compact.numbers);
  const { count } = compact;
  const nibbles = count * 2;
  let next = 0;
  const take = (): number => {
    const at = next;
    next += 1;
    const low = binary.charCodeAt(at * 2);
    const high = binary.charCodeAt(at * 2 + 1);
    const mantissa = (((high << 8) | low) << 16) >> 16;
    const exponent =
      ((binary.charCodeAt(nibbles + (at >> 1)) >> ((at & 1) * 4)) & 15) - EXPONENT_OFFSET;
    return mantissa === 0 ? 0 : exponent === 0 ? mantissa : Number(`${mantissa}e${exponent}`);
  };
  const restore = (value: unknown): unknown => {
    if (typeof value === 'string' && value.startsWith(MARKER)) {
      return Array.from({ length: Number(value.slice(1)) }, take);
    }
    if (Array.isArray(value)) return value.map(restore);
    if (typeof value === 'object' && value !== null) {
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, restore(item)]));
    }
    return value;
  };
  const json = restore(compact.skeleton);
  if (next !== count)
    throw new Error(`compact JSON holds ${count} numbers, the skeleton used ${next}`);
  return json;
}

/**
 * Reads an integer the way pflag's int flags do (Go's strconv.ParseInt with base 0): a sign,
 * 0x/0o/0b prefixes, a leading 0 for octal, `_` between digits. kubectl 1.32 reads
 * `--replicas=00`, `0x0`, `-0`, `+0`, `0_0`, `0b0`, `0o0` and `0x_0` as 0 and rejects `_0`,
 * `0__0`, `08` and ` 0`. Pure.
 */

const LITERAL = [
  /^0[xX]_?[0-9a-fA-F]+(?:_[0-9a-fA-F]+)*$/,
  /^0[oO]_?[0-7]+(?:_[0-7]+)*$/,
  /^0[bB]_?[01]+(?:_[01]+)*$/,
  /^0_?[0-7]+(?:_[0-7]+)*$/,
  /^[1-9](?:_?[0-9])*$/,
  /^0$/,
];

/** The value as a bigint, or undefined when Go would reject the text. */
export function goInteger(text: string): bigint | undefined {
  const sign = text.startsWith('-') ? -1n : 1n;
  const body = text.startsWith('-') || text.startsWith('+') ? text.slice(1) : text;
  if (!LITERAL.some((pattern) => pattern.test(body))) return undefined;
  const digits = body.replaceAll('_', '');
  const octal = /^0[0-7]/.test(digits) ? `0o${digits.slice(1)}` : digits;
  return sign * BigInt(octal.replace(/^0[xXoObB]/, (prefix) => prefix.toLowerCase()));
}

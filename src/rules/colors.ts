/** Colour names accepted in config.yaml, and the SGR parameters each one means. Pure. */

const NAMED: Record<string, string> = {
  black: '30',
  red: '31',
  green: '32',
  yellow: '33',
  blue: '34',
  magenta: '35',
  cyan: '36',
  white: '37',
  gray: '90',
  grey: '90',
  'bright-red': '91',
  'bright-green': '92',
  'bright-yellow': '93',
  'bright-blue': '94',
  'bright-magenta': '95',
  'bright-cyan': '96',
  'bright-white': '97',
};

export const COLOR_NAMES = Object.keys(NAMED);

/** SGR foreground parameters for a colour name or a 0-255 palette number; undefined when unknown. */
export function colorToSgr(color: string): string | undefined {
  if (color in NAMED) return NAMED[color];
  if (/^(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])$/.test(color)) return `38;5;${color}`;
  return undefined;
}

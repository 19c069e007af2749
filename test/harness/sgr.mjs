/**
 * The one reader of `tmux capture-pane -e` output: characters with the SGR attributes they carry.
 * tmux writes only the changes from one cell to the next, across line ends too, so the state
 * carries over from line to line: parse the whole capture, never one line alone. Escape
 * sequences other than SGR are dropped.
 */

/**
 * Colours keep their SGR spelling: `31`, `91` (16 colours), `fg5:196` / `fg2:1:2:3` (foreground
 * 256 or RGB), `bg5:…` / `bg2:…` for backgrounds, `44` / `104` for 16-colour backgrounds; `''`
 * is the terminal's default.
 * @typedef {object} Style
 * @property {boolean} bold
 * @property {boolean} dim
 * @property {boolean} italic
 * @property {boolean} underline
 * @property {boolean} reverse
 * @property {string} fg
 * @property {string} bg
 */

/** @typedef {{ ch: string, style: Style }} StyledCell */

/** @returns {Style} */
function plain() {
  return { bold: false, dim: false, italic: false, underline: false, reverse: false, fg: '', bg: '' };
}

/**
 * @param {Style} s
 * @param {string[]} params
 */
function apply(s, params) {
  for (let p = 0; p < params.length; p++) {
    const n = Number(params[p] || 0);
    if (n === 0) Object.assign(s, plain());
    else if (n === 1) s.bold = true;
    else if (n === 2) s.dim = true;
    else if (n === 3) s.italic = true;
    else if (n === 4) s.underline = true;
    else if (n === 7) s.reverse = true;
    else if (n === 22) [s.bold, s.dim] = [false, false];
    else if (n === 23) s.italic = false;
    else if (n === 24) s.underline = false;
    else if (n === 27) s.reverse = false;
    else if ((n >= 30 && n <= 37) || (n >= 90 && n <= 97)) s.fg = String(n);
    else if (n === 39) s.fg = '';
    else if ((n >= 40 && n <= 47) || (n >= 100 && n <= 107)) s.bg = String(n);
    else if (n === 49) s.bg = '';
    else if (n === 38 || n === 48) {
      const mode = params[p + 1];
      const take = mode === '5' ? 2 : mode === '2' ? 4 : 1;
      const value = `${n === 38 ? 'fg' : 'bg'}${params.slice(p + 1, p + 1 + take).join(':')}`;
      if (n === 38) s.fg = value;
      else s.bg = value;
      p += take;
    }
  }
}

/**
 * @param {string[]} lines `capture-pane -p -e` lines
 * @returns {StyledCell[][]}
 */
export function parseStyledLines(lines) {
  const s = plain();
  const re = /\x1b\[([0-9;:?]*)([A-Za-z])|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b|([^\x1b])/gu;
  return lines.map((line) => {
    /** @type {StyledCell[]} */
    const cells = [];
    for (const m of line.matchAll(re)) {
      if (m[3] !== undefined) cells.push({ ch: m[3], style: { ...s } });
      else if (m[2] === 'm') apply(s, m[1] === '' || m[1] === undefined ? ['0'] : m[1].split(/[;:]/));
    }
    return cells;
  });
}

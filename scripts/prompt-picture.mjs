#!/usr/bin/env node
/**
 * Makes docs/prompts.png: real zsh, bash and fish prompts in the safe, warn, danger and error
 * states, so the README picture can be regenerated at any time and stays true.
 *
 * Nothing here draws a prompt. The script builds a throw-away HOME (kubeconfig, rc files,
 * kctx-guard folders), starts the real daemon from dist/ as its child, starts each shell
 * interactively in a private tmux server with the hook loaded by the same init line a user adds,
 * types real `kubectl config …` commands to move between the states, captures the pane with its
 * colours (`tmux capture-pane -e`), turns the SGR sequences into HTML and screenshots the page
 * with headless Chromium. Every process it starts is stopped by pid and every temp folder removed.
 *
 *   npm run picture                      # builds dist/, writes docs/prompts.png
 *   node scripts/prompt-picture.mjs [--out file.png] [--html file.html] [--keep]
 *
 * Needs tmux, bash, zsh, fish, kubectl and Chromium (/usr/bin/chromium, or $CHROMIUM).
 * --html also writes the page that was screenshotted; --keep leaves the temp folder for a look.
 */
import { execFileSync, spawn } from 'node:child_process';
import {
  accessSync,
  constants,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  BIN,
  closeAllShells,
  killDaemons,
  makeTempEnv,
  parseStyledLines,
  pidFileHolds,
  REPO,
  removeTempEnv,
  Shell,
  sleep,
  spawnDaemon,
  stripSgr,
  waitUntil,
  writeRc,
} from '../test/harness/index.mjs';

const COLS = 130;
const ROWS = 12;
const SHELLS = ['zsh', 'bash', 'fish'];
/** The user's own prompt (the hook puts its segment in front of it). A literal `$`/`%` rather than
 * `\$`/`%#`, so the picture looks like an ordinary user's prompt even when made as root. */
const PROMPT_TAIL = { bash: '$', zsh: '%', fish: '>' };
const WORKDIR = 'src/shop';
/** What is typed, in order; the first prompt is the safe state, each command moves to the next. */
const STEPS = [
  { command: 'kubectl config use-context staging-eu', level: 'warn' },
  { command: 'kubectl config use-context prod-eu', level: 'danger' },
  { command: 'kubectl config set current-context gone', level: 'error' },
];

// ---------------------------------------------------------------------------------------------
// Arguments and tools

function parseArgs(argv) {
  const options = { out: join(REPO, 'docs', 'prompts.png'), html: undefined, keep: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--out') options.out = resolve(argv[++i] ?? fail('--out needs a file name'));
    else if (arg === '--html') options.html = resolve(argv[++i] ?? fail('--html needs a file name'));
    else if (arg === '--keep') options.keep = true;
    else if (arg === '--help' || arg === '-h') {
      console.log('usage: node scripts/prompt-picture.mjs [--out docs/prompts.png] [--html page.html] [--keep]');
      process.exit(0);
    } else fail(`unknown argument ${arg} (try --help)`);
  }
  return options;
}

function fail(message) {
  throw new Error(message);
}

function findProgram(name, extra = []) {
  const dirs = (process.env.PATH ?? '/usr/bin:/bin').split(delimiter).filter(Boolean);
  for (const candidate of [...extra, ...dirs.map((dir) => join(dir, name))]) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

function requireTools() {
  const tools = {};
  for (const name of ['tmux', 'bash', 'zsh', 'fish', 'kubectl']) {
    tools[name] =
      findProgram(name) ??
      fail(
        `${name} is not installed; install it (Debian/Ubuntu: apt-get install -y ${name === 'kubectl' ? 'kubectl (from the Kubernetes apt repository)' : name}) and run again`,
      );
  }
  const chromium =
    process.env.CHROMIUM ||
    findProgram('chromium', ['/usr/bin/chromium']) ||
    findProgram('chromium-browser') ||
    findProgram('google-chrome');
  tools.chromium =
    chromium ??
    fail(
      'Chromium is not installed; install it (Debian/Ubuntu: apt-get install -y chromium) or set CHROMIUM=/path/to/chrome',
    );
  if (!existsSync(join(REPO, 'dist', 'bin', 'run.js')))
    fail('dist/ is missing; run `npm run build` first (`npm run picture` does it for you)');
  return tools;
}

// ---------------------------------------------------------------------------------------------
// The throw-away environment

function kubeconfig(current) {
  const contexts = [
    { name: 'kind-dev', namespace: 'default', server: 'https://127.0.0.1:39251' },
    { name: 'staging-eu', namespace: 'web', server: 'https://api.staging-eu.example.invalid:6443' },
    { name: 'prod-eu', namespace: 'payments', server: 'https://api.prod-eu.example.invalid:6443' },
  ];
  const lines = ['apiVersion: v1', 'kind: Config', `current-context: ${current}`, 'contexts:'];
  for (const c of contexts)
    lines.push(
      `- name: ${c.name}`,
      '  context:',
      `    cluster: ${c.name}`,
      `    namespace: ${c.namespace}`,
      '    user: me',
    );
  lines.push('clusters:');
  for (const c of contexts) lines.push(`- name: ${c.name}`, '  cluster:', `    server: ${c.server}`);
  lines.push('users:', '- name: me', '  user:', '    token: not-a-secret', '');
  return lines.join('\n');
}

function makeEnvironment(tools) {
  const e = makeTempEnv('picture');
  const binDir = join(e.root, 'bin');
  mkdirSync(join(e.home, WORKDIR), { recursive: true });
  mkdirSync(e.kubeDir);
  mkdirSync(binDir);
  // `kctx-guard` on PATH, as the README's "Put kctx-guard on your PATH" does.
  symlinkSync(BIN, join(binDir, 'kctx-guard'));
  e.env['PATH'] = [
    binDir,
    dirname(process.execPath),
    ...new Set([dirname(tools.kubectl), '/usr/local/bin', '/usr/bin', '/bin']),
  ].join(delimiter);
  e.env['XDG_DATA_HOME'] = join(e.root, 'data');
  return e;
}

/** The user's rc file: their own prompt first, then the one line the README tells them to add. */
function userRc(e, shell) {
  if (shell === 'bash') return writeRc(e, shell, ["PS1='\\w $ '", 'eval "$(kctx-guard init bash)"']);
  if (shell === 'zsh') return writeRc(e, shell, ["PROMPT='%~ %% '", 'eval "$(kctx-guard init zsh)"']);
  return writeRc(e, shell, [
    "set -g fish_greeting ''",
    'set -g fish_prompt_pwd_dir_length 0',
    'function fish_prompt',
    "    printf '%s > ' (prompt_pwd)",
    'end',
    'kctx-guard init fish | source',
  ]);
}

// ---------------------------------------------------------------------------------------------
// The daemon (our child, stopped by pid)

async function startDaemon(e) {
  const daemon = spawnDaemon(e);
  await waitUntil(
    () => {
      if (!daemon.alive()) fail(`the daemon exited before answering: ${daemon.stderr()}`);
      return pidFileHolds(e.cacheDir, daemon.pid);
    },
    'the daemon answers',
    15_000,
  );
  return daemon;
}

// ---------------------------------------------------------------------------------------------
// Shells

/** Lines holding the user's prompt (with or without a typed command after it). */
function promptLines(plain, shell) {
  const tail = `~/${WORKDIR} ${PROMPT_TAIL[shell]}`;
  return plain.filter((line) => line.includes(tail));
}

/** Waits until `count` prompts are on screen, the last one empty (ready for input), and the screen is still. */
function waitForPrompts(sh, count) {
  const ready = (raw) => {
    const plain = raw.map(stripSgr).map((l) => l.trimEnd());
    const lastLine = plain.filter((l) => l !== '').at(-1) ?? '';
    const done =
      promptLines(plain, sh.kind).length === count && lastLine.endsWith(`~/${WORKDIR} ${PROMPT_TAIL[sh.kind]}`);
    return done ? raw : undefined;
  };
  return sh.waitForScreen(ready, `screen with ${count} prompts`, { timeoutMs: 20_000, stableMs: 400, join: false });
}

function shellVersion(shell, tools) {
  const out = execFileSync(tools[shell], ['--version'], { encoding: 'utf8', env: { PATH: '/usr/bin:/bin' } });
  const m = /(\d+\.\d+(\.\d+)?)/.exec(out);
  return m ? `${shell} ${m[1]}` : shell;
}

/** Runs the whole sequence in one shell and returns its screen (lines with SGR sequences). */
async function session(shell, e) {
  // Every shell starts from the safe context, with a fresh kubeconfig.
  writeFileSync(e.kubeconfig, kubeconfig('kind-dev'), { mode: 0o600 });
  await sleep(300);
  const sh = Shell.start(userRc(e, shell), { env: e.env, cwd: join(e.home, WORKDIR), width: COLS, height: ROWS });
  try {
    let raw = await waitForPrompts(sh, 1);
    for (let i = 0; i < STEPS.length; i++) {
      sh.type(STEPS[i].command);
      await sleep(150);
      sh.enter();
      raw = await waitForPrompts(sh, i + 2);
    }
    if (process.env.PICTURE_DEBUG) console.error(raw.map((l) => JSON.stringify(l)).join('\n'));
    check(shell, raw);
    while (raw.length > 0 && stripSgr(raw.at(-1)).trim() === '') raw.pop();
    return raw;
  } finally {
    await sh.close();
  }
}

/** Refuses a picture that does not show what it claims: each prompt's ⎈ must carry its level's colour. */
function check(shell, raw) {
  const levels = ['safe', ...STEPS.map((s) => s.level)];
  const expected = {
    safe: [PALETTE16[2], false],
    warn: [PALETTE16[3], false],
    danger: [PALETTE16[1], true],
    error: [PALETTE16[1], true],
  };
  const cells = parseCells(raw);
  const prompts = cells.filter((line) =>
    line
      .map((c) => c.ch)
      .join('')
      .includes(`~/${WORKDIR} ${PROMPT_TAIL[shell]}`),
  );
  levels.forEach((level, i) => {
    const line = prompts[i] ?? [];
    const plain = line.map((c) => c.ch).join('');
    const [fg, bold] = expected[level];
    const first = line[0]?.style;
    const coloured = first !== undefined && first.fg === fg && first.bold === bold && !first.reverse;
    const shape =
      level === 'error'
        ? plain.startsWith('⎈ ✖')
        : plain.startsWith('⎈ ') && !plain.startsWith('⎈ ✖') && !plain.startsWith('⎈ ?');
    if (!shape || !coloured)
      fail(
        `${shell}: prompt ${i + 1} should be the ${level} state (${fg}${bold ? ' bold' : ''}); got ${JSON.stringify(plain)} styled ${JSON.stringify(first)}`,
      );
  });
}

// ---------------------------------------------------------------------------------------------
// ANSI SGR → HTML

// The xterm 16-colour palette as VS Code's dark terminal draws it (legible on a dark background).
const PALETTE16 = [
  '#000000',
  '#cd3131',
  '#0dbc79',
  '#e5e510',
  '#2472c8',
  '#bc3fbc',
  '#11a8cd',
  '#e5e5e5',
  '#666666',
  '#f14c4c',
  '#23d18b',
  '#f5f543',
  '#3b8eea',
  '#d670d6',
  '#29b8db',
  '#ffffff',
];
const DEFAULT_FG = '#d4d4d4';
const DEFAULT_BG = '#1e1e1e';

function color256(n) {
  if (n < 16) return PALETTE16[n];
  if (n < 232) {
    const v = [0, 95, 135, 175, 215, 255];
    const i = n - 16;
    return rgb(v[Math.floor(i / 36)], v[Math.floor(i / 6) % 6], v[i % 6]);
  }
  const g = 8 + (n - 232) * 10;
  return rgb(g, g, g);
}

function rgb(r, g, b) {
  return `#${[r, g, b].map((x) => Math.max(0, Math.min(255, x)).toString(16).padStart(2, '0')).join('')}`;
}

function escapeHtml(text) {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
}

/** An SGR colour as the harness spells it (`31`, `91`, `44`, `fg5:196`, `bg2:1:2:3`) → CSS. */
function sgrColor(code) {
  if (code === '') return undefined;
  const [kind, ...rest] = code.replace(/^(fg|bg)/, '$1:').split(':');
  if (kind === 'fg' || kind === 'bg') {
    const [mode, ...values] = rest.map(Number);
    if (mode === 5) return color256(values[0] ?? 0);
    if (mode === 2) return rgb(values[0] ?? 0, values[1] ?? 0, values[2] ?? 0);
    return undefined;
  }
  const n = Number(kind);
  if (n >= 30 && n <= 37) return PALETTE16[n - 30];
  if (n >= 90 && n <= 97) return PALETTE16[n - 90 + 8];
  if (n >= 40 && n <= 47) return PALETTE16[n - 40];
  if (n >= 100 && n <= 107) return PALETTE16[n - 100 + 8];
  return undefined;
}

/** `capture-pane -e` lines → cells `{ ch, style }` with CSS colours (the harness parses the SGR). */
function parseCells(lines) {
  return parseStyledLines(lines).map((cells) =>
    cells.map(({ ch, style }) => ({ ch, style: { ...style, fg: sgrColor(style.fg), bg: sgrColor(style.bg) } })),
  );
}

function css(style) {
  let fg = style.fg ?? DEFAULT_FG;
  let bg = style.bg;
  if (style.reverse) [fg, bg] = [bg ?? DEFAULT_BG, fg];
  const out = [`color:${fg}`];
  if (bg !== undefined) out.push(`background:${bg}`);
  if (style.bold) out.push('font-weight:bold');
  if (style.dim) out.push('opacity:.6');
  if (style.italic) out.push('font-style:italic');
  if (style.underline) out.push('text-decoration:underline');
  return out.join(';');
}

/** `capture-pane -e` lines → HTML lines: one span per run of equally styled characters, text escaped. */
function ansiToHtml(lines) {
  return parseCells(lines).map((cells) => {
    let html = '';
    let text = '';
    let style = '';
    for (const cell of cells) {
      const next = css(cell.style);
      if (next !== style && text !== '') {
        html += `<span style="${style}">${escapeHtml(text)}</span>`;
        text = '';
      }
      style = next;
      text += cell.ch;
    }
    if (text !== '') html += `<span style="${style}">${escapeHtml(text)}</span>`;
    return html;
  });
}

// ---------------------------------------------------------------------------------------------
// The page and the screenshot

const FONT_PX = 15;
const LINE_PX = 21;

function page(panels) {
  const maxCols = Math.max(...panels.flatMap((p) => p.lines.map((l) => [...stripSgr(l)].length)));
  const cols = Math.min(COLS, maxCols + 2);
  const panelHtml = panels
    .map(
      (p) => `<section class="term">
  <div class="bar"><span class="dots"><i></i><i></i><i></i></span><span class="title">${escapeHtml(p.title)}</span></div>
  <pre style="width:${cols}ch;height:${p.lines.length * LINE_PX}px">${ansiToHtml(p.lines).join('\n')}</pre>
</section>`,
    )
    .join('\n');
  return {
    cols,
    html: `<!doctype html>
<html><head><meta charset="utf-8"><title>kctx-guard prompts</title>
<style>
  html, body { margin: 0; background: #f6f8fa; }
  body { padding: 18px; display: inline-block; font-family: 'DejaVu Sans', sans-serif; }
  .term { background: ${DEFAULT_BG}; border-radius: 8px; overflow: hidden; margin: 0 0 16px; box-shadow: 0 1px 4px rgba(0,0,0,.25); width: max-content; }
  .term:last-child { margin-bottom: 0; }
  .bar { height: 28px; background: #323233; display: flex; align-items: center; padding: 0 12px; color: #c8c8c8; font-size: 13px; }
  .dots i { display: inline-block; width: 11px; height: 11px; border-radius: 50%; margin-right: 7px; background: #ff5f57; }
  .dots i:nth-child(2) { background: #febc2e; } .dots i:nth-child(3) { background: #28c840; }
  .title { margin-left: 12px; }
  footer { height: 18px; margin-top: 8px; text-align: right; color: #6a737d; font-size: 12px; line-height: 18px; }
  footer code { font-family: 'DejaVu Sans Mono', monospace; }
  pre { margin: 0; padding: 10px 14px 12px; color: ${DEFAULT_FG}; font: ${FONT_PX}px/${LINE_PX}px 'DejaVu Sans Mono', monospace; white-space: pre; box-sizing: content-box; }
</style></head>
<body>
${panelHtml}
<footer>real prompts, captured from interactive shells by scripts/prompt-picture.mjs — regenerate with <code>npm run picture</code></footer>
</body></html>
`,
  };
}

async function screenshot(tools, htmlFile, pngFile, width, height, root) {
  const profile = mkdtempSync(join(root, 'chromium-'));
  const args = [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-extensions',
    '--disable-dev-shm-usage',
    `--user-data-dir=${profile}`,
    '--hide-scrollbars',
    '--force-device-scale-factor=2',
    `--window-size=${width},${height}`,
    `--screenshot=${pngFile}`,
    pathToFileURL(htmlFile).href,
  ];
  const child = spawn(tools.chromium, args, {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: root, LANG: 'C.UTF-8' },
    detached: true,
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const code = await new Promise((done) => {
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }, 60_000);
    child.on('exit', (c, signal) => {
      clearTimeout(timer);
      done(c ?? signal);
    });
  });
  // Chromium's helpers (zygote, crashpad) live in its process group: make sure none outlives it.
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // none left
  }
  if (code !== 0 || !existsSync(pngFile))
    fail(`Chromium failed (${code}): ${stderr.trim().split('\n').slice(-5).join('\n')}`);
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const tools = requireTools();
  const e = makeEnvironment(tools);
  let daemon;
  const cleanup = async () => {
    await closeAllShells();
    if (daemon?.alive()) {
      daemon.stop();
      await Promise.race([daemon.exited, sleep(3000)]);
      daemon.stop('SIGKILL');
    }
    // A hook may have started another daemon for our cache folder.
    killDaemons(e.cacheDir);
    if (options.keep) console.error(`kept ${e.root}`);
    else removeTempEnv(e);
  };
  const onSignal = () => {
    cleanup().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    daemon = await startDaemon(e);
    const panels = [];
    for (const shell of SHELLS) {
      const lines = await session(shell, e);
      panels.push({
        title: `${shellVersion(shell, tools)} — ${shell === 'fish' ? 'kctx-guard init fish | source' : `eval "$(kctx-guard init ${shell})"`}`,
        lines,
      });
      console.error(`${shell}:\n${lines.map((l) => `  | ${stripSgr(l).trimEnd()}`).join('\n')}`);
    }
    const { html, cols } = page(panels);
    const htmlFile = join(e.root, 'prompts.html');
    writeFileSync(htmlFile, html);
    if (options.html) writeFileSync(options.html, html);
    // Size of the page: 18 px margins, per panel a 28 px bar, 22 px padding and its lines; 16 px gaps; 26 px footer.
    const charPx = FONT_PX * 0.602; // DejaVu Sans Mono advance width
    const width = Math.ceil(cols * charPx + 28 + 36);
    const height =
      36 + 26 + panels.reduce((sum, p) => sum + 28 + 22 + p.lines.length * LINE_PX, 0) + 16 * (panels.length - 1);
    mkdirSync(dirname(options.out), { recursive: true });
    const tmpPng = join(e.root, 'prompts.png');
    await screenshot(tools, htmlFile, tmpPng, width, height, e.root);
    writeFileSync(options.out, readFileSync(tmpPng));
    console.error(`wrote ${options.out} (${width}x${height} CSS px at 2x)`);
  } finally {
    await cleanup();
  }
}

main().catch((error) => {
  console.error(`prompt-picture: ${error.message}`);
  process.exitCode = 1;
});

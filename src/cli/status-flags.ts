/** The flags of `status`, read from argv without oclif for the entry's fast path; imports nothing, so the check costs nothing. */

/** How long `status --probe` waits for the API server unless --timeout says otherwise. */
export const DEFAULT_PROBE_TIMEOUT_MS = 5000;

export interface StatusFlags {
  json: boolean;
  probe: boolean;
  /** Milliseconds --probe waits for the API server. */
  timeout: number;
}

/**
 * The flags of `status` when argv spells them the plain way oclif accepts (`--json`, `--probe`,
 * `--timeout N`, `--timeout=N`, each at most once, N a positive integer); undefined for anything
 * else (help, unknown or repeated flags, bad values, arguments), which oclif then parses and
 * answers with its own messages.
 */
export function plainStatusFlags(argv: readonly string[]): StatusFlags | undefined {
  const flags: StatusFlags = { json: false, probe: false, timeout: DEFAULT_PROBE_TIMEOUT_MS };
  const seen = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [name, inline] = arg.startsWith('--timeout=') ? ['--timeout', arg.slice(10)] : [arg, undefined];
    if (seen.has(name)) return undefined;
    seen.add(name);
    if (name === '--json') flags.json = true;
    else if (name === '--probe') flags.probe = true;
    else if (name === '--timeout') {
      const value = inline ?? argv[++i];
      if (value === undefined || !/^[1-9]\d{0,8}$/.test(value)) return undefined;
      flags.timeout = Number(value);
    } else return undefined;
  }
  return flags;
}

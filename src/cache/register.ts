/** Registration files: a shell asks the daemon to serve its KUBECONFIG by writing `reg/<entry name>`. */
import { readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CACHE_FILES } from '../locations.js';

export const REGISTER_MAGIC = 'kctx-guard-register 2';
const MAX_REGISTRATION_BYTES = 64 * 1024;

export function registrationPath(cacheDir: string, name: string): string {
  return join(cacheDir, CACHE_FILES.registrations, name);
}

/** Reads the key a registration carries. @throws Error when the file is not a registration. */
export function readRegistration(path: string): string {
  if (statSync(path).size > MAX_REGISTRATION_BYTES)
    throw new Error(`registration ${path} is larger than ${MAX_REGISTRATION_BYTES} bytes`);
  const [magic, key] = readFileSync(path, 'utf8').split('\n');
  if (magic !== REGISTER_MAGIC || key === undefined)
    throw new Error(`registration ${path} does not start with "${REGISTER_MAGIC}"`);
  return key;
}

/** Writes (or refreshes) a registration, as the shell hooks do with a builtin redirection. */
export function writeRegistration(cacheDir: string, name: string, key: string): void {
  const path = registrationPath(cacheDir, name);
  writeFileSync(path, `${REGISTER_MAGIC}\n${key}\n`, { mode: 0o600 });
  const now = new Date();
  utimesSync(path, now, now);
}

/**
 * Masks secrets in a kubectl/helm command line before it is logged or shown: values of credential
 * flags, `--from-literal` values, `set env` and `--env` assignments, helm `--set*` values under
 * secret-looking keys, patch bodies' secret fields, and the password in any `user:password@` URL.
 * One argv word in, one word out, so the masked line parses like the real one. Pure.
 */
import yaml from 'js-yaml';
import { parseCommandLine, type Tool } from './argv.js';

const MASK = '***';
/** Flags whose whole value is a credential (or names a key file). */
const SECRET_FLAG = /token|password|passwd|secret|credential|key-data|client-key/i;
/** Keys inside values (--set, patches, env names) that look like they hold a secret. */
const SECRET_KEY = /password|passwd|token|secret|key|credential|auth/i;

/** `https://user:pw@host` → `https://user:***@host`, anywhere in the text. */
export function maskUrl(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/[^/?#@\s:]*):[^/?#@\s]*@/gi, `$1:${MASK}@`);
}

/** `KEY=value` → `KEY=***` (every value: environment values are often secrets without saying so). */
const maskAssignment = (text: string): string => text.replace(/^([^=]*)=.*$/s, `$1=${MASK}`);

/** helm's `a=b,c.password=d,list={x,y}`: values under secret-looking keys masked. */
function maskHelmSet(text: string): string {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\\') i++;
    else if (ch === '{') depth++;
    else if (ch === '}') depth = Math.max(0, depth - 1);
    else if (ch === ',' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts
    .map((part) => {
      const eq = part.indexOf('=');
      return eq !== -1 && SECRET_KEY.test(part.slice(0, eq)) ? `${part.slice(0, eq)}=${MASK}` : part;
    })
    .join(',');
}

/** `--set-json key=<json>` masked whole when the key or anything inside looks secret. */
function maskHelmSetJson(text: string): string {
  const eq = text.indexOf('=');
  if (eq === -1) return text;
  return SECRET_KEY.test(text) ? `${text.slice(0, eq)}=${MASK}` : text;
}

/** Walks a parsed patch: secret-looking keys, Secret `data`/`stringData` and JSON-patch values at such paths. */
function maskTree(node: unknown, secretBelow = false): unknown {
  if (Array.isArray(node)) return node.map((item) => maskTree(item, secretBelow));
  if (typeof node !== 'object' || node === null) return secretBelow ? MASK : node;
  const out: Record<string, unknown> = {};
  const record = node as Record<string, unknown>;
  const patchOp = typeof record['op'] === 'string' && typeof record['path'] === 'string';
  const secretPath =
    patchOp && /password|passwd|token|secret|key|credential|auth|\/data|\/stringData/i.test(record['path'] as string);
  for (const [key, value] of Object.entries(record)) {
    const secret =
      secretBelow || SECRET_KEY.test(key) || key === 'data' || key === 'stringData' || (secretPath && key === 'value');
    out[key] = maskTree(value, secret);
  }
  return out;
}

/** A patch body with its secret fields masked; unreadable text that mentions a secret is masked whole. */
function maskPatch(text: string): string {
  let doc: unknown;
  try {
    doc = yaml.load(text);
  } catch {
    return SECRET_KEY.test(text) || /data/i.test(text) ? MASK : text;
  }
  if (typeof doc !== 'object' || doc === null) return SECRET_KEY.test(text) ? MASK : text;
  const masked = JSON.stringify(maskTree(doc));
  return masked === JSON.stringify(doc) ? text : masked;
}

function maskFlagValue(name: string, value: string): string {
  if (SECRET_FLAG.test(name)) return MASK;
  switch (name) {
    case 'from-literal':
    case 'env':
      return maskAssignment(value);
    case 'set':
    case 'set-string':
    case 'set-literal':
      return maskHelmSet(value);
    case 'set-json':
      return maskHelmSetJson(value);
    case 'patch':
      return maskPatch(value);
    default:
      return value;
  }
}

/** The argv with every secret replaced by `***` (see the file comment). */
export function maskArgv(tool: Tool, argv: string[]): string[] {
  const line = parseCommandLine(tool, argv);
  const out = [...argv];
  for (const use of line.uses) {
    if (use.at === undefined || typeof use.value !== 'string') continue;
    const { index, offset } = use.at;
    out[index] = out[index]!.slice(0, offset) + maskFlagValue(use.name, use.value);
  }
  if (line.tool === 'kubectl' && line.path[0] === 'set' && line.path[1] === 'env')
    line.wordIndex.forEach((index, k) => {
      if (k >= line.path.length && argv[index]!.includes('=')) out[index] = maskAssignment(argv[index]!);
    });
  return out.map(maskUrl);
}

/**
 * `status --probe`: asks the resolved target's API server for /version with the user's own credentials,
 * as kubectl would send them (cluster-api/: client-node's kubeconfig mapping and authenticators, never
 * its generated API code; loaded here only, never on the prompt path), within a deadline.
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest, type RequestOptions } from 'node:https';
import type { EntryDetails } from '../cache/index.js';
import { DefinitionError, findDefinitions, requestOptions } from '../cluster-api/index.js';

export interface ProbeResult {
  ok: boolean;
  /** The server's gitVersion, when it answered. */
  version: string | null;
  /** Milliseconds from sending the request to the end of the answer (or to the failure). */
  ms: number;
  error: string | null;
}

/** Node's codes for certificate problems (plus the host name mismatch). */
const TLS_CODES = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|ERR_TLS|ERR_SSL|EPROTO/;

class ProbeError extends Error {
  override name = 'ProbeError';
}

/**
 * The request options for the target: its cluster and user as kubectl finds them, the user's exec
 * plugin run by client-node's own ExecAuth (a person running `status --probe` may be asked to log in).
 * @throws DefinitionError when a definition cannot be found or read.
 */
async function targetOptions(details: EntryDetails): Promise<{ server: string; options: RequestOptions }> {
  const { cluster, user } = findDefinitions(details.kubeconfig, details.cluster ?? '', details.user ?? '');
  const { exec, ...rest } = user;
  const options = await requestOptions(cluster, rest);
  if (exec) {
    const { ExecAuth } = await import('@kubernetes/client-node/dist/exec_auth.js');
    await new ExecAuth().applyAuthentication(user, options);
  }
  return { server: cluster.server, options };
}

function describeFailure(error: unknown, server: string, details: EntryDetails): string {
  const code = (error as NodeJS.ErrnoException).code ?? '';
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof ProbeError || error instanceof DefinitionError) return message;
  if (['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ECONNRESET'].includes(code)) {
    return `unreachable: ${server} (${message}); check the server URL of cluster "${details.cluster}", your network or VPN`;
  }
  if (TLS_CODES.test(code)) {
    return `TLS failure talking to ${server} (${message}); check certificate-authority(-data) of cluster "${details.cluster}"`;
  }
  return `request to ${server} failed (${code || 'error'}: ${message})`;
}

function statusFailure(status: number, body: string, details: EntryDetails): string {
  const excerpt = body.replace(/\s+/g, ' ').slice(0, 120);
  if (status === 401)
    return `401 Unauthorized: the API rejected the credentials of user "${details.user}" (expired token or certificate? log in again)`;
  if (status === 403) return `403 Forbidden: user "${details.user}" may not read /version (${excerpt})`;
  return `HTTP ${status} from /version (${excerpt})`;
}

/** GET <server>/version with the options client-node derived from the kubeconfig. Never throws. */
function getVersion(
  url: URL,
  options: RequestOptions,
  details: EntryDetails,
  deadline: number,
  timeoutMs: number,
): Promise<ProbeResult> {
  const started = performance.now();
  const elapsed = (): number => Math.round(performance.now() - started);
  return new Promise((done) => {
    const finish = (result: Omit<ProbeResult, 'ms'>): void => {
      clearTimeout(timer);
      done({ ...result, ms: elapsed() });
    };
    const request = url.protocol === 'http:' ? httpRequest : httpsRequest;
    const req = request(
      url,
      { ...options, method: 'GET', headers: { ...options.headers, Accept: 'application/json' } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          if (body.length < 65_536) body += chunk;
        });
        res.on('error', (error) =>
          finish({ ok: false, version: null, error: describeFailure(error, url.origin, details) }),
        );
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          if (status !== 200) return finish({ ok: false, version: null, error: statusFailure(status, body, details) });
          try {
            const version = (JSON.parse(body) as { gitVersion?: unknown }).gitVersion;
            finish({ ok: true, version: typeof version === 'string' ? version : null, error: null });
          } catch {
            finish({
              ok: false,
              version: null,
              error: `the server at ${url.origin} answered /version with something that is not JSON: is it a Kubernetes API server?`,
            });
          }
        });
      },
    );
    const timer = setTimeout(
      () => {
        req.destroy();
        finish({
          ok: false,
          version: null,
          error: `timeout: ${url.origin} did not answer within ${timeoutMs} ms (raise it with --timeout)`,
        });
      },
      Math.max(0, deadline - performance.now()),
    );
    req.on('error', (error) =>
      finish({ ok: false, version: null, error: describeFailure(error, url.origin, details) }),
    );
    req.end();
  });
}

/** Probes the target's API server; never throws, the failure is in `error`. */
export async function probeTarget(details: EntryDetails, timeoutMs: number): Promise<ProbeResult> {
  const deadline = performance.now() + timeoutMs;
  if (details.level === 'error' || !details.server) {
    return {
      ok: false,
      version: null,
      ms: 0,
      error: `nothing to probe: ${details.error ?? `cluster "${details.cluster}" has no server`}`,
    };
  }
  let server = details.server;
  try {
    // Exec plugins and OIDC refreshes run here: they get the same deadline as the request.
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, fail) => {
      timer = setTimeout(
        () => fail(new ProbeError(`timeout: getting credentials for user "${details.user}" took over ${timeoutMs} ms`)),
        timeoutMs,
      );
    });
    const target = await Promise.race([targetOptions(details), late]).finally(() => clearTimeout(timer));
    server = target.server;
    const options = target.options;
    const url = new URL(`${server.replace(/\/+$/, '')}/version`);
    return await getVersion(url, options, details, deadline, timeoutMs);
  } catch (error) {
    return { ok: false, version: null, ms: 0, error: describeFailure(error, server, details) };
  }
}

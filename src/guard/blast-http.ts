/**
 * GET requests to the Kubernetes API for the blast radius: object metadata only (the API server's
 * PartialObjectMetadata form, so a Secret's data never leaves the server; a workload whole for its
 * ready replicas), answers parsed as JSON, every request ended at the deadline. Never logs a header
 * or a body.
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Connection } from './blast-connect.js';

const METADATA_LIST = 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1';
const METADATA = 'application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1';

export interface Metadata {
  name?: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  creationTimestamp?: string;
  ownerReferences?: { kind?: string }[];
}

/** An answer other than 200 (404 and 403 are answers the blast radius reports; 401 ends it). */
export class ApiStatusError extends Error {
  override name = 'ApiStatusError';
  constructor(
    readonly status: number,
    path: string,
  ) {
    super(`HTTP ${status} for ${path}`);
  }
}

export class DeadlineError extends Error {
  override name = 'DeadlineError';
}

/**
 * GETs `path` and parses the JSON answer.
 * @throws ApiStatusError for a status other than 200, DeadlineError at the deadline, the socket's
 * error (ECONNREFUSED, a TLS code) when the connection fails.
 */
export function getJson(connection: Connection, path: string, accept: string, deadline: number): Promise<unknown> {
  const url = new URL(connection.server + path);
  const { options } = connection;
  const send = url.protocol === 'http:' ? httpRequest : httpsRequest;
  return new Promise((done, fail) => {
    const req = send(url, { ...options, method: 'GET', headers: { ...options.headers, Accept: accept } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', fail);
      res.on('end', () => {
        clearTimeout(timer);
        if (res.statusCode !== 200) return fail(new ApiStatusError(res.statusCode ?? 0, url.pathname));
        try {
          done(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        } catch {
          fail(new Error(`${url.pathname} did not answer with JSON: is ${url.origin} a Kubernetes API server?`));
        }
      });
    });
    const timer = setTimeout(
      () => {
        req.destroy();
        fail(new DeadlineError(`no answer from ${url.origin} in time`));
      },
      Math.max(0, deadline - Date.now()),
    );
    req.on('error', (error) => {
      clearTimeout(timer);
      fail(error);
    });
    req.end();
  });
}

export interface ListOptions {
  labelSelector?: string | undefined;
  fieldSelector?: string | undefined;
}

/** The metadata of every object in a collection; with a selector, only the matching ones. */
export async function listMetadata(
  connection: Connection,
  path: string,
  selectors: ListOptions,
  deadline: number,
): Promise<Metadata[]> {
  const query = new URLSearchParams();
  if (selectors.labelSelector) query.set('labelSelector', selectors.labelSelector);
  if (selectors.fieldSelector) query.set('fieldSelector', selectors.fieldSelector);
  const search = query.size > 0 ? `?${query}` : '';
  const body = (await getJson(connection, `${path}${search}`, METADATA_LIST, deadline)) as {
    items?: { metadata?: Metadata }[];
  };
  return (body.items ?? []).map((item) => item.metadata ?? {});
}

/** Whether the object exists: true, false (404), or null when the answer does not say (403). */
export async function exists(connection: Connection, path: string, deadline: number): Promise<boolean | null> {
  try {
    await getJson(connection, path, METADATA, deadline);
    return true;
  } catch (error) {
    if (error instanceof ApiStatusError && error.status === 404) return false;
    if (error instanceof ApiStatusError && error.status === 403) return null;
    throw error;
  }
}

/** A count that a 403 (or a resource this cluster does not serve, 404) turns into null instead of ending the whole look. */
export async function orForbidden<T>(work: Promise<T>): Promise<T | null> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof ApiStatusError && (error.status === 403 || error.status === 404)) return null;
    throw error;
  }
}

/**
 * A workload's ready replicas (`status.readyReplicas`, absent when none are ready), read from the
 * whole object: the metadata form has no status. The object stays in memory; only the count leaves.
 */
export async function readyReplicas(
  connection: Connection,
  path: string,
  deadline: number,
): Promise<{ exists: boolean | null; ready: number | undefined }> {
  try {
    const object = (await getJson(connection, path, 'application/json', deadline)) as {
      status?: { readyReplicas?: unknown };
    };
    const ready = object.status?.readyReplicas;
    return { exists: true, ready: typeof ready === 'number' ? ready : 0 };
  } catch (error) {
    if (error instanceof ApiStatusError && error.status === 404) return { exists: false, ready: undefined };
    if (error instanceof ApiStatusError && error.status === 403) return { exists: null, ready: undefined };
    throw error;
  }
}

/**
 * The fingerprint of a cluster's CA: sha256 over the DER of every PEM certificate in it, so the same
 * CA written with other line endings, wrapping or comments (by kubectl, a cloud CLI, an editor) has
 * one fingerprint; data that holds no PEM certificate is hashed as it is. Pure.
 */
import { createHash } from 'node:crypto';

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\s]*?)-----END CERTIFICATE-----/g;

/** `sha256:<64 hex>`; undefined for empty data (kubectl then uses the system's roots, which say nothing of the cluster). */
export function caFingerprint(data: Uint8Array): string | undefined {
  if (data.length === 0) return undefined;
  const hash = createHash('sha256');
  const text = Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('latin1');
  let found = false;
  for (const match of text.matchAll(PEM_BLOCK)) {
    hash.update(Buffer.from(match[1]!.replace(/\s+/g, ''), 'base64'));
    found = true;
  }
  if (!found) hash.update(data);
  return `sha256:${hash.digest('hex')}`;
}

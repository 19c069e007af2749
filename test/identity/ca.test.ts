/** CA fingerprints: one CA, one fingerprint, however a tool wrapped or terminated its PEM lines. */
import { describe, expect, it } from 'vitest';
import { caFingerprint } from '../../src/identity/index.js';

const body = Buffer.from('leap cluster CA, standing in for DER bytes').toString('base64');
const pem = (text: string, eol = '\n', width = 64): string => {
  const lines = text.match(new RegExp(`.{1,${width}}`, 'g')) ?? [];
  return ['-----BEGIN CERTIFICATE-----', ...lines, '-----END CERTIFICATE-----', ''].join(eol);
};
const fp = (text: string): string | undefined => caFingerprint(Buffer.from(text, 'latin1'));

describe('caFingerprint', () => {
  it('is sha256 of the DER inside the PEM', () => {
    expect(fp(pem(body))).toMatch(/^sha256:[0-9a-f]{64}$/);
  });
  it.each([
    ['CRLF line ends', pem(body, '\r\n')],
    ['other line widths', pem(body, '\n', 76)],
    ['a comment before the block', `# issued by kubeadm\n${pem(body)}`],
    ['no final newline', pem(body).trimEnd()],
  ])('ignores %s', (_, variant) => {
    expect(fp(variant)).toBe(fp(pem(body)));
  });
  it('tells two CAs apart, and a bundle from its first certificate', () => {
    const other = Buffer.from('temple cluster CA').toString('base64');
    expect(fp(pem(other))).not.toBe(fp(pem(body)));
    expect(fp(pem(body) + pem(other))).not.toBe(fp(pem(body)));
  });
  it('hashes data that holds no PEM certificate as it is', () => {
    expect(fp('not a certificate')).toMatch(/^sha256:/);
    expect(fp('not a certificate')).not.toBe(fp('not a certificate either'));
  });
  it('gives none for empty data', () => expect(caFingerprint(new Uint8Array())).toBeUndefined());
});

/** The identity memory's content: what files say replaces what they said, gone files are remembered, forget removes. */
import { describe, expect, it } from 'vitest';
import {
  clusterIdentity,
  emptyMemory,
  forget,
  knownContexts,
  knownSignature,
  learn,
  levelOf,
  type ObservedContext,
  pendingHidden,
  type HiddenDefinition,
} from '../../src/identity/index.js';

const LEAP = clusterIdentity({ server: 'https://leap.example.invalid', tlsServerName: '', ca: 'sha256:leap' })!;
const TEMPLE = clusterIdentity({ server: 'https://temple.example.invalid', tlsServerName: '', ca: 'sha256:temple' })!;
const HOME = '/h/.kube/config';
const TEMP = '/tmp/deploy-1/kubeconfig';
const T0 = new Date('2025-08-12T15:00:00Z');
const T1 = new Date('2025-08-12T15:10:00Z');
const T2 = new Date('2025-08-12T17:00:00Z');

const seen = (context: string, file: string, identity = LEAP, level = 'danger'): ObservedContext => ({
  context,
  cluster: context,
  file,
  identity,
  level,
  origin: 'default: production names (context)',
});

describe('learn', () => {
  const first = learn(
    emptyMemory(),
    { files: [HOME], contexts: [seen('prod-leap', HOME), seen('temple', HOME, TEMPLE, 'unclassified')] },
    T0,
  );

  it('remembers every context with its identity, level and first/last seen', () => {
    expect(first.changed).toBe(true);
    expect(first.memory.identities.map((identity) => [identity.server, levelOf(identity)])).toEqual([
      ['https://leap.example.invalid:443', 'danger'],
      ['https://temple.example.invalid:443', 'unclassified'],
    ]);
    expect(first.memory.identities[0]!.seen[0]).toMatchObject({
      context: 'prod-leap',
      file: HOME,
      firstSeen: T0.toISOString(),
    });
  });

  it('only classified contexts are matched against', () => {
    expect(knownContexts(first.memory).map((known) => known.context)).toEqual(['prod-leap']);
  });

  it('is unchanged when a file says the same again within the hour (no rewrite)', () => {
    const again = learn(
      first.memory,
      { files: [HOME], contexts: [seen('prod-leap', HOME), seen('temple', HOME, TEMPLE, 'unclassified')] },
      T1,
    );
    expect(again.changed).toBe(false);
    const later = learn(
      first.memory,
      { files: [HOME], contexts: [seen('prod-leap', HOME), seen('temple', HOME, TEMPLE, 'unclassified')] },
      T2,
    );
    expect(later.changed).toBe(true);
    expect(later.memory.identities[0]!.seen[0]).toMatchObject({
      firstSeen: T0.toISOString(),
      lastSeen: T2.toISOString(),
    });
    expect(knownSignature(later.memory)).toBe(knownSignature(first.memory));
  });

  it('a file that no longer has a context forgets it for that file', () => {
    const renamed = learn(
      first.memory,
      {
        files: [HOME],
        contexts: [seen('leap', HOME, LEAP, 'unclassified'), seen('temple', HOME, TEMPLE, 'unclassified')],
      },
      T1,
    );
    expect(renamed.changed).toBe(true);
    expect(knownContexts(renamed.memory)).toEqual([]);
    expect(knownSignature(renamed.memory)).not.toBe(knownSignature(first.memory));
  });

  it('a file that was not read (gone, broken) keeps what it said', () => {
    const withTemp = learn(first.memory, { files: [TEMP], contexts: [seen('leap-deploy', TEMP)] }, T1).memory;
    const afterDelete = learn(
      withTemp,
      { files: [HOME], contexts: [seen('prod-leap', HOME), seen('temple', HOME, TEMPLE, 'unclassified')] },
      T1,
    );
    expect(
      knownContexts(afterDelete.memory)
        .map((known) => `${known.context} ${known.file}`)
        .sort(),
    ).toEqual([`leap-deploy ${TEMP}`, `prod-leap ${HOME}`]);
  });

  it('never stores anything but names, files, levels, URLs without userinfo and fingerprints', () => {
    const secretive = clusterIdentity({
      server: 'https://admin:hunter2@leap.example.invalid',
      tlsServerName: '',
      ca: 'sha256:leap',
    })!;
    const memory = learn(emptyMemory(), { files: [HOME], contexts: [seen('prod-leap', HOME, secretive)] }, T0).memory;
    expect(JSON.stringify(memory)).not.toContain('hunter2');
  });
});

describe('learn: hidden definitions', () => {
  const hidden: HiddenDefinition = {
    kind: 'context',
    name: 'prod-leap',
    file: TEMP,
    server: TEMPLE.server,
    id: TEMPLE.id,
    over: { file: HOME, server: LEAP.server, id: LEAP.id },
  };
  const contexts = [seen('prod-leap', HOME), seen('prod-leap', TEMP, TEMPLE)];
  const found = learn(
    emptyMemory(),
    { files: [HOME, TEMP], contexts, hidden: { files: [HOME, TEMP], found: [hidden] } },
    T0,
  );

  it('found: kept, changes what entries depend on, and is pending until acknowledged', () => {
    expect(found.changed).toBe(true);
    expect(pendingHidden(found.memory)).toEqual([{ ...hidden, at: T0.toISOString() }]);
    expect(knownSignature(found.memory)).not.toBe(knownSignature({ ...found.memory, hidden: [] }));
    const acknowledged = { ...found.memory, hiddenAcknowledged: [{ key: 'x', at: T0.toISOString() }] };
    expect(knownSignature(acknowledged)).not.toBe(knownSignature(found.memory));
  });

  it('the same finding again changes nothing (no rewrite)', () => {
    const again = learn(
      found.memory,
      { files: [HOME, TEMP], contexts, hidden: { files: [HOME, TEMP], found: [hidden] } },
      T1,
    );
    expect(again.changed).toBe(false);
  });

  it('the files read again without it: gone', () => {
    const gone = learn(found.memory, { files: [HOME, TEMP], contexts, hidden: { files: [HOME, TEMP], found: [] } }, T1);
    expect(gone.changed).toBe(true);
    expect(pendingHidden(gone.memory)).toEqual([]);
  });

  it('a compute that did not look (an older caller) keeps what was found, and the acknowledgements', () => {
    const kept = learn(
      { ...found.memory, hiddenAcknowledged: [{ key: 'k', at: 'then' }] },
      { files: [HOME], contexts: [seen('prod-leap', HOME)] },
      T1,
    );
    expect(kept.memory.hidden).toEqual(found.memory.hidden);
    expect(kept.memory.hiddenAcknowledged).toEqual([{ key: 'k', at: 'then' }]);
  });
});

describe('forget', () => {
  const memory = learn(
    emptyMemory(),
    { files: [HOME], contexts: [seen('prod-leap', HOME), seen('temple', HOME, TEMPLE, 'unclassified')] },
    T0,
  ).memory;

  it('by id, or a unique prefix of it', () => {
    expect(forget(memory, LEAP.id).removed.map((identity) => identity.id)).toEqual([LEAP.id]);
    expect(forget(memory, LEAP.id.slice(0, 6)).memory.identities.map((identity) => identity.id)).toEqual([TEMPLE.id]);
  });
  it('by a context name seen reaching it', () => {
    expect(forget(memory, 'temple').removed.map((identity) => identity.id)).toEqual([TEMPLE.id]);
  });
  it('nothing when nothing matches', () => {
    expect(forget(memory, 'nope').removed).toEqual([]);
  });
});

/** The heartbeat's text and the reader's rule: within HEARTBEAT.staleS seconds either way, and a well-formed beat. */
import { describe, expect, it } from 'vitest';
import { beatIsLive, HEARTBEAT, heartbeatAgeS } from '../../src/cache/heartbeat.js';

const at = (seconds: number): number => seconds * 1000 + 999;

describe('heartbeat', () => {
  it('reads the age of a beat by the reader clock, negative when the beat is ahead', () => {
    expect(heartbeatAgeS('1795800000 4242\n', at(1795800003))).toBe(3);
    expect(heartbeatAgeS('1795800000 4242\n', at(1795799998))).toBe(-2);
  });

  it.each([
    ['', 'empty (a reader between a truncate and a write would see this: the writer never truncates)'],
    ['1795800000\n', 'no pid'],
    ['1795800000 4242', 'no newline (a torn write)'],
    ['17958x0000 4242\n', 'not digits'],
    ['-5 4242\n', 'a sign'],
    ['1795800000 4242\n1795800001 4242\n', 'two lines'],
  ])('refuses %j: %s', (text) => {
    expect(heartbeatAgeS(text, at(1795800000))).toBeUndefined();
    expect(beatIsLive(heartbeatAgeS(text, at(1795800000)))).toBe(false);
  });

  it('is live within staleS seconds either way, and not one second past', () => {
    const beat = 1795800000;
    for (const offset of [0, 1, HEARTBEAT.staleS, -HEARTBEAT.staleS])
      expect(beatIsLive(heartbeatAgeS(`${beat} 1\n`, at(beat + offset))), `offset ${offset}`).toBe(true);
    for (const offset of [HEARTBEAT.staleS + 1, -HEARTBEAT.staleS - 1, 3600])
      expect(beatIsLive(heartbeatAgeS(`${beat} 1\n`, at(beat + offset))), `offset ${offset}`).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { remoteDrags } from './sharedDrag';

const drag = { ids: ['a', 'b'], dx: 700, dy: 400 };
const user = (role: string) => ({ id: `m-${role}`, role, name: role });

describe('remote drags', () => {
  it("honours a co-facilitator's drag, never a participant's or a projector's", () => {
    const states = new Map<number, unknown>([
      [1, { user: user('facilitator'), drag: { ids: ['a'], dx: 10, dy: 5 } }],
      [2, { user: user('participant'), drag }],
      [3, { user: user('projector'), drag }],
      // No server stamp at all: nobody vouches for it.
      [4, { drag }],
      [5, { user: 'facilitator', drag }],
    ]);
    expect([...remoteDrags(states, 99)]).toEqual([['a', { dx: 10, dy: 5 }]]);
  });

  it('leaves out this console and malformed drags', () => {
    const states = new Map<number, unknown>([
      [1, { user: user('facilitator'), drag }],
      [2, { user: user('facilitator'), drag: { ids: 'a', dx: 1, dy: 1 } }],
      [3, { user: user('facilitator'), drag: { ids: ['c'], dx: Infinity, dy: 1 } }],
    ]);
    expect(remoteDrags(states, 1).size).toBe(0);
  });
});

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Paced } from './paced';

describe('Paced', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it('sends the first value at once, then at most the last one per window', () => {
    const sent: [string, number][] = [];
    const paced = new Paced<number>(500, (key, value) => sent.push([key, value]));
    paced.push('a', 1);
    expect(sent).toEqual([['a', 1]]);
    for (let v = 2; v <= 100; v++) paced.push('a', v);
    paced.push('b', 7);
    expect(sent).toEqual([
      ['a', 1],
      ['b', 7],
    ]);
    vi.advanceTimersByTime(500);
    expect(sent.at(-1)).toEqual(['a', 100]);
    expect(sent).toHaveLength(3);
    // The trailing send opened a window of its own; once it passes quietly, the next is immediate.
    vi.advanceTimersByTime(500);
    expect(sent).toHaveLength(3);
    paced.push('a', 101);
    expect(sent.at(-1)).toEqual(['a', 101]);
  });
});

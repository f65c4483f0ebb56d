import { describe, expect, it } from 'vitest';
import { eventually } from './server';

describe('eventually', () => {
  it('returns as soon as the check passes', async () => {
    let calls = 0;
    const value = await eventually(() => {
      calls += 1;
      if (calls < 3) throw new Error('not yet');
      return calls;
    }, 1000);
    expect(value).toBe(3);
  });

  it('gives up after its bound and says what it waited for, keeping the last failure', async () => {
    const started = Date.now();
    const failure = await eventually(() => expect(1 + 1).toBe(3), 100, 'the sum to be three').catch(
      (err: unknown) => err,
    );
    expect(Date.now() - started).toBeLessThan(2000);
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message).toMatch(
      /^waited 100 ms for the sum to be three: expected 2 to be 3/,
    );
    expect(failure).toMatchObject({ expected: 3, actual: 2 });
  });

  it('without a description rethrows the last failure as it was', async () => {
    const failure = await eventually(() => {
      throw new Error('still down');
    }, 50).catch((err: unknown) => err);
    expect((failure as Error).message).toBe('still down');
  });
});

import { afterEach, describe, expect, it, vi } from 'vitest';
import { localOutbox, putBody } from './intents';

/** A localStorage in memory, as `window.localStorage`. */
function fakeStorage(entries: Record<string, string>) {
  const map = new Map(Object.entries(entries));
  vi.stubGlobal('window', {
    localStorage: {
      getItem: (key: string) => map.get(key) ?? null,
      setItem: (key: string, value: string) => void map.set(key, value),
      removeItem: (key: string) => void map.delete(key),
    },
  });
  return map;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('the outbox in storage', () => {
  it('takes over the queues of earlier versions once, and skips what it cannot read', () => {
    const stored = fakeStorage({
      'trellis:pending:s1': JSON.stringify([
        {
          id: 'n1',
          kind: 'statement',
          text: 'Named',
          zone: 'ideas',
          anonymous: false,
          createdAt: 5,
        },
        { id: 'a1', text: 'Anonymous, before kinds', anonymous: true, createdAt: 6 },
        { id: 42 },
      ]),
      'trellis:private-outbox:s1': JSON.stringify([
        { id: 'p1', kind: 'statement', text: 'Private', anonymous: true, createdAt: 7 },
      ]),
      'trellis:edits:s1': JSON.stringify({ n1: 'too little to write a card again' }),
      'trellis:outbox:s1': JSON.stringify([{ op: 'anon:delete', id: 'a0' }, { op: 'unknown' }]),
    });
    const outbox = localOutbox('s1');
    const intents = outbox.read();
    expect(intents).toEqual([
      {
        op: 'card:put',
        ...putBody({ id: 'n1', kind: 'statement', text: 'Named', zone: 'ideas', createdAt: 5 }),
      },
      {
        op: 'anon:put',
        ...putBody({ id: 'a1', kind: 'statement', text: 'Anonymous, before kinds', createdAt: 6 }),
      },
      {
        op: 'private:put',
        card: { id: 'p1', kind: 'statement', text: 'Private', anonymous: true, createdAt: 7 },
      },
      { op: 'anon:delete', id: 'a0' },
    ]);
    outbox.write(intents);
    expect([...stored.keys()]).toEqual(['trellis:outbox:s1']);
    expect(localOutbox('s1').read()).toEqual(intents);
    outbox.write([]);
    expect(stored.size).toBe(0);
  });
});

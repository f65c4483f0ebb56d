import { describe, expect, it } from 'vitest';
import { MemberConnections } from './connections';

const member = { id: 'm1', role: 'participant' as const };
const cap = { participant: 2, facilitator: 8, projector: 8 };

describe('MemberConnections', () => {
  it('evicts the oldest beyond the cap, one at a time, and forgets what closed', () => {
    const evicted: string[] = [];
    const open = new MemberConnections<{ name: string }>(cap, (c) => evicted.push(c.name));
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((name) => ({ name }));
    open.add(member, a!);
    expect(open.count('m1')).toBe(1);
    open.add(member, b!);
    open.add(member, c!);
    expect(evicted).toEqual(['a']);
    expect(open.count('m1')).toBe(2);
    // An evicted connection's close handler removes it again: nothing else goes.
    open.remove('m1', a!);
    open.remove('m1', c!);
    expect(open.count('m1')).toBe(1);
    open.add(member, d!);
    expect(open.count('m1')).toBe(2);
    open.add(member, c!);
    expect(evicted).toEqual(['a', 'b']);
    open.remove('m1', d!);
    open.remove('m1', c!);
    expect(open.count('m1')).toBe(0);
    open.remove('m1', c!);
    expect(open.count('m1')).toBe(0);
  });

  it('evicts back to the cap when the evicted one closes at once', () => {
    const open: MemberConnections<{ name: string }> = new MemberConnections(
      { participant: 1, facilitator: 1, projector: 1 },
      (c) => open.remove('m1', c),
    );
    const [a, b] = [{ name: 'a' }, { name: 'b' }];
    open.add(member, a);
    open.add(member, b);
    expect(open.count('m1')).toBe(1);
    open.remove('m1', a);
    expect(open.count('m1')).toBe(1);
    open.remove('m1', b);
    expect(open.count('m1')).toBe(0);
  });
});

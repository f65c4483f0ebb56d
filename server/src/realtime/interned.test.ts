import { describe, expect, it } from 'vitest';
import { Interned } from './interned';

describe('Interned', () => {
  it('hands out the held record while a new one equals it field for field, else the new one', () => {
    const records = new Interned();
    const first = { id: 'm1', role: 'participant', name: 'Amira' };
    expect(records.intern(first)).toBe(first);
    expect(records.intern({ id: 'm1', role: 'participant', name: 'Amira' })).toBe(first);
    // A renamed member: the connection that read it sees its own value, and later ones share it.
    const renamed = { id: 'm1', role: 'participant', name: 'Amira B.' };
    expect(records.intern(renamed)).toBe(renamed);
    expect(records.intern({ id: 'm1', role: 'participant', name: 'Amira B.' })).toBe(renamed);
    const unnamed = { id: 'm1', role: 'participant', name: undefined };
    expect(records.intern(unnamed)).toBe(unnamed);
    expect(records.intern({ id: 'm1', role: 'participant' })).not.toBe(unnamed);
    expect(records.intern({ id: 'm2', role: 'participant', name: 'Amira B.' })).not.toBe(renamed);
  });
});

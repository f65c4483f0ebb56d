import { describe, expect, it } from 'vitest';
import type { Card } from '@trellis/shared';
import type { OutboxEntry } from '../../lib/storage';
import { anonOverlay, anonPut, reflected, type AnonWrite } from './anonymous';
import { ownCardCount } from './ownCards';

const put = (id: string, text: string, extra: Partial<Card> = {}): AnonWrite =>
  anonPut({ id, kind: 'statement', text, zone: 'ideas', createdAt: 1, ...extra });
const del = (id: string): AnonWrite => ({ op: 'anon:delete', id });
const card = (id: string, authorId?: string): Card => ({
  id,
  kind: 'statement',
  text: id,
  authorId,
  zone: 'ideas',
  x: undefined,
  y: undefined,
  createdAt: 1,
  hidden: false,
  group: undefined,
  org: undefined,
  step: undefined,
  by: undefined,
});

describe('anonymous writes on the phone', () => {
  it('sends only what the server needs: no zone, no time, no empty commitment field', () => {
    const entry = anonPut({
      id: 'c1',
      kind: 'commitment',
      text: 'Host a lunch',
      zone: 'commitments',
      createdAt: 5,
      org: 'City Library',
      step: '',
      by: undefined,
    });
    expect(entry).toEqual({
      op: 'anon:put',
      card: { id: 'c1', kind: 'commitment', text: 'Host a lunch', org: 'City Library' },
      zone: 'commitments',
      createdAt: 5,
    });
  });

  it('shows new cards queued, rewrites and deletions over the board, newest request first', () => {
    const board = new Set(['b1', 'b2']);
    const outbox: OutboxEntry[] = [
      put('new', 'Queued offline'),
      put('b1', 'Reworded'),
      del('b2'),
      {
        op: 'private:put',
        card: { id: 'p', kind: 'statement', text: 'x', anonymous: true, createdAt: 1 },
      },
    ];
    const settled = [put('b1', 'Older rewrite'), put('landing', 'Answered, not on the board yet')];
    const view = anonOverlay(
      outbox,
      settled,
      (id) => board.has(id),
      (e) => e === outbox[0],
    );
    expect(view.queued.map((c) => [c.id, c.text, c.anonymous])).toEqual([
      ['landing', 'Answered, not on the board yet', true],
      ['new', 'Queued offline', true],
    ]);
    expect(view.edits).toEqual({ b1: 'Reworded', b2: null });
    expect(Object.fromEntries(view.sync)).toEqual({
      landing: 'saved',
      new: 'waiting',
      b1: 'sending',
    });
  });

  it('knows when the board shows what the server did', () => {
    expect(reflected(put('a', 'Same'), { ...card('a'), text: 'Same' })).toBe(true);
    expect(reflected(put('a', 'New'), { ...card('a'), text: 'Old' })).toBe(false);
    expect(reflected(put('a', 'New'), undefined)).toBe(false);
    expect(reflected(del('a'), undefined)).toBe(true);
    expect(reflected(del('a'), card('a'))).toBe(false);
  });
});

describe('the card cap count', () => {
  it('counts own named and anonymous cards once, queued ones, and not those being deleted', () => {
    const count = ownCardCount({
      cards: [card('named', 'me'), card('anon'), card('theirs', 'them'), card('facilitator')],
      participantId: 'me',
      mine: new Set(['named', 'anon', 'queued', 'gone-already']),
      queued: [{ id: 'queued' }, { id: 'named' }],
      edits: { anon: null, named: 'reworded' },
    });
    // named + queued; anon is being deleted; other people's and the facilitator's do not count.
    expect(count).toBe(2);
  });
});

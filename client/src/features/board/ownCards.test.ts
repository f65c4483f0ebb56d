import { describe, expect, it } from 'vitest';
import { cardView, type Card } from '@trellis/shared';
import { ownCardCount } from './ownCards';

const card = (id: string, authorId?: string): Card =>
  cardView({ id, kind: 'statement', text: id, authorId, zone: 'ideas', createdAt: 1 });

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

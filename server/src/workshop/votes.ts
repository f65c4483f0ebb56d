import {
  cardsOf,
  groupedUnderPoint,
  readCard,
  writeResults,
  type MyVotes,
  type VoteInput,
} from '@trellis/shared';
import type { Room } from '../rooms/room';
import type { Storage } from '../storage/types';
import { CommandError } from './errors';

/** One session's votes, held by its room while it is loaded: memberId → cardId → count. */
type Ledger = Map<string, Map<string, number>>;

const sum = (votes: ReadonlyMap<string, number> | undefined): number =>
  [...(votes?.values() ?? [])].reduce((a, b) => a + b, 0);

/**
 * Dot votes ([J7]). The check and the change happen in one synchronous step against the room's
 * ledger, so no number of simultaneous `vote` events gets past the per-participant budget; the
 * vote row and the published totals (`results`: only the voted card's entry changes) are then
 * committed in one transaction ([D5]). The ledger lives as long as the room (erasure and reloads
 * start from storage again).
 */
export class Votes {
  private readonly ledgers = new WeakMap<Room, Promise<Ledger>>();

  constructor(private readonly storage: Storage) {}

  async cast(room: Room, memberId: string, input: VoteInput): Promise<MyVotes> {
    const ledger = await this.ledger(room);
    const { voting } = room.workshop;
    if (voting.state !== 'open') throw new CommandError('forbidden', 'voting is closed', 'J7');
    const cards = cardsOf(room.doc);
    const find = (id: string) => readCard(id, cards.get(id));
    const card = find(input.cardId);
    if (!card || card.hidden) throw new CommandError('not_found', 'no such card', 'J7');
    let mine = ledger.get(memberId);
    const current = mine?.get(input.cardId) ?? 0;
    // A vote given before the statement was grouped can still be taken back.
    if (input.delta > 0 && groupedUnderPoint(card, find)) {
      throw new CommandError('forbidden', 'vote for the synthesis point this card is in', 'J7');
    }
    if (input.delta > 0 && sum(mine) >= voting.perParticipant) {
      throw new CommandError('forbidden', `you have used all ${voting.perParticipant} votes`, 'J7');
    }
    if (input.delta < 0 && current === 0)
      throw new CommandError('bad_request', 'no vote to withdraw', 'J7');
    const count = current + input.delta;
    if (!mine) ledger.set(memberId, (mine = new Map()));
    if (count > 0) mine.set(input.cardId, count);
    else mine.delete(input.cardId);
    const write = {
      type: 'vote' as const,
      sessionId: room.sessionId,
      memberId,
      cardId: input.cardId,
      count,
    };
    if (voting.hideResults) room.record([write]);
    else {
      const totals = totalsOf(ledger);
      room.transactAsServer(null, (doc) => writeResults(doc, totals), {
        writes: [write],
      });
    }
    await room.settled();
    return myVotes(mine, voting.perParticipant);
  }

  async mine(room: Room, memberId: string): Promise<MyVotes> {
    const ledger = await this.ledger(room);
    return myVotes(ledger.get(memberId), room.workshop.voting.perParticipant);
  }

  /** Totals per card, for `results`. */
  async totals(room: Room): Promise<Record<string, number>> {
    return totalsOf(await this.ledger(room));
  }

  private ledger(room: Room): Promise<Ledger> {
    let ledger = this.ledgers.get(room);
    if (!ledger) {
      ledger = this.storage.votesOfSession(room.sessionId);
      this.ledgers.set(room, ledger);
      ledger.catch(() => this.ledgers.delete(room));
    }
    return ledger;
  }
}

function totalsOf(ledger: Ledger): Record<string, number> {
  const totals: Record<string, number> = {};
  for (const votes of ledger.values()) {
    for (const [cardId, n] of votes) totals[cardId] = (totals[cardId] ?? 0) + n;
  }
  return totals;
}

function myVotes(votes: ReadonlyMap<string, number> | undefined, per: number): MyVotes {
  return {
    votes: Object.fromEntries(votes ?? []),
    remaining: Math.max(0, per - sum(votes)),
  };
}

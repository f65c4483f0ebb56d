import {
  addCard,
  cardIdTaken,
  mayWrite,
  writingOpen,
  Limits,
  writeMeta,
  type PrivateCardInput,
  type PrivateCardView,
} from '@trellis/shared';
import type { Snapshots } from '../history/snapshots';
import type { Logger } from '../log';
import type { Room } from '../rooms/room';
import type { Rooms } from '../rooms/rooms';
import type { Identity } from '../sessions';
import type { Storage, TableWrite } from '../storage/types';
import type { PrivateCard, PrivatePutRefusal } from '../storage/workshopTypes';
import { CommandError } from './errors';

/** What a phone is told when the storage refuses its card ([J6]). */
const refused: Record<PrivatePutRefusal, () => CommandError> = {
  taken: () => new CommandError('forbidden', 'that card id belongs to someone else', 'J6'),
  overCap: () =>
    new CommandError('rate_limited', `at most ${Limits.privateCardsWaiting} private cards`, 'J6'),
  revealed: () => new CommandError('forbidden', 'already revealed', 'J6'),
};

const view = (c: PrivateCard): PrivateCardView => ({
  id: c.cardId,
  kind: c.kind,
  text: c.text,
  anonymous: c.anonymous,
  createdAt: c.createdAt,
});

const waitingOnly = (cards: PrivateCard[]): PrivateCardView[] =>
  cards.filter((c) => c.revealedAt === null).map(view);

/**
 * Private writing ([J6], [J8]): in a private phase a phone's cards go to the server and stay in
 * the database, out of the shared document, until the facilitator reveals them all at once.
 */
export class PrivateWriting {
  constructor(
    private readonly storage: Storage,
    private readonly rooms: Rooms,
    private readonly snapshots: Snapshots,
    private readonly log: Logger,
  ) {}

  async put(identity: Identity, input: PrivateCardInput): Promise<PrivateCardView[]> {
    const { member, session } = identity;
    if (member.role !== 'participant')
      throw new CommandError('forbidden', 'only participants write private cards');
    await this.rooms.run(session.id, (room) => {
      const { workshop } = room;
      if (!writingOpen(workshop)) throw new CommandError('forbidden', 'writing is locked', 'J1');
      if (!mayWrite(workshop, 'private', input.kind)) {
        throw new CommandError('forbidden', 'this phase does not take private cards', 'J2');
      }
      // An id on the board (or once on it) is someone's card: taking it at reveal would make the
      // sender its owner.
      if (cardIdTaken(room.doc, input.id)) {
        throw new CommandError('forbidden', 'that card id is taken', 'J6');
      }
    });
    const refusal = await this.storage.putPrivateCard(
      {
        sessionId: session.id,
        cardId: input.id,
        memberId: member.id,
        kind: input.kind,
        text: input.text,
        anonymous: input.anonymous,
        createdAt: Date.now(),
      },
      { max: Limits.privateCardsWaiting },
    );
    if (refusal) throw refused[refusal]();
    return this.mine(identity);
  }

  async remove({ member, session }: Identity, id: string): Promise<PrivateCardView[]> {
    await this.storage.deletePrivateCard(session.id, id, member.id);
    return waitingOnly(await this.storage.privateCards(session.id, member.id));
  }

  async mine({ member, session }: Identity): Promise<PrivateCardView[]> {
    return waitingOnly(await this.storage.privateCards(session.id, member.id));
  }

  /**
   * [J8] Reveal: the server inserts every waiting private card into the document at once. The
   * cards marked revealed and their owners are committed in the same transaction as the log entry
   * that inserts them ([D5]): after a crash each card is on the board or still waiting.
   * Returns the members whose cards went public, so their phones can be told.
   */
  async reveal(sessionId: string, memberId: string, now: number): Promise<string[]> {
    const waiting = (await this.storage.privateCards(sessionId)).filter(
      (c) => c.revealedAt === null,
    );
    const inserted = await this.rooms.run(sessionId, async (room) => {
      const done = this.insert(room, waiting, memberId, now);
      await room.settled();
      // [Y1] The moment the room first reads the cards: a marker in the replay.
      if (done.length > 0) await this.snapshots.take(room, 'Reveal', 'reveal');
      return done;
    });
    this.log.info('private cards revealed', { session: sessionId, count: inserted.length });
    return [...new Set(inserted.map((c) => c.memberId))];
  }

  /** One server change: the cards, their owners, the revealed marks, all or nothing. */
  private insert(room: Room, waiting: PrivateCard[], by: string, now: number): PrivateCard[] {
    const sessionId = room.sessionId;
    const zone = room.workshop.phase?.spec.zone ?? room.workshop.template.defaultZone;
    // [J6] Checked again here: an id may have been taken on the board since the put.
    const inserted = waiting.filter((c) => !cardIdTaken(room.doc, c.cardId));
    const refused = waiting.filter((c) => cardIdTaken(room.doc, c.cardId));
    if (refused.length > 0) {
      this.log.warn('private cards refused at reveal: id taken', {
        session: sessionId,
        count: refused.length,
      });
    }
    const writes: TableWrite[] = [
      ...inserted.map((c): TableWrite => ({
        type: 'cardOwner',
        sessionId,
        cardId: c.cardId,
        memberId: c.memberId,
      })),
      { type: 'privateRevealed', sessionId, cardIds: inserted.map((c) => c.cardId), time: now },
      { type: 'privateDropped', sessionId, cardIds: refused.map((c) => c.cardId) },
    ];
    for (const c of inserted) room.ownership.setOwner(c.cardId, c.memberId);
    room.transactAsServer(
      by,
      (doc) => {
        for (const c of inserted) {
          addCard(doc, {
            id: c.cardId,
            kind: c.kind,
            text: c.text,
            authorId: c.anonymous ? undefined : c.memberId,
            zone,
            createdAt: c.createdAt,
          });
        }
        writeMeta(doc, { revealedAt: now });
      },
      { writes },
    );
    return inserted;
  }
}

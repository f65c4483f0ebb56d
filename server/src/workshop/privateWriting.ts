import {
  addCard,
  cardsOf,
  metaOf,
  type PrivateCardInput,
  type PrivateCardView,
} from '@trellis/shared';
import type { Logger } from '../log';
import type { Rooms } from '../rooms/rooms';
import type { Identity } from '../sessions';
import type { Storage } from '../storage/types';
import type { PrivateCard } from '../storage/workshopTypes';
import { CommandError } from './errors';

const MAX_PRIVATE_CARDS = 20;

const view = (c: PrivateCard): PrivateCardView => ({
  id: c.cardId,
  kind: c.kind,
  text: c.text,
  anonymous: c.anonymous,
  createdAt: c.createdAt,
});

/**
 * Private writing ([J6], [J8]): in a private phase a phone's cards go to the server and stay in
 * SQLite, out of the shared document, until the facilitator reveals them all at once.
 */
export class PrivateWriting {
  constructor(
    private readonly storage: Storage,
    private readonly rooms: Rooms,
    private readonly log: Logger,
  ) {}

  async put({ member, session }: Identity, input: PrivateCardInput): Promise<PrivateCardView[]> {
    if (member.role !== 'participant')
      throw new CommandError('forbidden', 'only participants write private cards');
    await this.rooms.run(session.id, (room) => {
      const { workshop } = room;
      const phase = workshop.phase;
      if (workshop.locked || workshop.ended)
        throw new CommandError('forbidden', 'writing is locked', 'J1');
      if (
        !phase ||
        phase.spec.writing !== 'private' ||
        !(phase.spec.kinds as readonly string[]).includes(input.kind)
      ) {
        throw new CommandError('forbidden', 'this phase does not take private cards', 'J2');
      }
    });
    const mine = await this.storage.privateCards(session.id, member.id);
    const existing = mine.find((c) => c.cardId === input.id);
    if (!existing && mine.filter((c) => c.revealedAt === null).length >= MAX_PRIVATE_CARDS) {
      throw new CommandError('rate_limited', `at most ${MAX_PRIVATE_CARDS} private cards`, 'J6');
    }
    if (existing?.revealedAt) throw new CommandError('forbidden', 'already revealed', 'J6');
    await this.storage.upsertPrivateCard({
      sessionId: session.id,
      cardId: input.id,
      memberId: member.id,
      kind: input.kind,
      text: input.text,
      anonymous: input.anonymous,
      createdAt: existing?.createdAt ?? Date.now(),
      revealedAt: null,
    });
    const after = await this.storage.privateCards(session.id, member.id);
    if (!after.some((c) => c.cardId === input.id)) {
      throw new CommandError('forbidden', 'that card id belongs to someone else', 'J6');
    }
    return after.filter((c) => c.revealedAt === null).map(view);
  }

  async remove({ member, session }: Identity, id: string): Promise<PrivateCardView[]> {
    await this.storage.deletePrivateCard(session.id, id, member.id);
    const after = await this.storage.privateCards(session.id, member.id);
    return after.filter((c) => c.revealedAt === null).map(view);
  }

  async mine({ member, session }: Identity): Promise<PrivateCardView[]> {
    const cards = await this.storage.privateCards(session.id, member.id);
    return cards.filter((c) => c.revealedAt === null).map(view);
  }

  /** [J8] Reveal: the server inserts every waiting private card into the document at once. */
  /** Returns the members whose cards went public, so their phones can be told. */
  async reveal(sessionId: string, memberId: string, now: number): Promise<string[]> {
    const waiting = (await this.storage.privateCards(sessionId)).filter(
      (c) => c.revealedAt === null,
    );
    await this.rooms.run(sessionId, async (room) => {
      const zone = room.workshop.phase?.spec.zone ?? room.workshop.template.defaultZone;
      for (const c of waiting) await this.storage.setCardOwner(sessionId, c.cardId, c.memberId);
      await this.storage.markRevealed(
        sessionId,
        waiting.map((c) => c.cardId),
        now,
      );
      for (const c of waiting) room.setOwner(c.cardId, c.memberId);
      room.transactAsServer(memberId, (doc) => {
        for (const c of waiting) {
          if (cardsOf(doc).has(c.cardId)) continue;
          addCard(doc, {
            id: c.cardId,
            kind: c.kind,
            text: c.text,
            authorId: c.anonymous ? undefined : c.memberId,
            zone,
            createdAt: c.createdAt,
          });
        }
        metaOf(doc).set('revealedAt', now);
      });
    });
    this.log.info('private cards revealed', { session: sessionId, count: waiting.length });
    return [...new Set(waiting.map((c) => c.memberId))];
  }
}

import {
  addCard,
  cardIdTaken,
  cardsOf,
  commitmentFields,
  COMMITMENT_FIELDS,
  deleteCard,
  listZones,
  mayAddCard,
  setCardText,
  writeCard,
  writingOpen,
  writingZone,
  type AnonCardInput,
} from '@trellis/shared';
import type { Room } from '../rooms/room';
import type { Rooms } from '../rooms/rooms';
import type { Identity } from '../sessions';
import type { Storage } from '../storage/types';
import { CommandError } from './errors';

/**
 * Anonymous cards ([J14]). A Yjs struct carries its writer's clientID, and a phone's named and
 * anonymous cards would share one: so the server writes anonymous cards, and every later change
 * to them, under its own clientID on the author's behalf, the way a reveal does. The author is
 * recorded only server-side (card_owners), the log attributes the change to nobody, and
 * participants' own document writes to anonymous cards are refused ([G1], [G2], [G3]).
 */
export class AnonymousCards {
  constructor(
    private readonly storage: Storage,
    private readonly rooms: Rooms,
  ) {}

  /** Creates the card, or rewrites its text and fields when the author sends the same id again. */
  async put({ member, session }: Identity, input: AnonCardInput): Promise<null> {
    if (member.role !== 'participant')
      throw new CommandError('forbidden', 'only participants post anonymous cards');
    // A waiting private card with this id would be refused at reveal: the id is someone's.
    const privateOwner = await this.storage.privateCardOwner(session.id, input.id);
    if (privateOwner !== undefined && privateOwner !== member.id) {
      throw new CommandError('forbidden', 'that card id is taken', 'J14');
    }
    await this.rooms.run(session.id, async (room) => {
      if (!writingOpen(room.workshop)) {
        throw new CommandError('forbidden', 'writing is locked', 'J1');
      }
      if (cardIdTaken(room.doc, input.id)) this.rewrite(room, member.id, input);
      else this.create(room, member.id, input);
      await room.settled();
    });
    return null;
  }

  async delete({ member, session }: Identity, id: string): Promise<null> {
    await this.rooms.run(session.id, async (room) => {
      if (!writingOpen(room.workshop)) {
        throw new CommandError('forbidden', 'writing is locked', 'J1');
      }
      this.mustOwn(room, member.id, id);
      room.transactAsServer(null, (doc) => deleteCard(doc, id), { chargeTo: member.id });
      await room.settled();
    });
    return null;
  }

  private create(room: Room, memberId: string, input: AnonCardInput): void {
    const { workshop } = room;
    if (!mayAddCard(workshop, input.kind)) {
      throw new CommandError('forbidden', 'this phase does not take these cards', 'J2');
    }
    if (room.ownership.countOwned(room.doc, memberId) >= workshop.cardLimit) {
      throw new CommandError(
        'limit_reached',
        `at most ${workshop.cardLimit} cards per participant`,
        'G12',
      );
    }
    const zone = this.zoneFor(room);
    room.ownership.setOwner(input.id, memberId);
    room.transactAsServer(
      null,
      (doc) =>
        addCard(doc, {
          id: input.id,
          kind: input.kind,
          text: input.text,
          zone,
          // Server time: a phone's clock skew would otherwise tell its cards apart.
          createdAt: Date.now(),
          ...commitmentFields(input),
        }),
      {
        writes: [{ type: 'cardOwner', sessionId: room.sessionId, cardId: input.id, memberId }],
        chargeTo: memberId,
      },
    );
  }

  private rewrite(room: Room, memberId: string, input: AnonCardInput): void {
    const card = this.mustOwn(room, memberId, input.id);
    if (card.get('kind') !== input.kind) {
      throw new CommandError('bad_request', 'a card keeps its kind', 'G5');
    }
    room.transactAsServer(
      null,
      (doc) => {
        setCardText(doc, input.id, input.text);
        // Every field named: an emptied one is removed.
        const fields = commitmentFields(input);
        writeCard(doc, input.id, Object.fromEntries(COMMITMENT_FIELDS.map((k) => [k, fields[k]])));
      },
      { chargeTo: memberId },
    );
  }

  /** The live anonymous card this member owns, or a refusal that names nobody else. */
  private mustOwn(room: Room, memberId: string, id: string) {
    const card = cardsOf(room.doc).get(id);
    if (!card || room.ownerOfCard(id) !== memberId || card.get('authorId') !== undefined) {
      throw new CommandError('forbidden', 'not your anonymous card', 'J14');
    }
    return card;
  }

  /** Where a phone's card goes now; a board whose default zone was removed uses its first. */
  private zoneFor(room: Room): string | undefined {
    const zone = writingZone(room.workshop);
    const zones = listZones(room.doc);
    return zones.some((z) => z.id === zone) ? zone : (zones[0]?.id ?? zone);
  }
}

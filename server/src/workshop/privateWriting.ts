import {
  addCard,
  cardIdTaken,
  mayWrite,
  writingOpen,
  Limits,
  writeMeta,
  type InboxCard,
  type PrivateCardInput,
  type PrivateCardView,
  type PrivateScreen,
} from '@trellis/shared';
import type { Snapshots } from '../history/snapshots';
import type { Logger } from '../log';
import type { Room } from '../rooms/room';
import type { Rooms } from '../rooms/rooms';
import type { Identity } from '../sessions';
import type { Storage, TableWrite } from '../storage/types';
import type {
  PrivateCard,
  PrivatePutRefusal,
  PrivateScreening,
  ScreenRefusal,
} from '../storage/workshopTypes';
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

const waiting = (cards: PrivateCard[]): PrivateCard[] => cards.filter((c) => c.revealedAt === null);
const waitingOnly = (cards: PrivateCard[]): PrivateCardView[] => waiting(cards).map(view);

/** What each screening action stores ([J16]). */
const screenings: Record<PrivateScreen['action'], (into: string | null) => PrivateScreening> = {
  hide: () => ({ hidden: true, mergedInto: null }),
  show: () => ({ hidden: false, mergedInto: null }),
  merge: (into) => ({ hidden: true, mergedInto: into }),
};

const screenRefused: Record<ScreenRefusal, () => CommandError> = {
  notWaiting: () => new CommandError('not_found', 'no such card waiting for the reveal', 'J16'),
  badTarget: () =>
    new CommandError('bad_request', 'merge into another waiting card that is shown', 'J16'),
};

const facilitatorOnly = ({ member }: Identity): void => {
  if (member.role !== 'facilitator')
    throw new CommandError('forbidden', 'only a facilitator may do this', 'J15');
};

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
   * [J15] The waiting cards as the facilitator reads them before the reveal. A named card says
   * whose it is, as the board will; an anonymous one carries nothing that names its author
   * ([J14]): no member id, no name.
   */
  async inbox(identity: Identity): Promise<InboxCard[]> {
    facilitatorOnly(identity);
    const sessionId = identity.session.id;
    const cards = waiting(await this.storage.privateCards(sessionId));
    const named = cards.some((c) => !c.anonymous);
    const names = named
      ? new Map((await this.storage.membersOf(sessionId)).map((m) => [m.id, m.name]))
      : new Map<string, string | undefined>();
    return cards.map((c): InboxCard => {
      const author = c.anonymous ? undefined : names.get(c.memberId);
      return {
        ...view(c),
        hidden: c.hidden,
        ...(c.mergedInto !== null && { mergedInto: c.mergedInto }),
        ...(author !== undefined && { author }),
      };
    });
  }

  /** [J16] Hide a waiting card from the reveal, show it again, or merge it into its duplicate. */
  async screen(identity: Identity, input: PrivateScreen): Promise<InboxCard[]> {
    facilitatorOnly(identity);
    const into = input.action === 'merge' ? (input.into ?? null) : null;
    if (input.action === 'merge' && into === null)
      throw new CommandError('bad_request', 'a merge names the card it goes into', 'J16');
    const refusal = await this.storage.screenPrivateCard(
      identity.session.id,
      input.id,
      screenings[input.action](into),
    );
    if (refusal) throw screenRefused[refusal]();
    return this.inbox(identity);
  }

  /**
   * [J8] Reveal: the server inserts every waiting private card into the document at once. The
   * cards marked revealed and their owners are committed in the same transaction as the log entry
   * that inserts them ([D5]): after a crash each card is on the board or still waiting. Cards the
   * facilitator hid ([J16]) are left off the board and stop waiting in the same change.
   * Returns the members whose cards went public or were left off, so their phones can be told.
   */
  async reveal(sessionId: string, memberId: string, now: number): Promise<string[]> {
    const cards = waiting(await this.storage.privateCards(sessionId));
    const leftOff = cards.filter((c) => c.hidden);
    const inserted = await this.rooms.run(sessionId, async (room) => {
      const done = this.insert(room, cards, memberId, now);
      await room.settled();
      // [Y1] The moment the room first reads the cards: a marker in the replay.
      if (done.length > 0) await this.snapshots.take(room, 'Reveal', 'reveal');
      return done;
    });
    this.log.info('private cards revealed', {
      session: sessionId,
      count: inserted.length,
      hidden: leftOff.length,
    });
    return [...new Set([...inserted, ...leftOff].map((c) => c.memberId))];
  }

  /** One server change: the cards, their owners, the revealed marks, all or nothing. */
  private insert(room: Room, cards: PrivateCard[], by: string, now: number): PrivateCard[] {
    const sessionId = room.sessionId;
    const zone = room.workshop.phase?.spec.zone ?? room.workshop.template.defaultZone;
    const shown = cards.filter((c) => !c.hidden);
    const leftOff = cards.filter((c) => c.hidden).map((c) => c.cardId);
    // [J6] Checked again here: an id may have been taken on the board since the put.
    const inserted = shown.filter((c) => !cardIdTaken(room.doc, c.cardId));
    const refused = shown.filter((c) => cardIdTaken(room.doc, c.cardId));
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
      // Hidden cards stop waiting too, kept with their screening: a later reveal never brings them.
      {
        type: 'privateRevealed',
        sessionId,
        cardIds: [...inserted.map((c) => c.cardId), ...leftOff],
        time: now,
      },
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

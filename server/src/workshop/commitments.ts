import * as Y from 'yjs';
import {
  addCard,
  cardsOf,
  commitmentFields,
  listCards,
  previousCardId,
  PREVIOUS_ZONE,
  readCopyFields,
  writeCard,
  zonesOf,
  type CommitmentStatusRequest,
  type CommitmentView,
} from '@trellis/shared';
import { hashSecret, newToken } from '../auth/tokens';
import { docAtSeq } from '../history/reconstruct';
import type { Rooms } from '../rooms/rooms';
import type { Identity } from '../sessions';
import type { Storage } from '../storage/types';
import { CommandError } from './errors';

/**
 * Commitments that outlive the session ([K1]–[K3]): a participant keeps a private link to its
 * commitment (a device token, no account); a follow-up session opens with last time's
 * commitments, and each is marked done / partly / not yet through that link or by a facilitator.
 */
export class Commitments {
  constructor(
    private readonly storage: Storage,
    private readonly rooms: Rooms,
  ) {}

  async keep({ member, session }: Identity, cardId: string): Promise<{ token: string }> {
    if (member.role !== 'participant')
      throw new CommandError('forbidden', 'only participants keep commitments');
    await this.rooms.run(session.id, (room) => {
      const card = cardsOf(room.doc).get(cardId);
      if (!card || card.get('kind') !== 'commitment')
        throw new CommandError('not_found', 'no such commitment', 'K1');
      if (room.ownerOfCard(cardId) !== member.id)
        throw new CommandError('forbidden', 'not your commitment', 'K1');
    });
    const token = newToken();
    await this.storage.addCommitmentLink({
      tokenHash: hashSecret(token),
      sessionId: session.id,
      cardId,
      memberId: member.id,
      createdAt: Date.now(),
    });
    return { token };
  }

  async view(token: string): Promise<CommitmentView> {
    const link = await this.link(token);
    const session = await this.storage.sessionById(link.sessionId);
    if (!session) throw new CommandError('not_found', 'this commitment is no longer kept', 'K1');
    const doc = await this.finalDoc(link.sessionId);
    const card = listCards(doc).find((c) => c.id === link.cardId);
    doc.destroy();
    if (!card) throw new CommandError('not_found', 'this commitment was deleted', 'K1');
    const followUps = [];
    for (const next of await this.storage.followUpsOf(link.sessionId)) {
      const nextDoc = await this.finalDoc(next.id);
      const { status, note } = readCopyFields(cardsOf(nextDoc).get(previousCardId(link.cardId)));
      followUps.push({
        sessionId: next.id,
        title: next.title,
        ...(status && { status }),
        ...(note !== undefined && { note }),
      });
      nextDoc.destroy();
    }
    return {
      sessionId: session.id,
      sessionTitle: session.title,
      createdAt: card.createdAt,
      text: card.text,
      ...commitmentFields(card),
      followUps,
    };
  }

  /** [K3] The keeper of the link marks how its commitment went, in a follow-up session. */
  async setStatus(token: string, request: CommitmentStatusRequest): Promise<CommitmentView> {
    const link = await this.link(token);
    const followUps = await this.storage.followUpsOf(link.sessionId);
    if (!followUps.some((f) => f.id === request.sessionId)) {
      throw new CommandError(
        'not_found',
        'that session does not follow up on this commitment',
        'K3',
      );
    }
    const target = await this.storage.sessionById(request.sessionId);
    if (!target || target.endedAt !== null)
      throw new CommandError('gone', 'that session has ended', 'K3');
    await this.rooms.run(request.sessionId, (room) => {
      const id = previousCardId(link.cardId);
      if (!cardsOf(room.doc).has(id))
        throw new CommandError('not_found', 'not in that session', 'K3');
      room.transactAsServer(link.memberId, (doc) =>
        writeCard(doc, id, {
          status: request.status,
          ...(request.note !== undefined && { note: request.note }),
        }),
      );
      return room.settled();
    });
    return this.view(token);
  }

  /** [K2] Seeds a follow-up session's board with the previous session's commitments. */
  async seedFollowUp(doc: Y.Doc, previousId: string): Promise<void> {
    const previous = await this.finalDoc(previousId);
    const commitments = listCards(previous).filter((c) => c.kind === 'commitment' && !c.hidden);
    previous.destroy();
    doc.transact(() => {
      const zone = new Y.Map<unknown>();
      zone.set('titleKey', 'zone.previous');
      zone.set('order', -1);
      zonesOf(doc).set(PREVIOUS_ZONE, zone);
      for (const c of commitments) {
        addCard(doc, {
          id: previousCardId(c.id),
          kind: 'commitment',
          text: c.text,
          authorId: c.authorId,
          zone: PREVIOUS_ZONE,
          createdAt: c.createdAt,
          ...commitmentFields(c),
        });
        writeCard(doc, previousCardId(c.id), { from: c.id });
      }
    });
  }

  private async link(token: string) {
    const link = await this.storage.commitmentLink(hashSecret(token));
    if (!link) throw new CommandError('not_found', 'unknown commitment link', 'K1');
    return link;
  }

  private async finalDoc(sessionId: string): Promise<Y.Doc> {
    return docAtSeq(this.storage, sessionId, await this.storage.lastSeq(sessionId));
  }
}

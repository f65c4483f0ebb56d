import * as Y from 'yjs';
import { cardEntries, cardEntry, cardsOf } from '@trellis/shared';
import type { ClientBinding, TableWrite } from '../storage/types';
import { SERVER_MEMBER } from '../storage/pseudoMembers';

export { SERVER_MEMBER };

/**
 * Who owns what in one session ([P2], [G2]): each Yjs clientID is bound to the member that first
 * wrote with it, and cards the server wrote on a member's behalf (reveals, anonymous cards) have a
 * recorded owner. The guards read this; the room and the workshop write it.
 */
export class Ownership {
  constructor(
    private readonly bindings: Map<number, string>,
    private readonly owners: Map<string, string>,
  ) {}

  bindingOf(clientId: number): string | undefined {
    return this.bindings.get(clientId);
  }

  /** Binds a clientID if it is free; returns the binding to persist, if new. */
  bind(sessionId: string, clientId: number, memberId: string): ClientBinding | undefined {
    if (this.bindings.has(clientId)) return undefined;
    this.bindings.set(clientId, memberId);
    return { sessionId, clientId, memberId };
  }

  /** Records who may edit a card the server wrote; persisted with the change that inserts it. */
  setOwner(cardId: string, memberId: string): void {
    this.owners.set(cardId, memberId);
  }

  /** The owner of a card entry: the recorded owner, else the member bound to its creator. */
  ownerOfEntry(key: string | null, entry: Y.Item): string | undefined {
    return (key !== null ? this.owners.get(key) : undefined) ?? this.bindings.get(entry.id.client);
  }

  /** The member who owns a live card, if any. */
  ownerOfCard(doc: Y.Doc, cardId: string): string | undefined {
    const entry = cardEntry(doc, cardId);
    if (!entry || entry.deleted) return undefined;
    return this.ownerOfEntry(cardId, entry);
  }

  /** Live cards a member owns ([G12]). */
  countOwned(doc: Y.Doc, memberId: string): number {
    let n = 0;
    for (const [key, entry] of cardEntries(doc)) {
      if (!entry.deleted && this.ownerOfEntry(key, entry) === memberId) n++;
    }
    return n;
  }

  /**
   * ClientIDs that wrote structs without ever being bound: the seed of a session created before
   * seeds were bound. Only the server writes unbound (members are bound as they write), so they
   * are the server's.
   */
  unbound(doc: Y.Doc): number[] {
    return [...doc.store.clients.keys()].filter((client) => !this.bindings.has(client));
  }
}

/**
 * [G13] A card a peer writes again under the id of a card it replaces or brings back (a
 * facilitator's undo of a delete re-creates the entry under the facilitator's clientID) stays its
 * author's: the owner of the entry it follows is recorded for the new one, in the same durable
 * batch (`record`). Without it the author could no longer edit or delete her own card. Only peers'
 * changes count: the server's own rewrites ([Y8]) record their owners themselves, and phones may
 * not write under a taken id at all ([J6]).
 */
export function keepOwnersAcrossRewrites(
  sessionId: string,
  doc: Y.Doc,
  ownership: Ownership,
  record: (writes: TableWrite[]) => void,
): void {
  cardsOf(doc).observe((event) => {
    const origin = event.transaction.origin as { member?: { id: string } } | null;
    const writer = typeof origin === 'object' ? origin?.member?.id : undefined;
    if (writer === undefined) return;
    const writes: TableWrite[] = [];
    for (const [cardId, change] of event.changes.keys) {
      if (change.action === 'delete') continue;
      const entry = cardEntry(doc, cardId);
      const before = entry?.left;
      if (!entry || entry.deleted || !(before instanceof Y.Item)) continue;
      if (before.parentSub !== cardId) continue;
      const owner = ownership.ownerOfEntry(cardId, before);
      if (owner === undefined || owner === SERVER_MEMBER || owner === writer) continue;
      if (ownership.ownerOfEntry(cardId, entry) === owner) continue;
      ownership.setOwner(cardId, owner);
      writes.push({ type: 'cardOwner', sessionId, cardId, memberId: owner });
    }
    if (writes.length > 0) record(writes);
  });
}

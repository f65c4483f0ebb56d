import type * as Y from 'yjs';
import { cardEntries, cardEntry } from '@trellis/shared';
import type { ClientBinding } from '../storage/types';

export { SERVER_MEMBER } from '../storage/pseudoMembers';

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

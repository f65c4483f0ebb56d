import * as awarenessProtocol from 'y-protocols/awareness';
import type * as Y from 'yjs';
import { Limits } from '@trellis/shared';
import { sanitiseAwareness } from './awareness';
import { awarenessMessage } from './messages';
import type { Ownership } from './ownership';
import type { Peer } from './peer';

/** A facilitator's laptop and a second screen need a few states; 5,000 fake ones do not ([A4]). */
const MAX_AWARENESS_STATES = Limits.awarenessStatesPerConnection;

/**
 * Presence over the board socket ([A1]–[A4]). Only facilitators' states are kept and relayed
 * (their live drags): a participant's or projector's awareness state carries its Yjs clientID,
 * which names it to whoever reads the document's structs, so it is never relayed ([J14]).
 * Who is connected travels on Socket.IO instead ([S3]).
 */
export class AwarenessRelay {
  readonly awareness: awarenessProtocol.Awareness;

  constructor(
    doc: Y.Doc,
    private readonly peers: ReadonlySet<Peer>,
    private readonly ownership: Ownership,
  ) {
    this.awareness = new awarenessProtocol.Awareness(doc);
    // The server holds no presence of its own.
    this.awareness.setLocalState(null);
    this.awareness.on('update', this.onUpdate);
  }

  /** Throws on bytes that are not an awareness update ([R8]). */
  receive(peer: Peer, update: Uint8Array): void {
    let fresh = 0;
    const clean = sanitiseAwareness(update, peer, (clientId) => {
      if (!this.mayUse(peer, clientId)) return false;
      return (
        peer.awarenessIds.has(clientId) || peer.awarenessIds.size + ++fresh <= MAX_AWARENESS_STATES
      );
    });
    if (peer.member.role !== 'facilitator') return;
    if (clean) awarenessProtocol.applyAwarenessUpdate(this.awareness, clean, peer);
  }

  /** Drops a leaving connection's states. */
  forget(peer: Peer): void {
    if (peer.awarenessIds.size > 0) {
      awarenessProtocol.removeAwarenessStates(this.awareness, [...peer.awarenessIds], null);
    }
  }

  /** Every known state, for a newcomer or a query. */
  all(): Uint8Array | undefined {
    const states = [...this.awareness.getStates().keys()];
    return states.length > 0 ? awarenessMessage(this.awareness, states) : undefined;
  }

  destroy(): void {
    this.awareness.destroy();
  }

  /**
   * A clientID is this connection's if no other open connection announced it, the document does
   * not bind it to another member ([A2]).
   */
  private mayUse(peer: Peer, clientId: number): boolean {
    const bound = this.ownership.bindingOf(clientId);
    if (bound !== undefined && bound !== peer.member.id) return false;
    for (const other of this.peers) {
      if (other !== peer && other.awarenessIds.has(clientId)) return false;
    }
    return true;
  }

  private readonly onUpdate = (
    change: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ): void => {
    const peer =
      origin && typeof origin === 'object' && this.peers.has(origin as Peer)
        ? (origin as Peer)
        : undefined;
    if (peer) {
      for (const id of change.added) peer.awarenessIds.add(id);
      for (const id of change.removed) peer.awarenessIds.delete(id);
    }
    const changed = [...change.added, ...change.updated, ...change.removed];
    if (changed.length === 0) return;
    const message = awarenessMessage(this.awareness, changed);
    for (const p of this.peers) if (!p.closing) p.send(message);
  };
}

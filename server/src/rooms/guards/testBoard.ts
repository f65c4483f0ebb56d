// For the guards' unit tests only: a room's board and members, without the room.
import * as Y from 'yjs';
import {
  Limits,
  readWorkshop,
  seedBoard,
  writeMeta,
  type MetaFields,
  type Role,
  type TemplateId,
} from '@trellis/shared';
import { Ownership, SERVER_MEMBER } from '../ownership';
import type { Peer } from '../peer';
import type { Guard, GuardContext, Verdict } from './context';
import { decodeUpdate, type DecodedUpdate } from './decoded';
import { defaultGuards } from './index';
import { Locator } from './locate';
import { newStructClients } from './structure';

const SESSION = 'session';

/** A connection as the guards see it: only who is behind it matters. */
export function peer(id: string, role: Role): Peer {
  return {
    member: { id, sessionId: SESSION, role, name: undefined, createdAt: 0 },
    send: () => undefined,
    close: () => undefined,
    closing: false,
    awarenessIds: new Set(),
  };
}

export const ana = peer('ana', 'participant');
export const ben = peer('ben', 'participant');
export const fac = peer('fac', 'facilitator');
export const projector = peer('projector', 'projector');

/** The rule a verdict names, 'drop' for a quiet drop, undefined when the update passes. */
export const ruleOf = (v: Verdict): string | undefined => (v?.kind === 'reject' ? v.rule : v?.kind);

/**
 * A seeded board with its ownership, as a room holds it: `check` gives the verdict of the room's
 * guards (in the room's order) on an update, `write` also applies it when it passes, binding its
 * new clientIDs to the sender as the room does ([P2]).
 */
export class TestBoard {
  readonly doc = new Y.Doc();
  readonly ownership = new Ownership(new Map(), new Map());
  /** The sender's [G12] byte budget. */
  budget = { spent: 0, limit: Limits.logBytesPerParticipant };
  private nextClient = 1000;

  constructor(template: TemplateId = 'open', cardLimit?: number) {
    this.server((doc) => seedBoard(doc, 'Guarded', template, Date.UTC(2026, 0, 1), { cardLimit }));
  }

  /** A phone's copy of the board under a clientID of its own. */
  replica(): Y.Doc {
    const doc = new Y.Doc();
    doc.clientID = this.nextClient++;
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(this.doc));
    return doc;
  }

  /** What a replica sends after `fn`: that change alone. */
  change(fn: (doc: Y.Doc) => void, on: Y.Doc = this.replica()): Uint8Array {
    const before = Y.encodeStateVector(on);
    on.transact(() => fn(on));
    return Y.encodeStateAsUpdate(on, before);
  }

  context(from: Peer, update: Uint8Array | DecodedUpdate): GuardContext {
    const decoded = update instanceof Uint8Array ? decodeUpdate(update) : update;
    return {
      doc: this.doc,
      peer: from,
      update: decoded,
      locator: new Locator(this.doc, decoded),
      ownership: this.ownership,
      workshop: readWorkshop(this.doc),
      budget: this.budget,
    };
  }

  check(
    from: Peer,
    update: Uint8Array | DecodedUpdate,
    guards: readonly Guard[] = defaultGuards,
  ): Verdict {
    const ctx = this.context(from, update);
    for (const guard of guards) {
      const verdict = guard(ctx);
      if (verdict) return verdict;
    }
    return undefined;
  }

  /** `fn` made on `on` (default: a fresh replica) and sent by `from`: the verdict, applied if none. */
  write(from: Peer, fn: (doc: Y.Doc) => void, on?: Y.Doc): Verdict {
    const update = this.change(fn, on);
    const verdict = this.check(from, update);
    if (!verdict) this.apply(from.member.id, update);
    return verdict;
  }

  /**
   * A change the server makes (seed, meta, anonymous and revealed cards): under a clientID bound
   * to the server, with the owners it records for cards it writes on a member's behalf.
   */
  server(fn: (doc: Y.Doc) => void, owners: Record<string, string> = {}): void {
    for (const [cardId, memberId] of Object.entries(owners)) {
      this.ownership.setOwner(cardId, memberId);
    }
    this.apply(SERVER_MEMBER, this.change(fn));
  }

  meta(patch: Partial<MetaFields>): void {
    this.server((doc) => writeMeta(doc, patch));
  }

  private apply(memberId: string, update: Uint8Array): void {
    for (const client of newStructClients({ doc: this.doc, update: decodeUpdate(update) })) {
      this.ownership.bind(SESSION, client, memberId);
    }
    Y.applyUpdate(this.doc, update);
  }
}

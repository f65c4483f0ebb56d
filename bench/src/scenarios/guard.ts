import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as Y from 'yjs';
import { addCard, seedBoard, setCardText, writeMeta } from '@trellis/shared';
import { createLogger, openSqliteStorage } from '@trellis/server';
// Internals on purpose: this scenario times one step of the pipeline, not a server.
import { defaultGuards, type Guard } from '../../../server/src/rooms/guards';
import type { Peer } from '../../../server/src/rooms/peer';
import { Room } from '../../../server/src/rooms/room';
import type { Scale } from '../config';
import { dist, type Dist } from '../util/stats';

export interface GuardResult {
  /** µs per update inside the permission guards (every one of `defaultGuards`) */
  guard: Dist;
  /** µs: the whole synchronous `room.receiveUpdate` (decode, guards, bind, apply, enqueue) */
  receive: Dist;
  cards: number;
}

const WRITERS = 20;
const WARMUP = 1000;
/** Flush (log + broadcast, untimed) this often, as the server does once per tick. */
const FLUSH_EVERY = 20;

function participant(id: string): Peer {
  return {
    member: { id, sessionId: 'guard', role: 'participant', name: undefined, createdAt: 0 },
    awarenessIds: new Set(),
    closing: false,
    send: () => undefined,
    close: (code, reason) => {
      throw new Error(`guard bench peer closed: ${code} ${reason}`);
    },
  };
}

/** A participant's own doc and cards; its edits are made here, then fed to the room. */
class Typist {
  readonly doc = new Y.Doc();
  readonly cards: string[] = [];
  private n = 0;
  constructor(readonly peer: Peer) {}

  private edit(change: (doc: Y.Doc) => void): Uint8Array {
    const before = Y.encodeStateVector(this.doc);
    change(this.doc);
    return Y.encodeStateAsUpdate(this.doc, before);
  }

  addCard(): Uint8Array {
    const id = `${this.peer.member.id}-c${this.cards.length}`;
    const authorId = this.peer.member.id;
    this.cards.push(id);
    return this.edit((d) =>
      addCard(d, { id, kind: 'statement', text: 'we', authorId, zone: 'ideas' }),
    );
  }

  keystroke(): Uint8Array {
    const id = this.cards[this.n++ % this.cards.length]!;
    const text = this.doc.getMap<Y.Map<unknown>>('cards').get(id)?.get('text');
    const current = text instanceof Y.Text ? text.toString() : '';
    return this.edit((d) => setCardText(d, id, current.length > 200 ? 'we' : `${current}x`));
  }
}

/**
 * The per-update permission cost on a board of `cards` cards: a room loaded in this process
 * (SQLite in a temp dir), participants typing into their own cards. The room's guards are the
 * defaults, each wrapped in a timer through the room's own `guards` seam, so the bench measures
 * exactly what the pipeline runs, whatever context the guards need.
 */
export async function guardBench(scale: Scale['guard']): Promise<GuardResult> {
  let inGuards = 0n;
  const timed = defaultGuards.map((guard): Guard => (ctx) => {
    const t0 = process.hrtime.bigint();
    const verdict = guard(ctx);
    inGuards += process.hrtime.bigint() - t0;
    return verdict;
  });
  const refuse = (why: string): never => {
    throw new Error(`the room refused a legal edit: ${why}`);
  };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trellis-guard-'));
  const storage = openSqliteStorage(dir);
  const room = await Room.load(
    'guard',
    storage,
    {
      guards: timed,
      onRejected: (_room, _peer, r) => refuse(`${r.rule} ${r.reason}`),
      onDropped: (_room, _peer, reason) => refuse(reason),
    },
    { checkpointEvery: 1000 },
    createLogger('silent'),
  );
  try {
    // The server's own seed (meta, zones, workshop state), as Sessions.create writes it.
    const seed = new Y.Doc();
    seedBoard(seed, 'guard bench', 'open', Date.now());
    // [G12] Each writer owns a share of the board's cards, as a session created with
    // `cardsPerParticipant` that high would let it (100 each at the full scale's 2,000).
    writeMeta(seed, { cardLimit: Math.ceil(scale.cards / WRITERS) });
    Y.applyUpdate(room.doc, Y.encodeStateAsUpdate(seed));
    const typists = Array.from({ length: WRITERS }, (_, i) => new Typist(participant(`p${i}`)));
    for (const t of typists) room.addPeer(t.peer);
    for (let c = 0; c < scale.cards; c++) {
      const t = typists[c % WRITERS]!;
      room.receiveUpdate(t.peer, t.addCard());
      if (c % FLUSH_EVERY === 0) await room.settled();
    }
    await room.settled();

    const guard: number[] = [];
    const receive: number[] = [];
    const run = async (count: number, record: boolean): Promise<void> => {
      for (let i = 0; i < count; i++) {
        const t = typists[i % WRITERS]!;
        const update = t.keystroke();
        inGuards = 0n;
        const t0 = process.hrtime.bigint();
        room.receiveUpdate(t.peer, update);
        const total = process.hrtime.bigint() - t0;
        if (record) {
          guard.push(Number(inGuards) / 1000);
          receive.push(Number(total) / 1000);
        }
        if (i % FLUSH_EVERY === FLUSH_EVERY - 1) await room.settled();
      }
    };
    await run(WARMUP, false);
    await run(scale.updates, true);
    return { guard: dist(guard), receive: dist(receive), cards: room.doc.getMap('cards').size };
  } finally {
    await room.shutdown();
    await storage.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

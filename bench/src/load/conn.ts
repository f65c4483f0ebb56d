import WebSocket from 'ws';
import * as Y from 'yjs';
import { io, type Socket } from 'socket.io-client';
import { PROTOCOL_VERSION, addCard, cardsOf, setCardText } from '@trellis/shared';
import { nowMs } from '../util/clock';
import type { ConnSpec, LoadJob } from './job';
import type { Wire } from './wire';

/** Origin of updates that came from the server: never sent back. */
const REMOTE = Symbol('remote');
const EMPTY_UPDATE = Y.encodeStateAsUpdate(new Y.Doc());
/** A typist clears the card at this length and starts again (a card is at most 500 chars). */
const MAX_TEXT = 200;
const LETTERS = 'abcdefghijklmnopqrstuvwxyz ';
/** Most blast updates a writer sends back to back. */
const BURST = 4;

/** Shared, per-process sinks for samples (flat triples, see LoadResult). */
export interface Recorder {
  tx: number[];
  saved: number[];
  bytesIn: number;
  messagesIn: number;
  closes: Record<string, number>;
  errors: string[];
  measuring: boolean;
}

export const newRecorder = (): Recorder => ({
  tx: [],
  saved: [],
  bytesIn: 0,
  messagesIn: 0,
  closes: {},
  errors: [],
  measuring: false,
});

/**
 * One participant: a WebSocket speaking the server's framing, and for Trellis optionally the
 * Socket.IO connection a real phone also holds. Writers edit only cards they created with their
 * own member id as author (the ownership rule Trellis enforces).
 */
export class Conn {
  readonly doc: Y.Doc | undefined;
  readonly ready: Promise<void>;
  syncMs = Number.NaN;
  syncBytes = 0;
  /** probe samples: clientId, clock, time */
  readonly seen: number[] = [];
  sent = 0;

  private readonly ws: WebSocket;
  private socket: Socket | undefined;
  private synced = false;
  private readonly lastSeen = new Map<number, number>();
  private readonly cards: string[] = [];
  private nextCard = 0;
  private timer: NodeJS.Timeout | undefined;
  private unsaved: number[] = [];
  private blastDone: ((err?: Error) => void) | undefined;
  /** Token bucket for blast sends: refills at maxHz, holds at most BURST. */
  private tokens = 0;
  private refilledAt = 0;

  constructor(
    private readonly spec: ConnSpec,
    private readonly wire: Wire,
    private readonly job: LoadJob,
    private readonly rec: Recorder,
  ) {
    const role = spec.role;
    this.doc = role === 'sink' ? undefined : new Y.Doc();
    if (role === 'seeder' && job.seedState) {
      Y.applyUpdate(this.doc!, Buffer.from(job.seedState, 'base64'), REMOTE);
    }
    if (role === 'writer') {
      this.doc!.on('update', (update: Uint8Array, origin: unknown) => {
        if (origin !== REMOTE) this.send(this.wire.update(update));
      });
    }
    const t0 = nowMs();
    this.ws = new WebSocket(spec.url, { perMessageDeflate: false });
    this.ws.binaryType = 'nodebuffer';
    const synced = new Promise<void>((resolve, reject) => {
      this.ws.once('open', () => {
        for (const m of wire.hello()) this.send(m);
        if (!wire.serverSyncs) return this.markSynced(t0, resolve);
        this.send(wire.step1(this.doc ? Y.encodeStateVector(this.doc) : new Uint8Array([0])));
      });
      this.ws.on('message', (data: Buffer) =>
        this.onMessage(data, () => this.markSynced(t0, resolve)),
      );
      this.ws.once('error', reject);
      this.ws.once('close', (code) => reject(new Error(`closed ${code} before sync`)));
    });
    this.ws.on('close', (code, reason) => {
      if (this.rec.measuring) this.rec.closes[code] = (this.rec.closes[code] ?? 0) + 1;
      // A writer the server closed will never hear `saved` again: fail, do not hang.
      this.blastDone?.(new Error(`writer closed by the server: ${code} ${reason.toString()}`));
    });
    this.ready = Promise.all([synced, this.openSocketIo()]).then(() => undefined);
  }

  /**
   * Paced typing: the card first (at go, so every receiver is connected even on the relay, which
   * has no state for latecomers), then one keystroke per tick from a random phase so writers
   * interleave.
   */
  startTyping(hz: number): void {
    this.newCard();
    const period = 1000 / hz;
    this.timer = setTimeout(() => {
      this.timer = setInterval(() => this.keystroke(), period);
    }, Math.random() * period);
  }

  /**
   * Blast: `perWriter` updates (the first ones create cards) with at most `window` unsaved and
   * at most `maxHz` per second on average; refilled on every `saved` and every 10 ms.
   */
  blast(opts: NonNullable<LoadJob['blast']>): Promise<void> {
    this.refilledAt = nowMs();
    this.tokens = 1;
    return new Promise((resolve, reject) => {
      this.blastDone = (err) => (err ? reject(err) : resolve());
      this.timer = setInterval(() => this.pump(opts), 10);
      this.pump(opts);
    });
  }

  stop(): void {
    clearTimeout(this.timer);
    clearInterval(this.timer);
    this.blastDone = undefined;
  }

  close(): void {
    this.stop();
    this.socket?.disconnect();
    if (this.ws.readyState === WebSocket.OPEN) this.ws.close();
  }

  cardCount(): number {
    return this.doc ? cardsOf(this.doc).size : 0;
  }

  state(): string {
    return Buffer.from(Y.encodeStateAsUpdate(this.doc!)).toString('base64');
  }

  private send(message: Uint8Array): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(message);
  }

  private markSynced(t0: number, resolve: () => void): void {
    if (this.synced) return;
    this.synced = true;
    this.syncMs = nowMs() - t0;
    resolve();
  }

  private onMessage(data: Buffer, onSynced: () => void): void {
    this.rec.bytesIn += data.byteLength;
    this.rec.messagesIn++;
    if (!this.synced) this.syncBytes += data.byteLength;
    const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    const m = this.wire.parse(bytes);
    switch (m.kind) {
      case 'step1':
        // The relay forwards other clients' handshakes; only a server's step 1 is answered.
        if (this.wire.serverSyncs) {
          this.send(
            this.wire.step2(
              this.doc ? Y.encodeStateAsUpdate(this.doc, m.stateVector) : EMPTY_UPDATE,
            ),
          );
        }
        return;
      case 'step2':
        this.apply(m.update);
        onSynced();
        return;
      case 'update':
        this.apply(m.update);
        return;
      case 'other':
        return;
    }
  }

  private apply(update: Uint8Array): void {
    if (!this.doc) return; // sinks read and drop, like a phone with the board off-screen
    Y.applyUpdate(this.doc, update, REMOTE);
    if (this.spec.role !== 'probe') return;
    const t = nowMs();
    for (const client of Y.parseUpdateMeta(update).to.keys()) {
      const clock = Y.getState(this.doc.store, client);
      if (clock > (this.lastSeen.get(client) ?? 0)) {
        this.lastSeen.set(client, clock);
        this.seen.push(client, clock, t);
      }
    }
  }

  private async openSocketIo(): Promise<void> {
    if (!this.spec.socketIo) return;
    const socket = io(this.spec.httpBase ?? this.job.httpBase, {
      auth: { token: this.spec.token, version: PROTOCOL_VERSION },
      // As the web client does: a node that does not hold the session forwards it to the one
      // that does ([N5]); one node ignores it.
      query: { session: this.spec.docName },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    this.socket = socket;
    socket.on('saved', (s: { clientId: number; clock: number }) => {
      if (!this.doc || s.clientId !== this.doc.clientID) return;
      this.rec.saved.push(s.clientId, s.clock, nowMs());
      this.onSaved(s.clock);
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', (err) => reject(err));
    });
  }

  private newCard(): void {
    // The clientID keeps ids unique when a member reconnects with a fresh doc (durability does).
    const id = `${this.spec.memberId}-${this.doc!.clientID}-c${this.cards.length}`;
    this.cards.push(id);
    this.record(() =>
      addCard(this.doc!, {
        id,
        kind: 'statement',
        text: '',
        authorId: this.spec.memberId,
        zone: 'ideas',
      }),
    );
  }

  private keystroke(): void {
    const doc = this.doc!;
    const id = this.cards[this.nextCard++ % this.cards.length]!;
    const text = cardsOf(doc).get(id)?.get('text');
    const current = text instanceof Y.Text ? text.toString() : '';
    const next =
      current.length >= MAX_TEXT ? '' : current + LETTERS[(current.length * 7) % LETTERS.length];
    this.record(() => setCardText(doc, id, next));
  }

  /** Times a local transaction and remembers the clock it reached (what receivers wait for). */
  private record(change: () => void): void {
    const doc = this.doc!;
    const t = nowMs();
    change();
    const clock = Y.getState(doc.store, doc.clientID);
    this.rec.tx.push(doc.clientID, clock, t);
    // Only Trellis says what is saved; elsewhere there is nothing to wait for.
    if (this.socket) this.unsaved.push(clock);
    this.sent++;
  }

  private onSaved(clock: number): void {
    let drop = 0;
    while (drop < this.unsaved.length && this.unsaved[drop]! <= clock) drop++;
    if (drop > 0) this.unsaved = this.unsaved.slice(drop);
    if (this.job.blast && this.blastDone) this.pump(this.job.blast);
  }

  private pump(opts: NonNullable<LoadJob['blast']>): void {
    // A bucket, not a running average: a writer that fell behind must not catch up in a burst
    // that trips the server's per-connection and per-session rate limits.
    const now = nowMs();
    this.tokens = Math.min(BURST, this.tokens + ((now - this.refilledAt) / 1000) * opts.maxHz);
    this.refilledAt = now;
    while (this.unsaved.length < opts.window && this.sent < opts.perWriter && this.tokens >= 1) {
      this.tokens--;
      if (this.cards.length < opts.cardsPerWriter) this.newCard();
      else this.keystroke();
    }
    if (this.sent >= opts.perWriter && this.unsaved.length === 0) {
      clearInterval(this.timer);
      const done = this.blastDone;
      this.blastDone = undefined;
      done?.();
    }
  }
}

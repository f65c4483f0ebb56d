import * as Y from 'yjs';
import {
  addCard,
  cardEntry,
  cardIdTaken,
  cardsOf,
  deleteCard,
  readCard,
  setCardText,
  type Ack,
  type Card,
  type ErrorCode,
} from '@trellis/shared';
import {
  cardIdOf,
  isAnonIntent,
  isDocIntent,
  putBody,
  type AnonIntent,
  type DocIntent,
  type Intent,
  type Mark,
  type OutboxStore,
  type PutIntent,
  type ServerIntent,
} from './intents';

/**
 * How far a card's latest change has got. `waiting`: held on this device because the board would
 * refuse it now (writing locked, the phase does not take its kind); it goes when that changes.
 */
export type CardStatus = 'sending' | 'saved' | 'waiting';

/** How long an answered anonymous write may wait for its board update before the board wins. */
export const SETTLE_MS = 5000;

/** Refusals that say "not now" rather than "no": the request stays and goes again later. */
const TRANSIENT: readonly ErrorCode[] = ['rate_limited', 'internal'];

export interface OutboxLinks {
  /** The board's document: a phone's own copy, kept in IndexedDB across reloads. */
  doc: Y.Doc;
  /** Named cards are written under this participant. */
  participantId: string;
  /** The server's durable clock for a Yjs clientID, as this phone last heard it ([S4]). */
  savedClock(client: number): number;
  /** Sends a request; `undefined` when no answer came, so nothing is known and it goes again. */
  request(intent: ServerIntent): Promise<Ack<unknown> | undefined>;
  /** Reopens the board connection: its greeting says again what the server holds. */
  refresh(): void;
  /** The server refused a request for good; it has left the outbox. */
  onRefused(intent: ServerIntent, code: ErrorCode): void;
  now?: () => number;
}

export interface OutboxConditions {
  /** The board is connected and synced on this connection: a document write goes out at once. */
  live: boolean;
  /** The control channel is up: a request goes out at once. */
  connected: boolean;
  /** Whether the board would take this now; what it would refuse waits on the device instead. */
  takes(intent: Intent): boolean;
}

export interface Settled {
  intent: AnonIntent;
  at: number;
}

export interface OutboxState {
  /** What is still to be done, at most one intent per card (the latest), oldest first. */
  intents: readonly Intent[];
  /** Anonymous writes the server took whose result the board does not show yet. */
  settled: readonly Settled[];
}

const OFFLINE: OutboxConditions = { live: false, connected: false, takes: () => false };

/**
 * The phone's one outbox: every change it makes to a card is stored first and leaves only when
 * the server has it, so nothing is lost to a dead Wi-Fi or a reload. Named cards are written into
 * the document, but only while the board is live and takes them: a change in the document goes
 * out the moment a connection opens, and one the board refuses (locked, the phase moved on)
 * closes it ([J1], [J2]). They count as saved once the server's durable clock for the clientID
 * that wrote them reaches the write ([S4]). Anonymous and private cards go through the control
 * channel and count as saved when the server answers.
 *
 * Plain TypeScript with its storage and links injected; `useOutbox` binds it to React.
 */
export class Outbox {
  private state: OutboxState;
  private conditions = OFFLINE;
  private readonly listeners = new Set<() => void>();
  private readonly inFlight = new Set<string>();
  private stopped = false;

  constructor(
    private readonly store: OutboxStore,
    private readonly links: OutboxLinks,
  ) {
    this.state = { intents: store.read(), settled: [] };
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getState = (): OutboxState => this.state;

  /** The board, the channel or the workshop changed: sends what can go now. */
  update(conditions: OutboxConditions): void {
    const reconnected = conditions.connected && !this.conditions.connected;
    this.conditions = conditions;
    // `saved` events sent while the control channel was down are lost; a greeting says it again.
    if (reconnected && this.state.intents.some((i) => i.op === 'card:put' && i.mark)) {
      this.links.refresh();
    }
    this.flush();
  }

  /** Sends whatever can go now; also called now and then, for answers that never came. */
  flush(): void {
    if (this.stopped) return;
    this.prune();
    this.writeDoc();
    void this.sendAll();
  }

  /**
   * Queues an intent (replacing any for the same card) and sends it if it can go now. Resolves
   * `false` only when the server refused it, so a composer can give its text back.
   */
  async send(intent: Intent): Promise<boolean> {
    this.commit({
      ...this.state,
      intents: [...this.state.intents.filter((i) => cardIdOf(i) !== cardIdOf(intent)), intent],
    });
    if (isDocIntent(intent)) {
      this.writeDoc();
      return true;
    }
    if (!this.canSend(intent)) return true;
    return (await this.attempt(intent)) !== false;
  }

  /**
   * A request goes only once the board is live too: what the board says (locked, the phase) is
   * the server's current word then, not a copy from before a Wi-Fi drop. A phone back in a room
   * locked meanwhile used to send at once, be refused, and lose its card.
   */
  private canSend(intent: ServerIntent): boolean {
    return this.conditions.connected && this.conditions.live && this.conditions.takes(intent);
  }

  /** Rewrites one of this phone's cards, through the channel it was written by. */
  edit(id: string, text: string): Promise<boolean> {
    const base = this.putOf(id);
    return base ? this.send({ ...base, card: { ...base.card, text } }) : Promise.resolve(false);
  }

  /** Deletes one of this phone's cards, through the channel it was written by. */
  remove(id: string): Promise<boolean> {
    const anonymous = this.putOf(id)?.op === 'anon:put';
    return this.send(anonymous ? { op: 'anon:delete', id } : { op: 'card:delete', id });
  }

  /** Where the card's latest change is; `undefined` when this phone has nothing pending for it. */
  statusOf(id: string): CardStatus | undefined {
    return statusOf(this.state, id, this.conditions);
  }

  destroy(): void {
    this.stopped = true;
    this.listeners.clear();
  }

  private card(id: string): Card | undefined {
    return readCard(id, cardsOf(this.links.doc).get(id));
  }

  private intentFor(id: string): Intent | undefined {
    return this.state.intents.find((i) => cardIdOf(i) === id);
  }

  /** The card as this phone will make it, as the put that writes it (named or anonymous). */
  private putOf(id: string): PutIntent | undefined {
    const queued = this.intentFor(id);
    if (queued?.op === 'card:put' || queued?.op === 'anon:put') {
      const { op, card, zone, createdAt } = queued;
      return { op, card, zone, createdAt };
    }
    const card = this.card(id);
    if (card) {
      return { op: card.authorId === undefined ? 'anon:put' : 'card:put', ...putBody(card) };
    }
    for (const { intent } of this.state.settled) {
      if (intent.op === 'anon:put' && intent.card.id === id) return intent;
    }
    return undefined;
  }

  /** Writes what the board takes into the document; drops what the server now holds. */
  private writeDoc(): void {
    if (!this.conditions.live || this.stopped) return;
    let changed = false;
    const intents: Intent[] = [];
    for (const intent of this.state.intents) {
      const left = isDocIntent(intent) ? this.write(intent) : intent;
      if (left !== intent) changed = true;
      if (left) intents.push(left);
    }
    if (changed) this.commit({ ...this.state, intents });
  }

  /** One document intent: what is left of it afterwards (`null`: done). */
  private write(intent: DocIntent): DocIntent | null {
    const { doc } = this.links;
    const id = cardIdOf(intent);
    if (intent.op === 'card:put' && intent.mark) {
      const { client, clock } = intent.mark;
      if (this.links.savedClock(client) >= clock) return null;
      // Still in this document (IndexedDB kept it over a reload): the sync sends it; wait.
      if (Y.getState(doc.store, client) >= clock) return intent;
      // Lost with the page's copy before the server got it: written again below.
      intent = {
        op: 'card:put',
        card: intent.card,
        zone: intent.zone,
        createdAt: intent.createdAt,
      };
    }
    const onBoard = cardsOf(doc).has(id);
    if (intent.op === 'card:delete') {
      if (!onBoard) return null;
      if (!this.conditions.takes(intent)) return intent;
      deleteCard(doc, id);
      return null;
    }
    // Deleted meanwhile (by the facilitator): its id is spent, there is nothing to write to.
    if (!onBoard && cardIdTaken(doc, id)) return null;
    if (!this.conditions.takes(intent)) return intent;
    const before = Y.getState(doc.store, doc.clientID);
    if (onBoard) setCardText(doc, id, intent.card.text);
    else {
      addCard(doc, {
        ...intent.card,
        authorId: this.links.participantId,
        zone: intent.zone,
        createdAt: intent.createdAt,
      });
    }
    const after = Y.getState(doc.store, doc.clientID);
    // Nothing new written (the text was there already): what counts is that the card is stored.
    const mark: Mark | undefined =
      after > before ? { client: doc.clientID, clock: after } : entryMark(doc, id);
    return mark ? { ...intent, mark } : null;
  }

  private async sendAll(): Promise<void> {
    for (const intent of this.state.intents) {
      if (this.stopped || !this.conditions.connected) return;
      if (!isDocIntent(intent) && this.canSend(intent)) await this.attempt(intent);
    }
  }

  /** `undefined`: no answer yet (it stays queued); otherwise whether the server took it. */
  private async attempt(intent: ServerIntent): Promise<boolean | undefined> {
    const id = cardIdOf(intent);
    if (this.inFlight.has(id) || this.intentFor(id) !== intent) return undefined;
    this.inFlight.add(id);
    const res = await this.links.request(intent);
    this.inFlight.delete(id);
    if (this.stopped || res === undefined) return undefined;
    if (!res.ok && TRANSIENT.includes(res.error.code)) return undefined;
    // Refused because writing closed in between (the board now says so): it waits, it is not lost.
    if (!res.ok && !this.conditions.takes(intent)) return undefined;
    // Rewritten while this attempt was out: the newer intent stays, and goes now.
    const newer = this.intentFor(id) !== intent;
    if (!newer)
      this.commit({ ...this.state, intents: this.state.intents.filter((i) => i !== intent) });
    else void this.sendAll();
    const ok = res.ok || this.alreadyDone(intent);
    if (ok && isAnonIntent(intent)) {
      const settled = this.state.settled.filter((s) => cardIdOf(s.intent) !== id);
      this.commit({ ...this.state, settled: [...settled, { intent, at: this.now() }] });
    }
    if (!res.ok && !ok) this.links.onRefused(intent, res.error.code);
    return ok;
  }

  /** A refusal that only says an earlier attempt did it already (its answer was lost). */
  private alreadyDone(intent: ServerIntent): boolean {
    switch (intent.op) {
      // Landed, and the facilitator revealed it since.
      case 'private:put':
        return this.card(intent.card.id) !== undefined;
      case 'anon:delete':
        return this.card(intent.id) === undefined;
      case 'anon:put':
      case 'private:delete':
        return false;
    }
  }

  /**
   * Answered writes leave once the board shows them, or, while the board is live, after a while
   * whatever it shows (the facilitator may have changed the card since). While the board is down
   * they stay: the server holds them, and the board brings them when it is back.
   */
  private prune(): void {
    const now = this.now();
    const settled = this.state.settled.filter(
      (s) =>
        (!this.conditions.live || now - s.at < SETTLE_MS) &&
        !reflected(s.intent, this.card(cardIdOf(s.intent))),
    );
    if (settled.length !== this.state.settled.length) this.commit({ ...this.state, settled });
  }

  private now(): number {
    return this.links.now?.() ?? Date.now();
  }

  private commit(next: OutboxState): void {
    if (next.intents !== this.state.intents) this.store.write(next.intents);
    this.state = next;
    this.listeners.forEach((listener) => listener());
  }
}

/**
 * Where a card's latest change is, given the conditions now (a screen passes those of its render:
 * the outbox hears of them only after it).
 */
export function statusOf(
  { intents, settled }: OutboxState,
  id: string,
  conditions: OutboxConditions,
): CardStatus | undefined {
  const intent = intents.find((i) => cardIdOf(i) === id);
  if (intent) {
    if (intent.op === 'card:put' && intent.mark) return 'sending';
    const up = isDocIntent(intent) ? conditions.live : conditions.connected && conditions.live;
    return up && !conditions.takes(intent) ? 'waiting' : 'sending';
  }
  return settled.some((s) => cardIdOf(s.intent) === id) ? 'saved' : undefined;
}

/** The clock that says the server holds a card's entry: one past the item that created it. */
function entryMark(doc: Y.Doc, id: string): Mark | undefined {
  const item = cardEntry(doc, id);
  return item && { client: item.id.client, clock: item.id.clock + 1 };
}

/** Whether the board already shows what the server did for this write. */
export function reflected(intent: AnonIntent, card: Card | undefined): boolean {
  if (intent.op === 'anon:delete') return card === undefined;
  return card !== undefined && card.text === intent.card.text;
}

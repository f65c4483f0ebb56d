import { useEffect, useState, useSyncExternalStore } from 'react';
import {
  MyVotes,
  MySignals,
  PrivateCardView,
  Reactions,
  Signals,
  type Ack,
  type ClientToServer,
  type PrivateCardInput,
  type VoteInput,
  type WorkshopState,
} from '@trellis/shared';
import { z } from 'zod/mini';
import type { BoardConnection } from './connectBoard';
import { request, type Control } from './request';

export interface Reaction {
  id: number;
  emoji: string;
}

export interface WorkshopLive {
  /** The control channel is up: requests sent now get an answer. */
  connected: boolean;
  signals: Signals | null;
  privateMine: PrivateCardView[];
  votes: MyVotes | null;
  /** This member's own toggles as the server holds them (null until it says). */
  mySignals: MySignals | null;
  /** Server time minus this device's time, so timers end together on every screen. */
  clockOffset: number;
  reactions: Reaction[];
}

const REACTION_MS = 4000;
const CLOCK_EVERY_MS = 60_000;

/** Before the server has said anything, and for a board that is not open yet. */
const EMPTY: WorkshopLive = {
  connected: false,
  signals: null,
  privateMine: [],
  votes: null,
  mySignals: null,
  clockOffset: 0,
  reactions: [],
};

/**
 * The Socket.IO side of a workshop: live counts, a participant's private cards and votes, the
 * server clock, reactions. Every payload is parsed; screens read `getState()`.
 */
export class WorkshopChannel {
  private state: WorkshopLive = EMPTY;
  private readonly listeners = new Set<() => void>();
  private nextReaction = 0;
  private readonly clockTimer: number;

  constructor(private readonly socket: Control) {
    socket.on('signals', (raw) => this.parse(Signals, raw, (signals) => this.set({ signals })));
    socket.on('private:mine', (raw) =>
      this.parse(z.array(PrivateCardView), raw, (privateMine) => this.set({ privateMine })),
    );
    socket.on('votes:mine', (raw) => this.parse(MyVotes, raw, (votes) => this.set({ votes })));
    socket.on('signals:mine', (raw) =>
      this.parse(MySignals, raw, (mySignals) => this.set({ mySignals })),
    );
    socket.on('reactions', (raw) =>
      this.parse(Reactions, raw, (batch) => {
        // A burst shows as a few floats, not hundreds: the projector stays readable.
        const floats = batch.flatMap(({ emoji, count }) =>
          Array.from({ length: Math.min(count, 5) }, () => ({ id: ++this.nextReaction, emoji })),
        );
        const ids = new Set(floats.map((f) => f.id));
        this.set({ reactions: [...this.state.reactions, ...floats].slice(-20) });
        window.setTimeout(
          () => this.set({ reactions: this.state.reactions.filter((r) => !ids.has(r.id)) }),
          REACTION_MS,
        );
      }),
    );
    socket.on('connect', () => {
      this.set({ connected: true });
      void this.syncClock();
    });
    socket.on('disconnect', () => this.set({ connected: false }));
    if (socket.connected) {
      this.state = { ...this.state, connected: true };
      void this.syncClock();
    }
    this.clockTimer = window.setInterval(() => void this.syncClock(), CLOCK_EVERY_MS);
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getState = (): WorkshopLive => this.state;

  /** Sends a request and resolves with the server's answer, or `NO_ANSWER` (never throws). */
  request<E extends keyof ClientToServer>(...call: Parameters<typeof this.socket.emitWithAck<E>>) {
    return request<E>(this.socket, ...call);
  }

  /** Writes a private card; the answer is this member's waiting cards, shown at once. */
  async putPrivate(input: PrivateCardInput): Promise<Ack<PrivateCardView[]>> {
    const res = await this.request('private:put', input);
    if (res.ok) this.set({ privateMine: res.data });
    return res;
  }

  async deletePrivate(id: string): Promise<Ack<PrivateCardView[]>> {
    const res = await this.request('private:delete', { id });
    if (res.ok) this.set({ privateMine: res.data });
    return res;
  }

  async vote(input: VoteInput): Promise<Ack<MyVotes>> {
    const res = await this.request('vote', input);
    if (res.ok) this.set({ votes: res.data });
    return res;
  }

  destroy(): void {
    window.clearInterval(this.clockTimer);
    this.listeners.clear();
  }

  private async syncClock(): Promise<void> {
    const sent = Date.now();
    const res = await this.request('clock');
    if (!res.ok) return;
    const received = Date.now();
    this.set({ clockOffset: res.data.now - (sent + received) / 2 });
  }

  private parse<T>(schema: z.ZodMiniType<T>, raw: unknown, use: (value: T) => void): void {
    const parsed = schema.safeParse(raw);
    if (parsed.success) use(parsed.data);
  }

  private set(patch: Partial<WorkshopLive>): void {
    this.state = { ...this.state, ...patch };
    this.listeners.forEach((l) => l());
  }
}

const noSubscribe = (): (() => void) => () => undefined;

/** The workshop channel of a board, for as long as the board lives. */
export function useWorkshopChannel(board: BoardConnection | null): {
  channel: WorkshopChannel | null;
  live: WorkshopLive;
} {
  const [channel, setChannel] = useState<WorkshopChannel | null>(null);
  useEffect(() => {
    if (!board) return;
    const c = new WorkshopChannel(board.control);
    setChannel(c);
    return () => {
      c.destroy();
      setChannel(null);
    };
  }, [board]);
  const live = useSyncExternalStore(
    channel?.subscribe ?? noSubscribe,
    channel?.getState ?? (() => EMPTY),
  );
  return { channel, live };
}

/** Milliseconds left on the timer, ticking every half second, in server time. */
export function useTimeLeft(workshop: WorkshopState | undefined, clockOffset: number): number {
  const [, setTick] = useState(0);
  const running = workshop?.timer.state === 'running';
  useEffect(() => {
    if (!running) return;
    const t = window.setInterval(() => setTick((n) => n + 1), 500);
    return () => window.clearInterval(t);
  }, [running]);
  if (!workshop) return 0;
  const { timer } = workshop;
  // The clock is read at render, not kept in state: a time stored while the timer was idle would
  // show a just-started timer seconds too long until the first tick.
  if (timer.state === 'running' && timer.endsAt !== null) {
    const left = Math.max(0, timer.endsAt - (Date.now() + clockOffset));
    // A clock offset a few ms off would show 03:01 for a fresh three-minute timer.
    return timer.totalMs > 0 ? Math.min(left, timer.totalMs) : left;
  }
  return timer.remainingMs;
}

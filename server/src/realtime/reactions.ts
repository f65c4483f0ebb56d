import type { Reactions } from '@trellis/shared';

type Emoji = Reactions[number]['emoji'];

/**
 * Reactions on their way out ([L4]): the taps of one session within a short window leave as one
 * `reactions` message with a count per emoji. Sent one by one, 50 sockets × 100 taps were
 * 5,000 messages to every screen in the room; coalesced, a screen gets at most one message per
 * window whatever the number of people tapping.
 */
export class ReactionCoalescer {
  private readonly pending = new Map<string, Map<Emoji, number>>();

  constructor(
    private readonly windowMs: number,
    private readonly send: (sessionId: string, reactions: Reactions) => void,
  ) {}

  add(sessionId: string, emoji: Emoji): void {
    let counts = this.pending.get(sessionId);
    if (!counts) {
      counts = new Map();
      this.pending.set(sessionId, counts);
      setTimeout(() => this.flush(sessionId), this.windowMs).unref();
    }
    counts.set(emoji, (counts.get(emoji) ?? 0) + 1);
  }

  private flush(sessionId: string): void {
    const counts = this.pending.get(sessionId);
    this.pending.delete(sessionId);
    if (!counts) return;
    this.send(
      sessionId,
      [...counts].map(([emoji, count]) => ({ emoji, count })),
    );
  }
}

import type { SignalInput } from '@trellis/shared';

type Kind = SignalInput['type'];

/**
 * Ready checks, raised hands and "I agree": ephemeral by design (a reload of the server clears
 * them, like a room full of people lowering their hands), so they live in memory only.
 */
export class SignalBoard {
  private readonly sessions = new Map<string, Record<Kind, Set<string>>>();

  set(sessionId: string, memberId: string, kind: Kind, on: boolean): void {
    const sets = this.of(sessionId);
    if (on) sets[kind].add(memberId);
    else sets[kind].delete(memberId);
  }

  /** A new phase starts with nobody ready and no hands up; agreements to ground rules stay. */
  resetPhase(sessionId: string): void {
    const sets = this.of(sessionId);
    sets.ready.clear();
    sets.hand.clear();
  }

  forget(sessionId: string, memberId: string): void {
    const sets = this.of(sessionId);
    for (const set of Object.values(sets)) set.delete(memberId);
  }

  snapshot(sessionId: string): Record<Kind, string[]> {
    const sets = this.of(sessionId);
    return { ready: [...sets.ready], hand: [...sets.hand], agree: [...sets.agree] };
  }

  private of(sessionId: string): Record<Kind, Set<string>> {
    let sets = this.sessions.get(sessionId);
    if (!sets) {
      sets = { ready: new Set(), hand: new Set(), agree: new Set() };
      this.sessions.set(sessionId, sets);
    }
    return sets;
  }
}

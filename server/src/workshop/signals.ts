import type { MySignals, SignalInput } from '@trellis/shared';

type Kind = SignalInput['type'];

/**
 * Ready checks, raised hands and "I agree": ephemeral by design (a reload of the server clears
 * them, like a room full of people lowering their hands), so they live in memory only.
 */
export class SignalBoard {
  private readonly sessions = new Map<string, Record<Kind, Set<string>>>();

  set(sessionId: string, memberId: string, kind: Kind, on: boolean): void {
    const sets = this.sets(sessionId);
    if (on) sets[kind].add(memberId);
    else sets[kind].delete(memberId);
  }

  /** A new phase starts with nobody ready and no hands up; agreements to ground rules stay. */
  /** Returns who had a toggle lowered, so their devices can be told. */
  resetPhase(sessionId: string): string[] {
    const sets = this.sets(sessionId);
    const lowered = new Set([...sets.ready, ...sets.hand]);
    sets.ready.clear();
    sets.hand.clear();
    return [...lowered];
  }

  forget(sessionId: string, memberId: string): void {
    const sets = this.sets(sessionId);
    for (const set of Object.values(sets)) set.delete(memberId);
  }

  /** One member's toggles, for its (re)connecting devices. */
  of(sessionId: string, memberId: string): MySignals {
    const sets = this.sets(sessionId);
    return {
      ready: sets.ready.has(memberId),
      hand: sets.hand.has(memberId),
      agree: sets.agree.has(memberId),
    };
  }

  snapshot(sessionId: string): Record<Kind, string[]> {
    const sets = this.sets(sessionId);
    return { ready: [...sets.ready], hand: [...sets.hand], agree: [...sets.agree] };
  }

  private sets(sessionId: string): Record<Kind, Set<string>> {
    let sets = this.sessions.get(sessionId);
    if (!sets) {
      sets = { ready: new Set(), hand: new Set(), agree: new Set() };
      this.sessions.set(sessionId, sets);
    }
    return sets;
  }
}

import type { Role } from '@trellis/shared';

/**
 * The open connections of each member, oldest first, capped ([L5]). When a new one goes beyond
 * the cap the oldest is evicted: usually a dead connection a phone left behind when it switched
 * networks, which would otherwise linger until its ping timeout. Newest-wins also means a token
 * cannot hold more than the cap at once, however many it opens.
 */
export class MemberConnections<C> {
  private readonly byMember = new Map<string, Set<C>>();

  constructor(
    private readonly cap: Readonly<Record<Role, number>>,
    private readonly evict: (connection: C) => void,
  ) {}

  /** Registers a connection; returns the function that forgets it (call it on close). */
  add(member: { readonly id: string; readonly role: Role }, connection: C): () => void {
    let open = this.byMember.get(member.id);
    if (!open) {
      open = new Set();
      this.byMember.set(member.id, open);
    }
    const mine = open;
    mine.add(connection);
    const max = Math.max(1, this.cap[member.role]);
    for (const oldest of mine) {
      if (mine.size <= max) break;
      // Forgotten before evicting: an eviction's close handler calls back into `forget`.
      mine.delete(oldest);
      this.evict(oldest);
    }
    return () => {
      mine.delete(connection);
      if (mine.size === 0 && this.byMember.get(member.id) === mine) this.byMember.delete(member.id);
    };
  }

  /** How many connections a member holds (for tests and metrics). */
  count(memberId: string): number {
    return this.byMember.get(memberId)?.size ?? 0;
  }
}

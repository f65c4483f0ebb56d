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

  /** Registers a connection; `remove` it when it closes. */
  add(member: { readonly id: string; readonly role: Role }, connection: C): void {
    let open = this.byMember.get(member.id);
    if (!open) {
      open = new Set();
      this.byMember.set(member.id, open);
    }
    open.add(connection);
    const max = Math.max(1, this.cap[member.role]);
    for (const oldest of open) {
      if (open.size <= max) break;
      // Forgotten before evicting: an eviction's close handler calls back into `remove`.
      open.delete(oldest);
      this.evict(oldest);
    }
  }

  remove(memberId: string, connection: C): void {
    const open = this.byMember.get(memberId);
    if (!open?.delete(connection)) return;
    if (open.size === 0) this.byMember.delete(memberId);
  }

  /** How many connections a member holds (for tests and metrics). */
  count(memberId: string): number {
    return this.byMember.get(memberId)?.size ?? 0;
  }
}

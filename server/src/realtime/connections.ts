import type { Role } from '@trellis/shared';

/**
 * The open connections of each member, oldest first, capped ([L5]). When a new one goes beyond
 * the cap the oldest is evicted: usually a dead connection a phone left behind when it switched
 * networks, which would otherwise linger until its ping timeout. Newest-wins also means a token
 * cannot hold more than the cap at once, however many it opens.
 *
 * A member almost always holds one connection per endpoint, kept as itself; a list only when there
 * are more. A Set per member was ~150 bytes per connection of the server's memory per participant.
 */
export class MemberConnections<C extends object> {
  private readonly byMember = new Map<string, C | C[]>();

  constructor(
    private readonly cap: Readonly<Record<Role, number>>,
    private readonly evict: (connection: C) => void,
  ) {}

  /** Registers a connection; `remove` it when it closes. */
  add(member: { readonly id: string; readonly role: Role }, connection: C): void {
    const held = this.byMember.get(member.id);
    if (held === undefined) {
      this.byMember.set(member.id, connection);
      return;
    }
    const open = Array.isArray(held) ? held : [held];
    if (open.includes(connection)) return;
    open.push(connection);
    this.byMember.set(member.id, open);
    const max = Math.max(1, this.cap[member.role]);
    while (open.length > max) {
      // Forgotten before evicting: an eviction's close handler calls back into `remove`.
      const oldest = open.shift()!;
      if (open.length === 1) this.byMember.set(member.id, open[0]!);
      this.evict(oldest);
    }
  }

  remove(memberId: string, connection: C): void {
    const held = this.byMember.get(memberId);
    if (held === connection) {
      this.byMember.delete(memberId);
      return;
    }
    if (!Array.isArray(held)) return;
    const i = held.indexOf(connection);
    if (i < 0) return;
    held.splice(i, 1);
    if (held.length === 1) this.byMember.set(memberId, held[0]!);
  }

  /** A member's open connections, oldest first (a copy: closing them calls back into `remove`). */
  of(memberId: string): readonly C[] {
    const held = this.byMember.get(memberId);
    return held === undefined ? [] : Array.isArray(held) ? [...held] : [held];
  }

  /** How many connections a member holds (for tests and metrics). */
  count(memberId: string): number {
    const held = this.byMember.get(memberId);
    return held === undefined ? 0 : Array.isArray(held) ? held.length : 1;
  }
}

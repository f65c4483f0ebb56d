import type * as Y from 'yjs';
import type { WorkshopState } from '@trellis/shared';
import type { Peer } from '../peer';
import type { DecodedUpdate } from './decoded';
import type { Locator } from './locate';

/**
 * What a guard sees: the decoded update, who sent it, and the room's state before it.
 * Guards are pure checks; the room applies, logs and relays only when every guard passes.
 */
export interface GuardContext {
  doc: Y.Doc;
  peer: Peer;
  update: DecodedUpdate;
  locator: Locator;
  /** clientID → memberId, as bound so far in this session. */
  bindings: ReadonlyMap<number, string>;
  /** cardId → memberId for cards the server wrote on a member's behalf (revealed cards). */
  owners: ReadonlyMap<string, string>;
  workshop: WorkshopState;
}

/** `reject`: close the sender (4403, rule in the reason). `drop`: ignore the update quietly. */
export type Verdict =
  { kind: 'reject'; rule: string; reason: string } | { kind: 'drop'; reason: string } | undefined;

export type Guard = (ctx: GuardContext) => Verdict;

export const reject = (rule: string, reason: string): Verdict => ({ kind: 'reject', rule, reason });

import type * as Y from 'yjs';
import type { WorkshopState } from '@trellis/shared';
import type { Ownership } from '../ownership';
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
  /** Who bound which clientID, and who owns the cards the server wrote. */
  ownership: Ownership;
  workshop: WorkshopState;
  /** Bytes the sender's member has added to this session's log, and may ([G12]). */
  budget: { spent: number; limit: number };
}

/**
 * `reject`: close the sender (4403 unless `code` says otherwise, rule in the reason).
 * `drop`: ignore the update quietly.
 */
export type Verdict =
  | { kind: 'reject'; rule: string; reason: string; code?: number }
  | { kind: 'drop'; reason: string }
  | undefined;

export type Guard = (ctx: GuardContext) => Verdict;

export const reject = (rule: string, reason: string, code?: number): Verdict => ({
  kind: 'reject',
  rule,
  reason,
  ...(code !== undefined && { code }),
});

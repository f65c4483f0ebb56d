import { createHash } from 'node:crypto';
import type pg from 'pg';
import {
  RateLimiterMemory,
  RateLimiterPostgres,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import type { Role } from '@trellis/shared';

/**
 * Every budget in one place. Numbers are sized for the real room: 300 phones typing at once stay
 * well inside them; a script flooding from one phone or guessing join codes does not.
 *
 * Budgets are per member, not per connection or socket ([L1], [L3]): a token may open several
 * connections, and a budget per connection would multiply with them.
 */
export interface LimitsConfig {
  /** Board messages per member per 5 s, all its connections together (typing ≈ 10/s plus
   * cursor and drag awareness ≤ 30/s). */
  messagesPerMember: number;
  /** Board messages per session per 5 s, all connections together. */
  messagesPerSession: number;
  /**
   * Board messages one connection may have handled in one event-loop turn. The budgets above are
   * checked alongside (asynchronously), and `ws` hands over every frame of a TCP read at once:
   * without this, thousands of tiny frames of one read were applied before a refusal landed.
   * An honest provider sends a handful per turn, more only after the server stalled.
   */
  messagesPerTick: number;
  /**
   * Sync step 1 and awareness queries per connection per minute: each makes the server build a
   * reply as large as the board. The web client resyncs every 20 s (4 a minute with the first).
   */
  syncRequestsPerConnection: number;
  /**
   * Bytes the server may hold unsent for one board connection, the sync reply included (4503).
   * It is also the largest board a phone can sync. 8 MiB, down from 16: a real board is tens of
   * KB (60 phones × 10 cards × 150 characters ≈ 100 KB; 8 MiB would be 300 phones at their
   * 50-card cap, every card full), and what connections that stop reading can pin is halved.
   */
  sendBufferBytes: number;
  /** Join attempts per IP per minute: a venue NAT puts 300 phones behind one address, and
   * guessing is stopped by the failed-join budget, not this one. */
  joinsPerIp: number;
  /** Failed joins (unknown or ended codes) per IP per 10 minutes: stops code guessing. */
  failedJoinsPerIp: number;
  /** Socket.IO events per member per 10 s, all its sockets together. */
  eventsPerMember: number;
  /**
   * Open board connections, and separately Socket.IO sockets, per member ([L5]); a new one
   * beyond this closes the member's oldest. A phone needs one of each (two with a reload whose
   * old socket has not timed out yet); the facilitator token is shared by co-facilitators and
   * the projector token by every screen in the room, hence more.
   */
  connectionsPerMember: Record<Role, number>;
  /** Reactions of one session are sent out once per window, counted per emoji ([L4]). */
  reactionWindowMs: number;
}

export const defaultLimits: LimitsConfig = {
  messagesPerMember: 600,
  messagesPerSession: 20_000,
  messagesPerTick: 100,
  syncRequestsPerConnection: 6,
  sendBufferBytes: 8 * 1024 * 1024,
  joinsPerIp: 600,
  failedJoinsPerIp: 30,
  eventsPerMember: 100,
  connectionsPerMember: { participant: 4, facilitator: 8, projector: 8 },
  reactionWindowMs: 100,
};

export interface Limiters {
  /** The numbers themselves, for the caps that are not rate limiters. */
  readonly limits: LimitsConfig;
  /** Board messages, keyed by member id. */
  boardMember: RateLimiterAbstract;
  /** Board messages, keyed by session id. */
  boardSession: RateLimiterAbstract;
  joins: RateLimiterAbstract;
  failedJoins: RateLimiterAbstract;
  /** Socket.IO events, keyed by member id. */
  events: RateLimiterAbstract;
}

/**
 * Keys (member and session ids, addresses) go to the database as hashes: an erased member's or
 * purged session's id must not stay behind in a count ([Y7], [Y6]), nor a phone's address.
 */
class HashedKeysPostgres extends RateLimiterPostgres {
  override getKey(key: string | number): string {
    return super.getKey(createHash('sha256').update(String(key)).digest('base64url'));
  }
}

/**
 * A budget of `points` per `duration` seconds. With a PostgreSQL pool the count lives in its
 * rate_limits table, so every node draws on the same budget; a key over budget is then
 * refused in memory until its window ends (a flood costs no queries), and if the database does
 * not answer, a budget in this process' memory decides instead of failing the request.
 */
function budget(
  shared: pg.Pool | undefined,
  name: string,
  points: number,
  duration: number,
): RateLimiterAbstract {
  const memory = new RateLimiterMemory({ points, duration, keyPrefix: name });
  if (!shared) return memory;
  return new HashedKeysPostgres({
    storeClient: shared,
    storeType: 'pool',
    tableName: 'rate_limits',
    // Created by the schema migrations (server/src/storage/postgres/migrations).
    tableCreated: true,
    // One limiter's timer clears expired rows of the whole table.
    clearExpiredByTimeout: name === 'joins',
    keyPrefix: name,
    points,
    duration,
    inMemoryBlockOnConsumed: points + 1,
    insuranceLimiter: memory,
  });
}

/**
 * The budgets. With `shared` (PostgreSQL), those a node cannot count alone live in the database:
 * joins per address ([L2]: any node takes any join) and Socket.IO events per member ([L3]).
 * Board messages ([L1]) stay in memory, counted by the node that holds the session's room, which
 * all its board connections reach: a database round trip per message cost more than the log's
 * commit (receipt → durable p99 70 ms instead of 15 ms at 125 updates/s, bench durability).
 */
export function createLimiters(l: LimitsConfig, shared?: pg.Pool): Limiters {
  return {
    limits: l,
    boardMember: budget(undefined, 'board-member', l.messagesPerMember, 5),
    boardSession: budget(undefined, 'board-session', l.messagesPerSession, 5),
    joins: budget(shared, 'joins', l.joinsPerIp, 60),
    failedJoins: budget(shared, 'failed-joins', l.failedJoinsPerIp, 600),
    events: budget(shared, 'events', l.eventsPerMember, 10),
  };
}

/** Seconds until a refused caller may try again, for Retry-After. */
export function retryAfter(err: unknown): number | undefined {
  return err instanceof RateLimiterRes ? Math.ceil(err.msBeforeNext / 1000) : undefined;
}

/** True when the limiter refused (as opposed to failing for another reason). */
export const isLimited = (err: unknown): err is RateLimiterRes => err instanceof RateLimiterRes;

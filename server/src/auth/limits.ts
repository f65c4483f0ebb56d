import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

/**
 * Every budget in one place. Numbers are sized for the real room: 300 phones typing at once stay
 * well inside them; a script flooding from one phone or guessing join codes does not.
 */
export interface LimitsConfig {
  /** Board messages per connection per 5 s (typing ≈ 10/s plus cursor awareness ≤ 30/s). */
  messagesPerConnection: number;
  /** Board messages per session per 5 s, all connections together. */
  messagesPerSession: number;
  /** Join attempts per IP per minute: a venue NAT puts 60 phones behind one address. */
  joinsPerIp: number;
  /** Failed joins (unknown or ended codes) per IP per 10 minutes: stops code guessing. */
  failedJoinsPerIp: number;
  /** Socket.IO events per socket per 10 s. */
  eventsPerSocket: number;
}

export const defaultLimits: LimitsConfig = {
  messagesPerConnection: 600,
  messagesPerSession: 20_000,
  joinsPerIp: 120,
  failedJoinsPerIp: 30,
  eventsPerSocket: 100,
};

export interface Limiters {
  connection: RateLimiterMemory;
  session: RateLimiterMemory;
  joins: RateLimiterMemory;
  failedJoins: RateLimiterMemory;
  events: RateLimiterMemory;
}

export function createLimiters(l: LimitsConfig): Limiters {
  return {
    connection: new RateLimiterMemory({ points: l.messagesPerConnection, duration: 5 }),
    session: new RateLimiterMemory({ points: l.messagesPerSession, duration: 5 }),
    joins: new RateLimiterMemory({ points: l.joinsPerIp, duration: 60 }),
    failedJoins: new RateLimiterMemory({ points: l.failedJoinsPerIp, duration: 600 }),
    events: new RateLimiterMemory({ points: l.eventsPerSocket, duration: 10 }),
  };
}

/** Seconds until a refused caller may try again, for Retry-After. */
export function retryAfter(err: unknown): number | undefined {
  return err instanceof RateLimiterRes ? Math.ceil(err.msBeforeNext / 1000) : undefined;
}

/** True when the limiter refused (as opposed to failing for another reason). */
export const isLimited = (err: unknown): err is RateLimiterRes => err instanceof RateLimiterRes;

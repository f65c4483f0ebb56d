import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { z } from 'zod';
import { Limits } from '@trellis/shared';

/**
 * The only place that reads `process.env`. Everything else receives a typed `Config`, so tests
 * construct one directly and nothing depends on the process it runs in.
 */
const Env = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default('./data'),
  /** postgres://role:password@host:port/database: keep everything there instead of DATA_DIR. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must be a postgres:// or postgresql:// URL')
    .optional(),
  ORGANISER_KEY: z.string().min(12, 'ORGANISER_KEY must be at least 12 characters').optional(),
  PUBLIC_URL: z.url().optional(),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  MAX_MESSAGE_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(1024 * 1024),
  ROOM_GRACE_MS: z.coerce.number().int().min(0).default(30_000),
  CHECKPOINT_EVERY: z.coerce.number().int().min(10).default(1000),
  /** Bytes one participant's accepted changes may add to a session's log ([G12]). */
  PARTICIPANT_LOG_BYTES: z.coerce
    .number()
    .int()
    .min(64 * 1024)
    .default(Limits.logBytesPerParticipant),
  CLIENT_DIR: z.string().optional(),
  /** Days a session is kept after it ends (or last changed) before it is purged. */
  RETENTION_DAYS: z.coerce.number().int().min(1).max(36500).default(180),
  /** Extra browser origins allowed to open realtime connections (comma-separated). */
  ALLOWED_ORIGINS: z.string().default(''),
  /** SQLite `synchronous`: NORMAL survives a killed process; FULL also survives power loss. */
  SQLITE_SYNC: z.enum(['NORMAL', 'FULL']).default('NORMAL'),
  /** PostgreSQL: how long a node's hold on a session lasts unrenewed ([N1]). */
  LEASE_MS: z.coerce.number().int().min(300).default(10_000),
  /** PostgreSQL: this node's id in session_heads; unique per start unless set. */
  NODE_ID: z.string().min(1).max(200).optional(),
  /** PostgreSQL: where the other nodes reach this one (default http://HOST:PORT). */
  NODE_URL: z.url().optional(),
});

export type LogLevel = z.infer<typeof Env>['LOG_LEVEL'];

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** PostgreSQL to keep sessions, rate limits and the organiser key in; undefined = SQLite. */
  databaseUrl: string | undefined;
  organiserKey: string | undefined;
  publicUrl: string | undefined;
  production: boolean;
  logLevel: LogLevel;
  maxMessageBytes: number;
  roomGraceMs: number;
  checkpointEvery: number;
  /** Bytes one participant may add to a session's log ([G12]). */
  participantLogBytes: number;
  /** Built client to serve, or undefined to serve the API only. */
  clientDir: string | undefined;
  sqliteSync: 'NORMAL' | 'FULL';
  /** Browser origins besides the server's own that may open realtime connections. */
  allowedOrigins: string[];
  retentionDays: number;
  /** Lease on a session a node holds (PostgreSQL), renewed every third of it. */
  leaseMs: number;
  nodeId: string;
  nodeUrl: string | undefined;
}

/** A node id unique to this start: a restarted node holds none of its former leases. */
const newNodeId = (): string => `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

const here = path.dirname(fileURLToPath(import.meta.url));
const defaultClientDir = path.resolve(here, '../../client/dist');

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  // npm runs workspace scripts inside the workspace folder; ./data means the folder the user
  // typed `npm start` in, which npm passes as INIT_CWD.
  const base = env.INIT_CWD ?? process.cwd();
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(base, e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    organiserKey: e.ORGANISER_KEY,
    publicUrl: e.PUBLIC_URL,
    production: e.NODE_ENV === 'production',
    logLevel: e.LOG_LEVEL,
    maxMessageBytes: e.MAX_MESSAGE_BYTES,
    roomGraceMs: e.ROOM_GRACE_MS,
    checkpointEvery: e.CHECKPOINT_EVERY,
    participantLogBytes: e.PARTICIPANT_LOG_BYTES,
    clientDir: e.CLIENT_DIR ? path.resolve(base, e.CLIENT_DIR) : defaultClientDir,
    sqliteSync: e.SQLITE_SYNC,
    retentionDays: e.RETENTION_DAYS,
    leaseMs: e.LEASE_MS,
    nodeId: e.NODE_ID ?? newNodeId(),
    nodeUrl: e.NODE_URL,
    allowedOrigins: [
      ...e.ALLOWED_ORIGINS.split(',')
        .map((o) => o.trim())
        .filter(Boolean),
      // No dev origins: Vite's dev proxy keeps the Host header, so its pages are same-origin.
      ...(e.PUBLIC_URL ? [new URL(e.PUBLIC_URL).origin] : []),
    ],
  };
}

/** Defaults for tests and embedding: everything explicit, nothing from the environment. */
export function testConfig(overrides: Partial<Config> & { dataDir: string }): Config {
  return {
    port: 0,
    host: '127.0.0.1',
    databaseUrl: undefined,
    organiserKey: 'test-organiser-key',
    publicUrl: undefined,
    production: false,
    logLevel: 'silent',
    maxMessageBytes: 1024 * 1024,
    roomGraceMs: 50,
    checkpointEvery: 1000,
    participantLogBytes: Limits.logBytesPerParticipant,
    clientDir: undefined,
    sqliteSync: 'NORMAL',
    allowedOrigins: [],
    retentionDays: 180,
    leaseMs: 10_000,
    nodeId: newNodeId(),
    nodeUrl: undefined,
    ...overrides,
  };
}

import http from 'node:http';
import express from 'express';
import type pg from 'pg';
import helmet from 'helmet';
import type { Config } from './config';
import { dropSessionSockets, fleetFor, forwardToOwners, nodeUrl, type Fleet } from './fleet/index';
import { createLimiters, defaultLimits, type LimitsConfig } from './auth/limits';
import { announceOrganiserKey, resolveOrganiserKeyHash } from './auth/organiserKey';
import { originGuard } from './auth/origin';
import { apiRouter } from './http/api';
import { errorHandler } from './http/errors';
import { serveClient } from './http/static';
import { createLogger, type Logger } from './log';
import { createIo, type TrellisIo } from './realtime/io';
import { socketBroadcaster } from './realtime/socketBroadcaster';
import { attachSessionControl } from './realtime/socketio';
import { attachYjs } from './realtime/yjs';
import { Workshop } from './workshop/service';
import { Commitments } from './workshop/commitments';
import { Retention } from './history/retention';
import { Snapshots } from './history/snapshots';
import type { RoomHooks } from './rooms/room';
import { Rooms } from './rooms/rooms';
import { Sessions } from './sessions';
import { openSqliteStorage } from './storage/sqlite';
import type { Storage } from './storage/types';

export interface AppDeps {
  config: Config;
  storage?: Storage;
  log?: Logger;
  /** Extra room hooks (tests observe rejections through this seam). */
  roomHooks?: Partial<RoomHooks>;
  /** Rate-limit budgets; defaults in auth/limits.ts. */
  limits?: Partial<LimitsConfig>;
  /** The organiser key's hash when it is kept outside DATA_DIR (PostgreSQL: openPostgresDeps). */
  organiserKeyHash?: string;
  /** Where rate-limit counts every node shares live (PostgreSQL); else this process' memory. */
  sharedLimits?: pg.Pool;
  /** Who holds which session; default: leases on PostgreSQL, this process alone on SQLite. */
  fleet?: Fleet;
}

export interface TrellisApp {
  server: http.Server;
  io: TrellisIo;
  rooms: Rooms;
  sessions: Sessions;
  workshop: Workshop;
  retention: Retention;
  storage: Storage;
  fleet: Fleet;
  log: Logger;
  /** Stops accepting, flushes and checkpoints every room, closes storage. */
  close(): Promise<void>;
}

/** Builds the whole server without listening, so tests can run it on port 0 in-process. */
export function createApp(deps: AppDeps): TrellisApp {
  const { config } = deps;
  const log = deps.log ?? createLogger(config.logLevel);
  const storage = deps.storage ?? openSqliteStorage(config.dataDir, config.sqliteSync);
  const organiserKeyHash =
    deps.organiserKeyHash ??
    resolveOrganiserKeyHash(config.dataDir, config.organiserKey, announceOrganiserKey);
  const sessions = new Sessions(storage);
  const snapshots = new Snapshots(storage, log);
  const limiters = createLimiters({ ...defaultLimits, ...deps.limits }, deps.sharedLimits);
  const originAllowed = originGuard(config.allowedOrigins);

  // Built in the order they need each other: the HTTP server and Socket.IO first, so the
  // broadcaster exists when the rooms and the workshop service are constructed with it.
  const app = express();
  const server = http.createServer(app);
  const io = createIo(server, originAllowed);
  const broadcast = socketBroadcaster(io);
  const fleet = deps.fleet ?? fleetFor(storage, config, log);
  server.on('listening', () => fleet.advertise(nodeUrl(config, server.address())));
  fleet.onLost((sessionId, why) => dropSessionSockets(io, sessionId, why));
  // [N5] Several nodes: a session's connections and requests go to the node that holds it.
  const forwarding = fleet.shared ? forwardToOwners(fleet, log) : undefined;
  const rooms = new Rooms(
    storage,
    [
      deps.roomHooks ?? {},
      {
        onPresence: (room) => broadcast.presence(room.sessionId, room.presence()),
        onPersisted(room, saved) {
          snapshots.maybeAuto(room, Date.now());
          for (const { memberId, clientId, clock } of saved) {
            broadcast.saved(memberId, { clientId, clock });
          }
        },
      },
    ],
    {
      graceMs: config.roomGraceMs,
      checkpointEvery: config.checkpointEvery,
      participantLogBytes: config.participantLogBytes,
      fleet,
    },
    log,
  );
  const commitments = new Commitments(storage, rooms);
  const retention = new Retention(storage, rooms, config.retentionDays, log);
  const workshop = new Workshop(storage, rooms, sessions, snapshots, broadcast, log);

  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          // 'self' covers same-origin ws:/wss: in CSP Level 3 browsers.
          connectSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          styleSrc: ["'self'", "'unsafe-inline'"],
          upgradeInsecureRequests: null,
        },
      },
      // Venue LANs run over plain http://192.168.x.y:3000; HSTS would lock phones out.
      strictTransportSecurity:
        config.production && config.publicUrl?.startsWith('https:') ? undefined : false,
    }),
  );
  app.use(
    '/api',
    apiRouter({ sessions, organiserKeyHash, limiters, storage, retention, commitments }),
  );
  if (config.clientDir && serveClient(app, config.clientDir)) {
    log.debug('serving built client', { dir: config.clientDir });
  }
  if (forwarding) app.use(forwarding.retryAtOwner);
  app.use(errorHandler(log));

  attachSessionControl(io, { sessions, rooms, log, limiters, broadcast, workshop, commitments });
  const yjs = attachYjs(server, {
    sessions,
    rooms,
    log,
    limiters,
    originAllowed,
    maxMessageBytes: config.maxMessageBytes,
  });
  // Last, so it stands in front of every listener above.
  forwarding?.install(server);

  const purge = (): void =>
    void retention
      .purgeExpired()
      .catch((err: unknown) => log.error('purge failed', { err: String(err) }));
  const purgeTimer = setInterval(purge, 60 * 60_000);
  purgeTimer.unref();
  setImmediate(purge);

  return {
    server,
    io,
    rooms,
    sessions,
    workshop,
    retention,
    storage,
    fleet,
    log,
    async close() {
      clearInterval(purgeTimer);
      yjs.close();
      forwarding?.close();
      await rooms.closeAll();
      // [N3] Every room released as it unloaded; this stops renewing and frees any left.
      await fleet
        .close()
        .catch((err: unknown) => log.warn('lease release failed', { err: String(err) }));
      await new Promise<void>((resolve) => void io.close(() => resolve()));
      server.closeAllConnections();
      await storage.close();
    },
  };
}

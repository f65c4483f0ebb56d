import os from 'node:os';
import type { AddressInfo } from 'node:net';
import type { Config } from '../config';
import type { Logger } from '../log';
import type { TrellisIo } from '../realtime/io';
import { sessionChannel } from '../realtime/channels';
import type { PostgresStorage } from '../storage/postgres/index';
import type { Storage } from '../storage/types';
import { LeaseFleet } from './leases';
import { singleNode } from './single';
import type { Fleet, Lost } from './types';

export type { Fleet } from './types';
export { forwardToOwners } from './forward';

const isShared = (storage: Storage): storage is PostgresStorage => 'appendFenced' in storage;

/** Leases when the storage is shared by several nodes (PostgreSQL), else one owner of all. */
export function fleetFor(storage: Storage, config: Config, log: Logger): Fleet {
  if (!isShared(storage)) return singleNode(storage);
  return new LeaseFleet(storage, { nodeId: config.nodeId, leaseMs: config.leaseMs }, log);
}

/** NODE_URL, else http://HOST:PORT as bound (the machine's name when bound to every address). */
export function nodeUrl(config: Config, address: AddressInfo | string | null): string {
  if (config.nodeUrl) return config.nodeUrl;
  const port = typeof address === 'object' && address ? address.port : config.port;
  const host = ['0.0.0.0', '::'].includes(config.host) ? os.hostname() : config.host;
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/**
 * Drops the Socket.IO connections of a session this node lost, below Socket.IO (no disconnect
 * packet), so socket.io-client sees a transport close and reconnects on its own ([N2]). When the
 * node never held it (`elsewhere`), only the sockets that name their session in the handshake
 * query go: those come back forwarded to the holder, the others would only come back here.
 */
export function dropSessionSockets(io: TrellisIo, sessionId: string, why: Lost): void {
  const ids = io.sockets.adapter.rooms.get(sessionChannel(sessionId)) ?? [];
  for (const id of ids) {
    const socket = io.sockets.sockets.get(id);
    if (why === 'elsewhere' && socket?.handshake.query.session !== sessionId) continue;
    socket?.conn.close();
  }
}

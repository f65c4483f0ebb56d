import fs from 'node:fs';
import type { Scale } from '../config';
import type { ConnSpec, LoadJob } from '../load/job';
import { runFleet } from '../load/fleet';
import { joinTrellis, prepareRoom } from '../members';
import { startServer, type RunningServer, type ServerKind } from '../servers';
import { median } from '../util/stats';
import type { History } from './durability';
import { jobFor } from './fanout';

export interface JoinStats {
  /** ms from opening the socket to the whole board applied */
  ms: number;
  /** KB received until synced */
  kb: number;
  cards: number;
}

function spec(
  server: RunningServer,
  room: string,
  token: string,
  role: ConnSpec['role'],
): ConnSpec {
  return { url: server.wsUrl(room, token), docName: room, token, memberId: 'joiner', role };
}

/** Runs the jobs; the last one holds the joiners. */
async function joins(jobs: LoadJob[]): Promise<JoinStats & { state?: string }> {
  const run = await runFleet(jobs, { durationMs: 0 });
  const joined = run.results.at(-1)!;
  return {
    ms: median(joined.syncMs),
    kb: median(joined.syncBytes) / 1024,
    cards: Math.min(...joined.cards),
    ...(joined.state !== undefined && { state: joined.state }),
  };
}

/**
 * Trellis on the history durability wrote, after a restart. Cold: each joiner is alone, so the
 * room loads from SQLite (latest checkpoint + tail) for it. Warm: someone else holds the room.
 * The warm joiner also hands back the board, so the peers get exactly the same one.
 */
export async function coldJoinTrellis(history: History, scale: Scale['coldJoin']) {
  const server = await startServer('trellis', {
    dataDir: history.dataDir,
    env: { ROOM_GRACE_MS: '0' },
  });
  try {
    const { token } = await joinTrellis(server.httpBase, history.joinCode, 'late phone');
    const joiners = Array.from({ length: scale.joins }, () =>
      spec(server, history.sessionId, token, 'joiner'),
    );
    const cold = await joins([
      jobFor(server, joiners, { connectConcurrency: 1, connectPauseMs: 700 }),
    ]);
    const warm = await joins([
      jobFor(server, [spec(server, history.sessionId, token, 'sink')]),
      jobFor(server, joiners, { connectConcurrency: 1, connectPauseMs: 700, keepState: true }),
    ]);
    const { state, ...warmStats } = warm;
    return { cold, warm: warmStats, state: state! };
  } finally {
    await server.stop();
    fs.rmSync(history.dataDir, { recursive: true, force: true });
  }
}

/** A peer holding the same board in memory (a seeder pushed it), joined like Trellis warm. */
export async function warmJoinPeer(
  kind: ServerKind,
  state: string,
  scale: Scale['coldJoin'],
): Promise<JoinStats> {
  const server = await startServer(kind);
  try {
    const { room } = await prepareRoom(server, 0, 'cold');
    const joiners = Array.from({ length: scale.joins }, () => spec(server, room, '', 'joiner'));
    return await joins([
      jobFor(server, [spec(server, room, '', 'seeder')], { seedState: state }),
      jobFor(server, joiners, { connectConcurrency: 1, connectPauseMs: 1500 }),
    ]);
  } finally {
    await server.stop();
  }
}

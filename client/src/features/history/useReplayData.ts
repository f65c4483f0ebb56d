import { useEffect, useState } from 'react';
import type { ApiFailure } from '../../lib/api';
import { fromBase64, getJson } from './api';
import { Replay } from './replay';
import { SessionMembers, SessionDetail, UpdatesPage } from '@trellis/shared';

export type ReplayData =
  | { status: 'loading'; loaded: number }
  | { status: 'failed'; code: ApiFailure }
  | {
      status: 'ready';
      detail: SessionDetail;
      replay: Replay;
      /** Member id → role and name, for attribution of cards that carry an author. */
      members: Members;
      start: number;
      end: number;
    };

export type Members = ReadonlyMap<string, { role: string; name: string | null }>;

export const historyPath = (sessionId: string): string =>
  `/api/history/sessions/${encodeURIComponent(sessionId)}`;

/**
 * Fetches a session's timeline and its whole update log (page by page) and rebuilds it locally,
 * so seeking never waits for the network. `attempt` re-runs the load after a new key is entered.
 */
export function useReplayData(sessionId: string, key: string, attempt: number): ReplayData {
  const [data, setData] = useState<ReplayData>({ status: 'loading', loaded: 0 });
  useEffect(() => {
    if (!key) return;
    const abort = new AbortController();
    setData({ status: 'loading', loaded: 0 });
    load(sessionId, key, abort.signal, (next) => {
      if (!abort.signal.aborted) setData(next);
    }).catch(() => {
      // A log the page cannot decode: say so rather than show a wrong board.
      if (!abort.signal.aborted) setData({ status: 'failed', code: 'unexpected' });
    });
    return () => abort.abort();
  }, [sessionId, key, attempt]);
  return data;
}

async function load(
  sessionId: string,
  key: string,
  signal: AbortSignal,
  report: (data: ReplayData) => void,
): Promise<void> {
  const base = historyPath(sessionId);
  const detail = await getJson(base, SessionDetail, key, signal);
  if (!detail.ok) return report({ status: 'failed', code: detail.code });
  const replay = new Replay();
  let after = 0;
  for (;;) {
    // Pinned to the timeline's last entry, so a session still running cannot shift the pages.
    const page = await getJson(
      `${base}/updates?after=${after}&to=${detail.data.lastSeq}`,
      UpdatesPage,
      key,
      signal,
    );
    if (signal.aborted) return;
    if (!page.ok) return report({ status: 'failed', code: page.code });
    replay.append(
      page.data.updates.map((u) => ({ seq: u.seq, time: u.time, update: fromBase64(u.update) })),
    );
    report({ status: 'loading', loaded: replay.length });
    const last = page.data.updates.at(-1);
    if (!page.data.more || !last) break;
    after = last.seq;
  }
  // Names only decorate cards: a failure here still leaves a usable replay.
  const members = await getJson(`${base}/members`, SessionMembers, key, signal);
  const byId = new Map(members.ok ? members.data.members.map((m) => [m.id, m] as const) : []);
  const { session, snapshots } = detail.data;
  const start = Math.min(session.createdAt, replay.timeOf(0) ?? session.createdAt);
  const end = Math.max(
    start,
    session.endedAt ?? start,
    replay.timeOf(replay.length - 1) ?? start,
    ...snapshots.map((s) => s.time),
  );
  report({ status: 'ready', detail: detail.data, replay, members: byId, start, end });
}

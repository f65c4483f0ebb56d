import {
  addCard,
  cardsOf,
  readWorkshop,
  writeCard,
  type FacilitatorCommand,
} from '@trellis/shared';
import type { Scale } from '../config';
import { ORGANISER_KEY, startServer, type RunningServer } from '../servers';
import { nowMs, sleep } from '../util/clock';
import { dist, type Dist } from '../util/stats';
import { PhoneFleet } from '../workshop/fleet';
import { Screen } from '../workshop/phone';
import type { Acks } from '../workshop/rpc';
import { ServerGauge, type ServerWindow } from '../workshop/server';
import { log } from './alternate';

/** One phase: what the server did and what every screen received meanwhile. */
export interface PhaseStats extends ServerWindow {
  name: string;
  seconds: number;
  boardFrames: number;
  boardKb: number;
  ioPackets: number;
}

export interface WorkshopResult {
  phones: number;
  phases: PhaseStats[];
  /** first join request → the last phone synced on both channels */
  allSyncedS: number;
  /** per phone: join request → both channels synced */
  joinMs: Dist;
  /** joins the API refused with 429 and the phone retried ([L2]) */
  joinsRefused: number;
  agreeAck: Dist;
  writeAck: Dist;
  cards: number;
  /** `reveal` sent → its ack */
  revealAckMs: number;
  /** `reveal` sent → the frame that completed each phone's board arrived (one sample per phone) */
  revealToPhone: Dist;
  revealToProjectorMs: number;
  voteAck: Dist;
  votesAccepted: number;
  /** refusals by error code, of every request phones made (should be none) */
  refused: Record<string, number>;
  /** a phone's commitment written → on the projector */
  commitmentToProjector: Dist;
  /** correctness: every phone ended with every revealed card and every commitment, once */
  phonesWithEveryCard: number;
  phonesWithEveryCommitment: number;
  /** `meta.results` after voting closed, summed: equals `votesAccepted` */
  resultsTotal: number;
}

/** Sees each phase begin and end (the profiler samples the server phase by phase). */
export interface PhaseObserver {
  attach(server: RunningServer): Promise<void>;
  start(phase: string): Promise<void>;
  stop(phase: string): Promise<void>;
  detach(): void;
}

const sumOf = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0);

async function createWorkshop(httpBase: string) {
  const res = await fetch(`${httpBase}/api/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${ORGANISER_KEY}` },
    body: JSON.stringify({ title: 'workshop-300', template: 'trust' }),
  });
  if (!res.ok) throw new Error(`create session: ${res.status} ${await res.text()}`);
  return (await res.json()) as {
    id: string;
    joinCode: string;
    facilitatorToken: string;
    projectorToken: string;
  };
}

function merge(all: Acks[], refused: Record<string, number>): number[] {
  for (const a of all) {
    for (const [code, n] of Object.entries(a.refused)) refused[code] = (refused[code] ?? 0) + n;
  }
  return all.flatMap((a) => a.ms);
}

/**
 * The job Trellis is for: a room of phones joining in a burst (all from one venue address),
 * agreeing to the ground rules, writing privately, a reveal of every card at once, dot votes on
 * points and statements, and commitments, with a facilitator and a projector. Every phone is a
 * stock y-websocket provider plus the Socket.IO channel, opened as the web client opens them.
 * Phones share this machine's cores, so "arrived" is when the frame reached the phone process.
 */
export async function workshop(
  scale: Scale['workshop'],
  observer?: PhaseObserver,
): Promise<WorkshopResult> {
  const server = await startServer('trellis', { inspect: true });
  const screens: Screen[] = [];
  let fleet: PhoneFleet | undefined;
  let gauge: ServerGauge | undefined;
  try {
    const session = await createWorkshop(server.httpBase);
    const facilitator = new Screen(server.httpBase, session.id, session.facilitatorToken);
    const projector = new Screen(server.httpBase, session.id, session.projectorToken);
    screens.push(facilitator, projector);
    await Promise.all(screens.map((s) => s.ready));
    const facilitate = async (cmd: FacilitatorCommand): Promise<void> => {
      const res = await facilitator.request('facilitate', cmd);
      if (!res.ok) throw new Error(`facilitate ${cmd.type}: ${res.error.message}`);
    };
    await facilitate({ type: 'phase:go', index: 0 });
    gauge = await ServerGauge.attach(server);
    await observer?.attach(server);
    const phones = new PhoneFleet(Math.ceil(scale.phones / scale.phonesPerProcess));
    fleet = phones;
    const phases: PhaseStats[] = [];
    const refused: Record<string, number> = {};
    const phase = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
      const before = await phones.received();
      await observer?.start(name);
      await gauge!.start();
      const t0 = nowMs();
      const out = await work();
      // What the phase set off (the last signals, the last merges) still belongs to it.
      await sleep(scale.settleMs);
      const seconds = (nowMs() - t0) / 1000;
      const server = await gauge!.stop();
      await observer?.stop(name);
      const after = await phones.received();
      const stats: PhaseStats = {
        name,
        seconds,
        ...server,
        boardFrames: after.boardFrames - before.boardFrames,
        boardKb: (after.boardBytes - before.boardBytes) / 1024,
        ioPackets: after.ioPackets - before.ioPackets,
      };
      phases.push(stats);
      log(
        `  ${name}: ${seconds.toFixed(1)} s, server ${stats.cpuPct.toFixed(0)}% CPU, loop p99 ${stats.loopP99Ms.toFixed(1)} ms, ${stats.boardFrames} board frames, ${stats.ioPackets} Socket.IO packets`,
      );
      return out;
    };

    // Join: every phone at a random moment of the window, all behind one address.
    const perProcess = split(scale.phones, phones.size);
    const startAt = nowMs() + 500;
    const joined = await phase('join', () =>
      phones.all((i) => ({
        type: 'join',
        setup: {
          httpBase: server.httpBase,
          sessionId: session.id,
          joinCode: session.joinCode,
          names: perProcess[i]!.map((n) => `Phone ${n}`),
          startAt,
          offsets: perProcess[i]!.map(() => Math.random() * scale.joinWindowMs),
          address: '203.0.113.7',
        },
      })),
    );
    const agreed = await phase('ground rules', () =>
      phones.all({ type: 'signal', windowMs: scale.agreeWindowMs }),
    );

    await facilitate({ type: 'phase:go', index: 1 });
    const written = await phase('private writing', () =>
      phones.all({ type: 'write', cardsEach: scale.cardsEach, windowMs: scale.writeWindowMs }),
    );
    const writeMs = merge(written, refused);
    const cards = writeMs.length;

    let revealAckMs = 0;
    let revealToProjectorMs = Number.NaN;
    const arrivals = await phase('reveal', async () => {
      const t0 = nowMs();
      const wait = phones.all({ type: 'arrivals', statements: cards, timeoutMs: 60_000 });
      await facilitate({ type: 'reveal' });
      revealAckMs = nowMs() - t0;
      const deadline = nowMs() + 60_000;
      while (projector.statements < cards && nowMs() < deadline) await sleep(10);
      revealToProjectorMs = projector.lastStatementAt - t0;
      return (await wait).map((a) => ({ ...a, at: a.at.map((t) => t - t0) }));
    });

    // The facilitator's synthesis: points, some statements grouped under them ([J7]).
    facilitator.doc.transact(() => {
      const statements = [...cardsOf(facilitator.doc).keys()].filter(
        (id) => cardsOf(facilitator.doc).get(id)?.get('kind') === 'statement',
      );
      for (let p = 0; p < scale.points; p++) {
        addCard(facilitator.doc, {
          id: `point-${p}`,
          kind: 'synthesis',
          text: `Point ${p}`,
          zone: 'synthesis',
        });
      }
      for (const [i, id] of statements.slice(0, scale.grouped).entries()) {
        writeCard(facilitator.doc, id, { group: `point-${i % scale.points}` });
      }
    });
    await facilitate({
      type: 'vote:configure',
      perParticipant: scale.votesEach,
      hideResults: false,
    });
    await facilitate({ type: 'phase:go', index: 2 });
    await sleep(scale.settleMs);
    const voted = await phase('voting', () =>
      phones.all({ type: 'vote', votesEach: scale.votesEach, windowMs: scale.voteWindowMs }),
    );
    const voteMs = merge(voted, refused);

    // Leaving the vote phase closes it; the commitments phase takes named cards on the board.
    await facilitate({ type: 'phase:go', index: 3 });
    const commitments = await phase('commitments', async () => {
      const all = Object.assign(
        {},
        ...(await phones.all({ type: 'commit', windowMs: scale.commitWindowMs })).map((w) => w.at),
      ) as Record<string, number>;
      const deadline = nowMs() + 30_000;
      const ids = Object.keys(all);
      while (ids.some((id) => !projector.commitmentsAt.has(id)) && nowMs() < deadline) {
        await sleep(20);
      }
      return ids
        .filter((id) => projector.commitmentsAt.has(id))
        .map((id) => projector.commitmentsAt.get(id)! - all[id]!);
    });

    // Every phone converges: all revealed cards, all commitments.
    let checks = await phones.all({ type: 'check' });
    for (let tries = 0; tries < 100; tries++) {
      if (checks.every((c) => c.commitments.every((n) => n === commitments.length))) break;
      await sleep(100);
      checks = await phones.all({ type: 'check' });
    }
    return {
      phones: scale.phones,
      phases,
      allSyncedS: (Math.max(...joined.flatMap((j) => j.syncedAt)) - startAt) / 1000,
      joinMs: dist(joined.flatMap((j) => j.syncedMs)),
      joinsRefused: sumOf(joined.map((j) => j.refused)),
      agreeAck: dist(merge(agreed, refused)),
      writeAck: dist(writeMs),
      cards,
      revealAckMs,
      revealToPhone: dist(arrivals.flatMap((a) => a.at)),
      revealToProjectorMs,
      voteAck: dist(voteMs),
      votesAccepted: voteMs.length,
      refused,
      commitmentToProjector: dist(commitments),
      phonesWithEveryCard: checks.flatMap((c) => c.statements).filter((n) => n === cards).length,
      phonesWithEveryCommitment: checks
        .flatMap((c) => c.commitments)
        .filter((n) => n === commitments.length).length,
      resultsTotal: sumOf(Object.values(readWorkshop(projector.doc).results ?? {})),
    };
  } finally {
    observer?.detach();
    gauge?.close();
    fleet?.kill();
    for (const s of screens) s.close();
    await server.stop();
  }
}

/** `n` phone numbers split into `parts` nearly equal runs. */
function split(n: number, parts: number): number[][] {
  const size = Math.ceil(n / parts);
  return Array.from({ length: parts }, (_, p) =>
    Array.from({ length: Math.min(size, n - p * size) }, (_, k) => p * size + k),
  );
}

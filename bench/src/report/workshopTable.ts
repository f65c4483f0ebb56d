import type { Scale } from '../config';
import type { WorkshopResult } from '../scenarios/workshop';
import type { Dist } from '../util/stats';
import { mdTable } from './md';

const f = (n: number, digits = 1): string => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');
const ms = (d: Dist): [string, string, string] => [f(d.p50, 0), f(d.p99, 0), f(d.max, 0)];

/** The workshop scenario's section of the report: the outcome, then the server per phase. */
export function workshopSection(w: WorkshopResult, s: Scale['workshop']): string[] {
  const refusals = Object.entries(w.refused)
    .map(([code, n]) => `${n} ${code}`)
    .join(', ');
  return [
    '',
    `${w.phones} phones (stock y-websocket provider + Socket.IO, as the web client opens them) behind one address, a facilitator and a projector, template \`trust\`. Joins spread over ${s.joinWindowMs / 1000} s, "I agree" over ${s.agreeWindowMs / 1000} s, ${s.cardsEach} private cards each over ${s.writeWindowMs / 1000} s, one reveal, ${s.votesEach} votes each over ${s.voteWindowMs / 1000} s (${s.points} points holding ${s.grouped} statements), a commitment each over ${s.commitWindowMs / 1000} s. Phones share the machine's cores with the server: "arrived" is when the frame reached the phone's process.`,
    '',
    mdTable(
      ['', 'p50', 'p99', 'max'],
      [
        ['join request → both channels synced, per phone (ms)', ...ms(w.joinMs)],
        ['"I agree" ack (ms)', ...ms(w.agreeAck)],
        ['private card ack (ms)', ...ms(w.writeAck)],
        [`reveal → phone has all ${w.cards} cards, across phones (ms)`, ...ms(w.revealToPhone)],
        ['vote ack (ms)', ...ms(w.voteAck)],
        ['commitment written → on the projector (ms)', ...ms(w.commitmentToProjector)],
      ],
    ),
    '',
    `All ${w.phones} synced ${f(w.allSyncedS)} s after the first join (${w.joinsRefused} joins answered 429 and retried). Reveal acked in ${f(w.revealAckMs, 0)} ms, on the projector after ${f(w.revealToProjectorMs, 0)} ms. ${w.votesAccepted} votes accepted, results total ${w.resultsTotal}; refusals: ${refusals || 'none'}. Phones with every revealed card: ${w.phonesWithEveryCard}/${w.phones}; with every commitment: ${w.phonesWithEveryCommitment}/${w.phones}.`,
    '',
    mdTable(
      [
        'phase',
        's',
        'server CPU (% of a core)',
        'peak RSS (MB)',
        'event loop p99 / max (ms)',
        'board frames',
        'board KB',
        'Socket.IO packets',
      ],
      w.phases.map((p) => [
        p.name,
        f(p.seconds),
        f(p.cpuPct, 0),
        f(p.peakRssMb, 0),
        `${f(p.loopP99Ms)} / ${f(p.loopMaxMs)}`,
        String(p.boardFrames),
        f(p.boardKb, 0),
        String(p.ioPackets),
      ]),
    ),
    '',
    'Frames and packets are what every screen received (all phones, the facilitator and the projector), the phase plus one second after it.',
  ];
}

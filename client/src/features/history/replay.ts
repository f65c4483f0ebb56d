import * as Y from 'yjs';
import {
  cardsOf,
  listCards,
  listZones,
  metaOf,
  readMeta,
  readWorkshop,
  storyOf,
  type Card,
  type PhaseState,
  type Story,
  type WorkshopState,
  type Zone,
} from '@trellis/shared';

/** One entry of the session's update log, decoded. */
export interface LogEntry {
  seq: number;
  time: number;
  update: Uint8Array;
}

/** The moment a phase began (`phase` undefined: back to the lobby), found by replaying the log. */
export interface PhaseMark {
  time: number;
  phase: PhaseState | undefined;
}

/** The board at one position of the log, as plain data the screen renders. */
export interface Frame {
  /** Index of the last log entry applied; -1 before the first. */
  index: number;
  title: string;
  cards: Card[];
  zones: Zone[];
  workshop: WorkshopState;
}

/**
 * Seeking applies at most this many entries onto a local checkpoint, so any moment of a long
 * session is rebuilt in a few milliseconds (DESIGN.md §2: checkpoint + tail, never mergeUpdates).
 */
export const CHECKPOINT_EVERY = 500;

/**
 * The whole session, rebuilt locally from its update log. Built once as pages arrive; then every
 * seek starts from the nearest checkpoint before it, or rolls the current doc forward when that is
 * closer (playback), which keeps scrubbing instant.
 */
export class Replay {
  private readonly times: number[] = [];
  private readonly updates: Uint8Array[] = [];
  /** Cards in the document after each entry, for the activity plot. */
  readonly cardCounts: number[] = [];
  readonly phases: PhaseMark[] = [];
  private readonly checkpoints: { index: number; state: Uint8Array }[] = [];
  private readonly builder = new Y.Doc();
  private lastPhase = -1;
  private cardCount = 0;
  private cursor: { doc: Y.Doc; index: number } | undefined;
  private frame: Frame | undefined;

  constructor() {
    // Y.Map#size walks every entry; counting adds and deletes keeps building linear in the log.
    cardsOf(this.builder).observe((event) => {
      event.changes.keys.forEach((change) => {
        if (change.action === 'add') this.cardCount++;
        else if (change.action === 'delete') this.cardCount--;
      });
    });
  }

  get length(): number {
    return this.times.length;
  }

  timeOf(index: number): number | undefined {
    return this.times[index];
  }

  append(entries: readonly LogEntry[]): void {
    for (const entry of entries) {
      Y.applyUpdate(this.builder, entry.update);
      this.times.push(entry.time);
      this.updates.push(entry.update);
      this.cardCounts.push(this.cardCount);
      this.notePhase(entry.time);
      if (this.times.length % CHECKPOINT_EVERY === 0) {
        this.checkpoints.push({
          index: this.times.length - 1,
          state: Y.encodeStateAsUpdate(this.builder),
        });
      }
    }
    this.frame = undefined;
  }

  private notePhase(time: number): void {
    const raw = metaOf(this.builder).get('phase');
    // The seed's lobby (or no phase at all) is the start, not a change worth a marker.
    const phase = typeof raw === 'number' && raw >= 0 ? raw : -1;
    if (phase === this.lastPhase) return;
    this.lastPhase = phase;
    this.phases.push({ time, phase: readWorkshop(this.builder).phase });
  }

  /** The last entry at or before `time` (-1 when the session had not started). */
  indexAt(time: number): number {
    let low = 0;
    let high = this.times.length - 1;
    let found = -1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      if ((this.times[mid] ?? Infinity) <= time) {
        found = mid;
        low = mid + 1;
      } else {
        high = mid - 1;
      }
    }
    return found;
  }

  /** The time of the first change after `time`, for skipping idle stretches. */
  nextChangeAfter(time: number): number | undefined {
    return this.times[this.indexAt(time) + 1];
  }

  frameAt(index: number): Frame {
    if (this.frame?.index === index) return this.frame;
    const doc = this.docAt(index);
    this.frame = {
      index,
      title: readMeta(doc).title,
      cards: listCards(doc),
      zones: listZones(doc),
      workshop: readWorkshop(doc),
    };
    return this.frame;
  }

  /** The session told as a story at this position ([Y4]), for the print view. */
  storyAt(index: number, names: ReadonlyMap<string, string>): Story {
    return storyOf(this.docAt(index), names);
  }

  private docAt(index: number): Y.Doc {
    const cursor = this.cursor;
    if (cursor && cursor.index <= index && index - cursor.index < CHECKPOINT_EVERY) {
      this.apply(cursor.doc, cursor.index + 1, index);
      cursor.index = index;
      return cursor.doc;
    }
    let checkpoint: { index: number; state: Uint8Array } | undefined;
    for (const candidate of this.checkpoints) {
      if (candidate.index > index) break;
      checkpoint = candidate;
    }
    const doc = new Y.Doc();
    if (checkpoint) Y.applyUpdate(doc, checkpoint.state);
    this.apply(doc, (checkpoint?.index ?? -1) + 1, index);
    this.cursor?.doc.destroy();
    this.cursor = { doc, index };
    return doc;
  }

  private apply(doc: Y.Doc, from: number, to: number): void {
    doc.transact(() => {
      for (let i = from; i <= to; i++) {
        const update = this.updates[i];
        if (update) Y.applyUpdate(doc, update);
      }
    });
  }
}

export type Speed = 1 | 10 | 60 | 'condensed';

/** In condensed playback, a pause longer than this is skipped… */
export const IDLE_SKIP_MS = 3000;
/** …landing this long before the next change, so the change is still seen happening. */
const SKIP_LEAD_MS = 500;

/** Where playback is after `realMs` of wall time at `speed`, clamped to the session's end. */
export function advance(
  replay: Replay,
  time: number,
  realMs: number,
  speed: Speed,
  end: number,
): number {
  if (speed !== 'condensed') return Math.min(end, time + realMs * speed);
  const next = replay.nextChangeAfter(time) ?? end;
  if (next - time > IDLE_SKIP_MS) return Math.min(end, next - SKIP_LEAD_MS);
  return Math.min(end, time + realMs);
}

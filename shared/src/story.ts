import type * as Y from 'yjs';
import {
  cardsOf,
  isPreviousCardId,
  listCards,
  listZones,
  rankByVotes,
  readCopyFields,
  readMeta,
  readMetaField,
  type Card,
  type Zone,
} from './board';
import type { CommitmentStatus } from './protocol/http';
import { readWorkshop, type PhaseState, type WorkshopState } from './workshop';

/**
 * A session told as a story ([Y4]): what was asked, what was said and what it came to. One model
 * for the Markdown export (server/src/history/story.ts, English) and the replay's print view
 * (the reader's language), so both rank and group the same way.
 */
export interface StoryCard {
  card: Card;
  /** Published votes (0 while hidden or never cast). */
  votes: number;
  /** Only when the card carries its author and that person gave a name; anonymous cards never. */
  author: string | undefined;
}

export interface StoryPoint extends StoryCard {
  statements: StoryCard[];
}

export interface StoryCopy extends StoryCard {
  status: CommitmentStatus | undefined;
  note: string | undefined;
}

export interface StorySection {
  zone: Zone | undefined;
  cards: StoryCard[];
}

export interface Story {
  title: string;
  workshop: WorkshopState;
  /** The phases that asked the room something (to write, or to vote), in their order. */
  asked: PhaseState[];
  rules: StoryCard[];
  /** Statements and notes no synthesis point holds, per zone, most voted first. */
  said: StorySection[];
  /** Synthesis points, most voted first, each with the statements gathered under it. */
  points: StoryPoint[];
  commitments: StoryCard[];
  /** In a follow-up session: last time's commitments and how each went. */
  previous: StoryCopy[];
  /** Every card the story tells of, rules and copies aside. */
  statementCount: number;
  votes: number;
  revealedAt: number | undefined;
}

const RULES_ZONE = 'rules';

export function storyOf(doc: Y.Doc, names: ReadonlyMap<string, string>): Story {
  const workshop = readWorkshop(doc);
  const cards = listCards(doc).filter((card) => !card.hidden);
  const told = (card: Card): StoryCard => ({
    card,
    votes: workshop.results[card.id] ?? 0,
    author: card.authorId === undefined ? undefined : names.get(card.authorId),
  });
  const copyFields = new Map<string, ReturnType<typeof readCopyFields>>();
  for (const card of cards) {
    if (!isPreviousCardId(card.id)) continue;
    const fields = readCopyFields(cardsOf(doc).get(card.id));
    if (fields.from !== undefined) copyFields.set(card.id, fields);
  }
  const pointIds = new Set(cards.filter((c) => c.kind === 'synthesis').map((c) => c.id));
  const isStatement = (c: Card): boolean =>
    (c.kind === 'statement' || c.kind === 'note') && c.zone !== RULES_ZONE;

  // One pass sorts every card into its place, each list in board order: a 2,000-card session
  // with 100 points would otherwise be filtered once per zone and once per point.
  const zones = listZones(doc);
  const looseIn = new Map<string | undefined, Card[]>(zones.map((z) => [z.id, []]));
  const elsewhere: Card[] = [];
  const under = new Map<string, Card[]>([...pointIds].map((id) => [id, []]));
  const rules: Card[] = [];
  const commitments: Card[] = [];
  let statementCount = 0;
  for (const c of cards) {
    if (c.zone === RULES_ZONE) rules.push(c);
    if (c.kind === 'commitment' && !copyFields.has(c.id)) commitments.push(c);
    if (!isStatement(c)) continue;
    if (!copyFields.has(c.id)) statementCount++;
    const point = c.group === undefined ? undefined : under.get(c.group);
    if (point) point.push(c);
    else if (!copyFields.has(c.id)) (looseIn.get(c.zone) ?? elsewhere).push(c);
  }
  const said: StorySection[] = [
    ...zones.map((zone) => ({ zone, cards: looseIn.get(zone.id)! })),
    // Cards in no zone, or in one the board does not know, are told too.
    { zone: undefined, cards: elsewhere },
  ]
    .filter((section) => section.cards.length > 0)
    .map((section) => ({ ...section, cards: rankByVotes(section.cards.map(told)) }));

  const points = rankByVotes(
    cards
      .filter((c) => c.kind === 'synthesis')
      .map((point) => ({
        ...told(point),
        statements: rankByVotes(under.get(point.id)!.map(told)),
      })),
  );
  const revealedAt = readMetaField(doc, 'revealedAt');
  return {
    title: readMeta(doc).title,
    workshop,
    asked: workshop.phases.filter((p) => p.spec.writing !== 'none' || p.spec.voting),
    rules: rules.map(told),
    said,
    points,
    commitments: commitments.map(told),
    previous: cards.flatMap((card) => {
      const fields = copyFields.get(card.id);
      return fields
        ? [{ ...told(card), status: fields.status, note: fields.note?.trim() || undefined }]
        : [];
    }),
    statementCount,
    votes: Object.values(workshop.results).reduce((a, b) => a + b, 0),
    revealedAt,
  };
}

/** One line of the timeline: a phase began, cards were revealed, a snapshot, the end. */
export interface Moment {
  time: number;
  /** A phase runs until the next phase or the end; any other moment is a point in time. */
  kind: 'phase' | 'end' | 'moment';
  label: string;
}

export interface TimelineRow extends Moment {
  /** Since the session began, as the replay counts it. */
  elapsed: number;
  /** Until the next phase or the end, for a phase. */
  lasted: number | undefined;
}

/** Moments in order, each with its time since `start` and, for a phase, how long it ran. */
export function timelineOf(moments: readonly Moment[], start: number, end: number): TimelineRow[] {
  const sorted = [...moments].sort((a, b) => a.time - b.time);
  return sorted.map((moment, i) => {
    const next = sorted.slice(i + 1).find((m) => m.kind === 'phase' || m.kind === 'end');
    return {
      ...moment,
      elapsed: Math.max(0, moment.time - start),
      lasted: moment.kind === 'phase' ? Math.max(0, (next?.time ?? end) - moment.time) : undefined,
    };
  });
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** Time since the session began: `mm:ss`, or `h:mm:ss` past an hour. Rounds down, like a clock. */
export function formatElapsed(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  return hours > 0 ? `${hours}:${pad(minutes)}:${pad(seconds)}` : `${pad(minutes)}:${pad(seconds)}`;
}

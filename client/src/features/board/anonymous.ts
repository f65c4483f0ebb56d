import type { AnonCardInput, Card, CardKind } from '@trellis/shared';
import type { OutboxEntry, PendingCard, PendingEdits } from '../../lib/storage';
import type { CardSync } from '../../sync/connectBoard';

/**
 * Anonymous cards are written into the board by the server on the phone's behalf ([J14]): the
 * phone's own Yjs clientID also writes its named cards, so a struct of it in an anonymous card
 * would name the author. These helpers turn the phone's requests into what its screen shows.
 */

export type AnonWrite = Extract<OutboxEntry, { op: 'anon:put' | 'anon:delete' }>;

export const isAnonWrite = (entry: OutboxEntry): entry is AnonWrite =>
  entry.op === 'anon:put' || entry.op === 'anon:delete';

/** A commitment's optional fields, only those with something in them. */
export function fieldsOf(card: {
  org?: string | undefined;
  step?: string | undefined;
  by?: string | undefined;
}): Pick<AnonCardInput, 'org' | 'step' | 'by'> {
  return {
    ...(card.org && { org: card.org }),
    ...(card.step && { step: card.step }),
    ...(card.by && { by: card.by }),
  };
}

/** A new anonymous card, or a rewrite of one: the whole card, so no field is lost. */
export function anonPut(
  card: {
    id: string;
    kind: CardKind;
    text: string;
    zone: string | undefined;
    createdAt: number;
  } & {
    org?: string | undefined;
    step?: string | undefined;
    by?: string | undefined;
  },
): AnonWrite {
  return {
    op: 'anon:put',
    card: { id: card.id, kind: card.kind, text: card.text, ...fieldsOf(card) },
    ...(card.zone !== undefined && { zone: card.zone }),
    createdAt: card.createdAt,
  };
}

/** The card a queued `anon:put` will become, shown in its zone until the board holds it. */
export function pendingOf(entry: Extract<OutboxEntry, { op: 'anon:put' }>): PendingCard {
  return {
    id: entry.card.id,
    kind: entry.card.kind,
    text: entry.card.text,
    zone: entry.zone,
    anonymous: true,
    createdAt: entry.createdAt,
    org: entry.card.org,
    step: entry.card.step,
    by: entry.card.by,
  };
}

export interface AnonOverlay {
  /** New cards the board does not hold yet. */
  queued: PendingCard[];
  /** Rewrites (text) and deletions (null) of cards the board holds. */
  edits: PendingEdits;
  /** How far each card's latest write has got. */
  sync: ReadonlyMap<string, CardSync>;
}

/**
 * What the phone shows for its anonymous writes: those still in the outbox ("sending…", or
 * "waiting" while the board does not take them), and those the server took whose result has not
 * reached this board yet ("saved"; without them a card would blink out between the answer and
 * the board update).
 */
export function anonOverlay(
  outbox: readonly OutboxEntry[],
  settled: readonly AnonWrite[],
  onBoard: (id: string) => boolean,
  waiting: (entry: OutboxEntry) => boolean,
): AnonOverlay {
  const queued = new Map<string, PendingCard>();
  const edits: Record<string, string | null> = {};
  const sync = new Map<string, CardSync>();
  const apply = (entry: AnonWrite, status: CardSync): void => {
    const id = entry.op === 'anon:put' ? entry.card.id : entry.id;
    queued.delete(id);
    delete edits[id];
    if (entry.op === 'anon:delete') {
      if (onBoard(id)) edits[id] = null;
      sync.delete(id);
      return;
    }
    if (onBoard(id)) edits[id] = entry.card.text;
    else queued.set(id, pendingOf(entry));
    sync.set(id, status);
  };
  // Settled first: a request still in the outbox is newer than what the server took.
  for (const entry of settled) apply(entry, 'saved');
  for (const entry of outbox) {
    if (isAnonWrite(entry)) apply(entry, waiting(entry) ? 'waiting' : 'sending');
  }
  return { queued: [...queued.values()], edits, sync };
}

/** Whether the board already shows what the server did for this write. */
export function reflected(entry: AnonWrite, card: Card | undefined): boolean {
  if (entry.op === 'anon:delete') return card === undefined;
  return card !== undefined && card.text === entry.card.text;
}

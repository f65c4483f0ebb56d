import type * as Y from 'yjs';
import { cardsOf, cardView, type Card, type PrivateCardView } from '@trellis/shared';
import { cardIdOf, type Intent, type PutIntent } from './intents';
import type { OutboxState } from './outbox';

/** What the outbox holds that the board does not show yet, as the phone shows it meanwhile. */
export interface Pending {
  /** Cards this phone added that the board does not hold yet, as the board will hold them. */
  queued: Card[];
  /** Changes to cards the board holds: the new text, or `null` for a deletion. */
  edits: Readonly<Record<string, string | null>>;
  /** Private cards on their way to the server. */
  privateSending: PrivateCardView[];
  /** Private cards on their way out. */
  privateDeleting: ReadonlySet<string>;
}

/** A queued put as the board will hold it, so it shows in its zone before it gets there. */
function cardOf(intent: PutIntent, participantId: string): Card {
  const { card } = intent;
  return cardView({
    ...card,
    authorId: intent.op === 'card:put' ? participantId : undefined,
    zone: intent.zone,
    createdAt: intent.createdAt,
  });
}

/**
 * The outbox laid over the board: answered writes first, then what still waits, so the newest
 * intent for a card wins. A named change already written into this document shows from the
 * document itself.
 */
export function pendingOf(
  { intents, settled }: OutboxState,
  doc: Y.Doc | undefined,
  participantId: string,
): Pending {
  const onBoard = (id: string): boolean => doc !== undefined && cardsOf(doc).has(id);
  const queued = new Map<string, Card>();
  const edits: Record<string, string | null> = {};
  const privateSending: PrivateCardView[] = [];
  const privateDeleting = new Set<string>();
  const apply = (intent: Intent): void => {
    const id = cardIdOf(intent);
    queued.delete(id);
    delete edits[id];
    switch (intent.op) {
      case 'card:put':
      case 'anon:put':
        if (!onBoard(id)) queued.set(id, cardOf(intent, participantId));
        else if (intent.op === 'anon:put' || !intent.mark) edits[id] = intent.card.text;
        return;
      case 'card:delete':
      case 'anon:delete':
        if (onBoard(id)) edits[id] = null;
        return;
      case 'private:put':
        privateSending.push(intent.card);
        return;
      case 'private:delete':
        privateDeleting.add(id);
        return;
    }
  };
  for (const { intent } of settled) apply(intent);
  for (const intent of intents) apply(intent);
  return { queued: [...queued.values()], edits, privateSending, privateDeleting };
}

/** The board as this phone will make it: its queued cards added, its changes shown. */
export function withPending(cards: readonly Card[], pending: Pending): Card[] {
  const changed = cards.flatMap((card) => {
    const edit = pending.edits[card.id];
    if (edit === undefined) return [card];
    return edit === null ? [] : [{ ...card, text: edit }];
  });
  return [...changed, ...pending.queued];
}

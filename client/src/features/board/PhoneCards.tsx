import { useId, useState, type ReactNode } from 'react';
import { cardView, type Card, type PrivateCardView } from '@trellis/shared';
import { usePlural, useT } from '../../lib/i18n';
import type { CardStatus } from '../../sync/outbox';
import type { ArrangedCard, ArrangedZone } from '../workshop/arrange';
import { CardItem } from './CardItem';
import { zoneTitle } from './grouping';
import type { CardVote } from './VoteControls';

export interface CardHandlers {
  isOwn: (card: Card) => boolean;
  statusOf: (id: string) => CardStatus;
  onSave: (id: string, text: string) => void;
  onDelete: (id: string) => void;
  /** Present while the vote is open. */
  voteFor?: ((id: string) => CardVote) | undefined;
  results: Readonly<Record<string, number>>;
  /** Extra controls under a card, e.g. keeping a private copy of one's commitment. */
  afterCard?: (card: Card) => ReactNode;
  /** This phone's commitment, held by the server: it may keep a private link to it ([K1]). */
  keepable: (card: Card) => boolean;
}

/** Others' cards a zone lists before "show all": a long zone must not push the rest away. */
export const SHOWN_PER_ZONE = 8;

/**
 * Statements a point lists before they fold behind a button of their own: in a room of sixty a
 * point gathers twenty or more, and listed whole they pushed the next point's vote thousands of
 * pixels down.
 */
export const SHOWN_PER_POINT = 3;

/**
 * The board's zones on a phone; a synthesis point lists the statements grouped under it, folded
 * once many. In each zone this phone's own cards come first, then the others', folded behind
 * "show all" once long.
 */
export function PhoneZones({
  zones,
  readOnly,
  handlers,
}: {
  zones: ArrangedZone[];
  readOnly: boolean;
  handlers: CardHandlers;
}) {
  return (
    <>
      {zones.map((group) => (
        <PhoneZone
          key={group.zone?.id ?? ''}
          group={group}
          readOnly={readOnly}
          handlers={handlers}
        />
      ))}
    </>
  );
}

function PhoneZone({
  group,
  readOnly,
  handlers,
}: {
  group: ArrangedZone;
  readOnly: boolean;
  handlers: CardHandlers;
}) {
  const t = useT();
  const [all, setAll] = useState(false);
  const listId = useId();
  const own = group.items.filter((entry) => handlers.isOwn(entry.card));
  const others = group.items.filter((entry) => !handlers.isOwn(entry.card));
  const folded = others.length > SHOWN_PER_ZONE;
  const shown = [...own, ...(folded && !all ? others.slice(0, SHOWN_PER_ZONE) : others)];

  // [J7] A statement inside a point takes no votes, the point speaks for it; one given before
  // the grouping can still be taken back.
  const voteOn = (card: Card, grouped: boolean): CardVote | undefined => {
    const vote = handlers.voteFor?.(card.id);
    if (!vote || !grouped) return vote;
    return vote.mine > 0 ? { ...vote, canAdd: false } : undefined;
  };

  const item = ({ card, children }: ArrangedCard, point?: Card) => (
    <CardItem
      key={card.id}
      card={card}
      readOnly={readOnly}
      own={
        handlers.isOwn(card)
          ? {
              sync: handlers.statusOf(card.id),
              onSave: (text) => handlers.onSave(card.id, text),
              onDelete: () => handlers.onDelete(card.id),
              // Deleting a grouped statement empties part of a point the room built: ask first.
              confirmDelete: point && t('board.deleteGrouped', { point: point.text }),
            }
          : undefined
      }
      vote={voteOn(card, point !== undefined)}
      result={handlers.results[card.id]}
      after={handlers.afterCard?.(card)}
    >
      {children.length > 0 && (
        <PointStatements
          statements={children}
          yours={(child) => handlers.isOwn(child) || (handlers.voteFor?.(child.id).mine ?? 0) > 0}
          render={(child) => item({ card: child, children: [] }, card)}
        />
      )}
    </CardItem>
  );

  return (
    <section className="zone" data-zone={group.zone?.id}>
      {group.zone && (
        <h2 className="zone-title" dir="auto">
          {zoneTitle(group.zone, t)}
        </h2>
      )}
      {group.items.length === 0 ? (
        <p className="muted empty">{t('board.empty')}</p>
      ) : (
        <ul className="cards" id={listId}>
          {shown.map((entry) => item(entry))}
        </ul>
      )}
      {folded && (
        <FoldButton open={all} controls={listId} name="show-all" onToggle={setAll}>
          {all ? t('board.showFewer') : t('board.showAll', { count: group.items.length })}
        </FoldButton>
      )}
    </section>
  );
}

/** Unfolds and folds again the list it controls; `name` is its class and test id. */
function FoldButton({
  open,
  controls,
  name,
  onToggle,
  children,
}: {
  open: boolean;
  controls: string;
  name: string;
  onToggle: (change: (open: boolean) => boolean) => void;
  children: ReactNode;
}) {
  return (
    <button
      type="button"
      className={`button secondary ${name}`}
      aria-expanded={open}
      aria-controls={controls}
      data-testid={name}
      onClick={() => onToggle((on) => !on)}
    >
      {children}
    </button>
  );
}

/**
 * A point's statements, folded behind a button once more than a few. Folded, the point still
 * lists this phone's own statements and any holding its vote: they are the ones it may edit,
 * delete or take a vote back from, a couple at most, and finding them should not mean opening
 * every point.
 */
function PointStatements({
  statements,
  yours,
  render,
}: {
  statements: readonly Card[];
  yours: (card: Card) => boolean;
  render: (card: Card) => ReactNode;
}) {
  const t = useT();
  const plural = usePlural();
  const [open, setOpen] = useState(false);
  const listId = useId();
  const folds = statements.length > SHOWN_PER_POINT;
  const shown = folds && !open ? statements.filter(yours) : statements;
  return (
    <>
      {folds && (
        <FoldButton open={open} controls={listId} name="point-fold" onToggle={setOpen}>
          {open
            ? t('board.pointStatementsHide')
            : plural('board.pointStatements', statements.length)}
        </FoldButton>
      )}
      <ul
        className="cards grouped"
        id={listId}
        aria-label={t('workshop.groupedUnder')}
        hidden={shown.length === 0}
      >
        {shown.map(render)}
      </ul>
    </>
  );
}

/** This phone's cards waiting on the server for the reveal: nobody else can see them yet. */
export function PrivateCards({
  cards,
  sending,
  participantId,
  readOnly,
  onSave,
  onDelete,
}: {
  cards: readonly PrivateCardView[];
  sending: readonly PrivateCardView[];
  participantId: string;
  readOnly: boolean;
  onSave: (card: PrivateCardView, text: string) => void;
  onDelete: (id: string) => void;
}) {
  const t = useT();
  const all = [
    ...cards.map((card) => ({ card, sync: 'saved' as const })),
    ...sending
      .filter((card) => !cards.some((c) => c.id === card.id))
      .map((card) => ({ card, sync: 'sending' as const })),
  ];
  if (all.length === 0) return null;
  return (
    <section className="zone private-zone" data-testid="private-cards">
      <h2 className="zone-title">{t('workshop.private.heading')}</h2>
      <ul className="cards">
        {all.map(({ card, sync }) => (
          <CardItem
            key={card.id}
            testId="private-card"
            card={asCard(card, participantId)}
            readOnly={readOnly || sync === 'sending'}
            note={t('workshop.private.cardNote')}
            own={{
              sync,
              onSave: (text) => onSave(card, text),
              onDelete: () => onDelete(card.id),
            }}
          />
        ))}
      </ul>
    </section>
  );
}

const asCard = (card: PrivateCardView, participantId: string): Card =>
  cardView({
    id: card.id,
    kind: card.kind,
    text: card.text,
    authorId: card.anonymous ? undefined : participantId,
    createdAt: card.createdAt,
  });

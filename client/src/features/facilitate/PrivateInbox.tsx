import { useEffect, useId, useState } from 'react';
import type { InboxCard, MessageKey, PrivateScreen, Signals } from '@trellis/shared';
import { usePlural, useT } from '../../lib/i18n';
import type { WorkshopChannel } from '../../sync/workshop';
import { Choice } from '../../ui/Choice';
import { ackErrorKey } from '../workshop/phaseText';
import type { UndoStep } from './undo';

interface PrivateInboxProps {
  channel: WorkshopChannel | null;
  /** Every signals message follows a put, a delete or a screening: the list is read again. */
  signals: Signals | null;
  disabled: boolean;
  /** Each screening is a step the console's undo can take back. */
  onStep: (step: UndoStep) => void;
}

/** How a card was screened, to put it back that way. */
const screeningOf = (card: InboxCard): Omit<PrivateScreen, 'id'> =>
  card.mergedInto
    ? { action: 'merge', into: card.mergedInto }
    : { action: card.hidden ? 'hide' : 'show' };

/**
 * [J15] [J16] The private cards waiting for the reveal, read by the facilitator before the room
 * does: a stray card is hidden (left off the board), a duplicate merged into the card it repeats.
 * Anonymous cards say only that they are anonymous: the server sends nothing about their author.
 */
export function PrivateInbox({ channel, signals, disabled, onStep }: PrivateInboxProps) {
  const t = useT();
  const plural = usePlural();
  const headingId = useId();
  const [cards, setCards] = useState<readonly InboxCard[]>([]);
  const [error, setError] = useState<MessageKey | null>(null);
  const [open, setOpen] = useState(true);

  // Nothing waiting and nothing shown: the room's other signals (hands, "I agree") ask nothing.
  const idle = signals?.privateCount === 0 && cards.length === 0;
  useEffect(() => {
    if (!channel || idle) return;
    let current = true;
    void channel.request('private:list').then((res) => {
      if (!current) return;
      if (res.ok) setCards(res.data);
      setError(res.ok ? null : ackErrorKey(res.error.code));
    });
    return () => {
      current = false;
    };
  }, [channel, signals, idle]);

  if (cards.length === 0 && error === null) return null;

  const screen = async (id: string, to: Omit<PrivateScreen, 'id'>): Promise<boolean> => {
    if (!channel) return false;
    const res = await channel.request('private:screen', { id, ...to });
    if (res.ok) setCards(res.data);
    setError(res.ok ? null : ackErrorKey(res.error.code));
    return res.ok;
  };
  const act = async (card: InboxCard, to: Omit<PrivateScreen, 'id'>): Promise<void> => {
    const before = screeningOf(card);
    if (await screen(card.id, to)) {
      onStep({
        kind: to.action === 'show' ? 'show' : to.action,
        undo: () => screen(card.id, before),
      });
    }
  };
  const shown = cards.filter((card) => !card.hidden);
  const hiddenCount = cards.length - shown.length;
  const textOf = new Map(cards.map((card) => [card.id, card.text]));

  return (
    <section className="panel inbox" aria-labelledby={headingId} data-testid="inbox">
      <div className="inbox-head">
        <h2 id={headingId}>{plural('inbox.heading', cards.length)}</h2>
        {hiddenCount > 0 && (
          <span className="badge" data-testid="inbox-hidden-count">
            {plural('inbox.hiddenCount', hiddenCount)}
          </span>
        )}
        <button
          type="button"
          className="button secondary"
          aria-expanded={open}
          onClick={() => setOpen(!open)}
          data-testid="inbox-toggle"
        >
          {open ? t('inbox.fold') : t('inbox.unfold')}
        </button>
      </div>
      {error && (
        <p className="muted" role="alert">
          {t(error)}
        </p>
      )}
      {open && (
        <>
          <p className="muted">{t('inbox.help')}</p>
          <ul className="inbox-cards">
            {cards.map((card) => (
              <InboxItem
                key={card.id}
                card={card}
                others={shown.filter((other) => other.id !== card.id)}
                mergedText={card.mergedInto ? textOf.get(card.mergedInto) : undefined}
                disabled={disabled}
                onScreen={(to) => void act(card, to)}
              />
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function InboxItem({
  card,
  others,
  mergedText,
  disabled,
  onScreen,
}: {
  card: InboxCard;
  /** The cards this one may be merged into: waiting, shown, not itself. */
  others: readonly InboxCard[];
  mergedText: string | undefined;
  disabled: boolean;
  onScreen: (to: Omit<PrivateScreen, 'id'>) => void;
}) {
  const t = useT();
  const [into, setInto] = useState('');
  const target = others.some((other) => other.id === into) ? into : '';
  const who = card.author
    ? t('inbox.from', { name: card.author })
    : card.anonymous
      ? t('inbox.anonymous')
      : t('inbox.unnamed');
  return (
    <li
      className={`card inbox-card${card.hidden ? ' card-hidden' : ''}`}
      data-testid="inbox-card"
      data-card-id={card.id}
      data-hidden={card.hidden}
      data-merged-into={card.mergedInto}
    >
      <p className="card-text" dir="auto">
        {card.text}
      </p>
      <p className="inbox-meta">
        <span dir="auto">{who}</span>
        {card.hidden && (
          <span className="tag" dir="auto" data-testid="inbox-status">
            {mergedText !== undefined
              ? t('inbox.mergedInto', { text: mergedText })
              : t('inbox.hiddenNote')}
          </span>
        )}
      </p>
      <div className="card-actions">
        <button
          type="button"
          className="button secondary"
          aria-pressed={card.hidden}
          disabled={disabled}
          onClick={() => onScreen({ action: card.hidden ? 'show' : 'hide' })}
          data-testid="inbox-hide"
        >
          {card.hidden ? t('inbox.show') : t('inbox.hide')}
        </button>
        {!card.hidden && others.length > 0 && (
          <>
            <Choice
              label={t('inbox.duplicateOf')}
              value={target}
              options={others}
              name={(other) => other.text}
              none={t('inbox.duplicateOf')}
              onChange={setInto}
              disabled={disabled}
              testId="inbox-merge-target"
            />
            <button
              type="button"
              className="button secondary"
              disabled={disabled || target === ''}
              onClick={() => onScreen({ action: 'merge', into: target })}
              data-testid="inbox-merge"
            >
              {t('inbox.merge')}
            </button>
          </>
        )}
      </div>
    </li>
  );
}

import { useRef, useState, type ReactNode } from 'react';
import type { Card } from '@trellis/shared';
import { focusInstead } from '../../lib/focusInstead';
import { useT } from '../../lib/i18n';
import type { CardStatus } from '../../sync/outbox';
import { CommitmentDetails, VoteCount } from '../workshop/CommitmentDetails';
import { VoteControls, type CardVote } from './VoteControls';
import { ConfirmButton } from '../../ui/ConfirmButton';
import { closeOnEscape } from '../../ui/dismiss';
import { CardText } from './CardText';
import { EditButtons } from './EditButtons';

interface OwnCard {
  sync: CardStatus;
  onSave: (text: string) => void;
  onDelete: () => void;
  /** Asked before deleting, when deleting takes more than this card (a grouped statement). */
  confirmDelete?: string | undefined;
}

interface CardItemProps {
  card: Card;
  /** Present only on cards this participant may change. */
  own?: OwnCard | undefined;
  readOnly: boolean;
  /** `private-card` for a card still waiting on the server for the reveal. */
  testId?: string;
  /** A line under the text, e.g. "only you can see this". */
  note?: ReactNode;
  vote?: CardVote | undefined;
  /** Published vote total. */
  result?: number | undefined;
  /** Under the card's own controls, e.g. "keep a private copy" of a commitment. */
  after?: ReactNode;
  /** Statements grouped under this synthesis point. */
  children?: ReactNode;
}

/** A card on the phone: read-only, or the participant's own with inline edit and delete. */
export function CardItem(props: CardItemProps) {
  const { card, own, readOnly, testId = 'card', note, vote, result, after, children } = props;
  const t = useT();
  const [draft, setDraft] = useState<string | null>(null);
  const editing = draft !== null && own !== undefined && !readOnly;
  const itemRef = useRef<HTMLLIElement>(null);

  const remove = (): void => {
    if (!own) return;
    if (itemRef.current) focusInstead(itemRef.current);
    own.onDelete();
  };

  const save = (): void => {
    if (draft === null || !own) return;
    const text = draft.trim();
    if (text !== '') own.onSave(text);
    setDraft(null);
  };

  const classes = ['card', own && 'card-own', card.kind === 'synthesis' && 'card-synthesis'];
  return (
    <li
      ref={itemRef}
      className={classes.filter(Boolean).join(' ')}
      // Escape anywhere in the card being edited (its box, Save, Cancel) cancels the edit.
      onKeyDown={editing ? closeOnEscape(() => setDraft(null)) : undefined}
      data-testid={testId}
      data-card-id={card.id}
      data-kind={card.kind}
      data-status={own?.sync}
    >
      <CardText text={card.text} draft={editing ? draft : null} onDraft={setDraft} />
      {card.kind === 'commitment' && <CommitmentDetails card={card} />}
      {note && <p className="card-note">{note}</p>}
      <VoteCount count={result} />
      {own && (
        <div className="card-footer">
          <span className="card-meta">
            {card.authorId === undefined ? t('board.anonymous') : t('board.mine')}
            {' · '}
            <span className={`sync sync-${own.sync}`} data-testid="card-status">
              {t(`board.status.${own.sync}`)}
            </span>
          </span>
          {!readOnly && (
            <span className="card-actions">
              <EditButtons
                editing={editing}
                onEdit={() => setDraft(card.text)}
                onSave={save}
                onCancel={() => setDraft(null)}
              >
                <ConfirmButton
                  label={t('board.delete')}
                  question={own.confirmDelete}
                  confirmLabel={t('board.deleteYes')}
                  cancelLabel={t('board.cancel')}
                  onConfirm={remove}
                  testId="card-delete"
                />
              </EditButtons>
            </span>
          )}
        </div>
      )}
      {after}
      {vote && <VoteControls vote={vote} />}
      {children}
    </li>
  );
}

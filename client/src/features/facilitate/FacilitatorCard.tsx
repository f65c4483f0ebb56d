import { useState, type DragEvent, type ReactNode } from 'react';
import type { Card } from '@trellis/shared';
import { useT } from '../../lib/i18n';
import { CommitmentDetails, VoteCount } from '../workshop/CommitmentDetails';
import { CardText } from '../board/CardText';
import { EditButtons } from '../board/EditButtons';
import { Choice } from '../../ui/Choice';
import { closeOnEscape } from '../../ui/dismiss';

export interface ZoneOption {
  id: string;
  title: string;
}

export interface PointOption {
  id: string;
  text: string;
}

/** The drag payload type: only our own cards are dropped onto synthesis points. */
export const CARD_DRAG_TYPE = 'application/x-trellis-card';

interface FacilitatorCardProps {
  card: Card;
  zoneId: string | undefined;
  zones: readonly ZoneOption[];
  /** Synthesis points a statement may be grouped under (none: no grouping control). Only
   * statements are grouped: commitments and notes stand on their own. */
  points: readonly PointOption[];
  /** For a synthesis point: the statements grouped under it. */
  grouped: readonly Card[];
  votes: number | undefined;
  spotlit: boolean;
  disabled: boolean;
  onSave: (text: string) => void;
  /** `button`: the Delete button pressed, so the focus can move on from the card it takes away. */
  onDelete: (button: HTMLElement) => void;
  onMove: (zoneId: string) => void;
  onHide: (hidden: boolean) => void;
  onGroup: (pointId: string | undefined) => void;
  /** A statement dropped onto this synthesis point. */
  onGroupChild: (statementId: string) => void;
  onSpotlight: (on: boolean) => void;
  /** Under the card's text, e.g. how one of last time's commitments went. */
  extra?: ReactNode;
}

/**
 * Any card, with the facilitator's full set of moves: edit, hide, delete, move to another zone,
 * spotlight, and group a statement under a synthesis point, by dragging it onto the point or, from
 * the keyboard, with the select.
 */
export function FacilitatorCard(props: FacilitatorCardProps) {
  const { card, zoneId, zones, points, grouped, votes, spotlit, disabled } = props;
  const t = useT();
  const [draft, setDraft] = useState<string | null>(null);
  const [dropping, setDropping] = useState(false);
  const isPoint = card.kind === 'synthesis';

  const save = (): void => {
    const text = draft?.trim() ?? '';
    if (text !== '') props.onSave(text);
    setDraft(null);
  };

  const dragProps = isPoint
    ? {
        onDragOver: (event: DragEvent) => {
          if (!event.dataTransfer.types.includes(CARD_DRAG_TYPE)) return;
          event.preventDefault();
          setDropping(true);
        },
        onDragLeave: () => setDropping(false),
        onDrop: (event: DragEvent) => {
          setDropping(false);
          const id = event.dataTransfer.getData(CARD_DRAG_TYPE);
          if (id) {
            event.preventDefault();
            props.onGroupChild(id);
          }
        },
      }
    : {
        draggable: !disabled && card.kind === 'statement' && points.length > 0,
        onDragStart: (event: DragEvent) => {
          event.dataTransfer.setData(CARD_DRAG_TYPE, card.id);
          event.dataTransfer.effectAllowed = 'link';
        },
      };

  const classes = [
    'card',
    isPoint && 'card-synthesis',
    card.hidden && 'card-hidden',
    dropping && 'card-drop',
    spotlit && 'card-spotlit',
  ];
  return (
    <li
      className={classes.filter(Boolean).join(' ')}
      data-testid="facilitator-card"
      data-card-id={card.id}
      data-kind={card.kind}
      data-hidden={card.hidden}
      // Where the focus goes when the card before it is deleted.
      tabIndex={-1}
      onKeyDown={draft === null ? undefined : closeOnEscape(() => setDraft(null))}
      {...dragProps}
    >
      {card.hidden && <span className="tag">{t('facilitate.hidden')}</span>}
      <CardText text={card.text} draft={draft} onDraft={setDraft} />
      {card.kind === 'commitment' && <CommitmentDetails card={card} />}
      {props.extra}
      <VoteCount count={votes} />
      {isPoint && (
        <div className="point-statements" data-testid="point-statements">
          {grouped.length === 0 ? (
            <p className="muted">{t('facilitate.dropHint')}</p>
          ) : (
            <ul>
              {grouped.map((child) => (
                <li key={child.id} dir="auto">
                  {child.text}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      <div className="card-actions">
        <EditButtons
          editing={draft !== null}
          onEdit={() => setDraft(card.text)}
          onSave={save}
          onCancel={() => setDraft(null)}
          disabled={disabled}
        >
          <button
            type="button"
            className="button secondary"
            data-testid="card-hide"
            aria-pressed={card.hidden}
            onClick={() => props.onHide(!card.hidden)}
            disabled={disabled}
          >
            {card.hidden ? t('facilitate.unhide') : t('facilitate.hide')}
          </button>
          <button
            type="button"
            className="button secondary"
            data-testid="card-spotlight"
            aria-pressed={spotlit}
            onClick={() => props.onSpotlight(!spotlit)}
            disabled={disabled || card.hidden}
          >
            {t('facilitate.spotlight')}
          </button>
          <button
            type="button"
            className="button danger"
            onClick={(event) => props.onDelete(event.currentTarget)}
            disabled={disabled}
            data-testid="card-delete"
          >
            {t('board.delete')}
          </button>
          <Choice
            label={t('board.moveTo')}
            value={zoneId ?? ''}
            options={zones}
            name={(zone) => zone.title}
            none={zoneId === undefined ? t('board.moveTo') : undefined}
            onChange={props.onMove}
            disabled={disabled}
            testId="card-move"
          />
          {card.kind === 'statement' && points.length > 0 && (
            <Choice
              label={t('facilitate.groupUnder')}
              value={card.group ?? ''}
              options={points}
              name={(point) => point.text}
              none={t('facilitate.ungrouped')}
              onChange={(point) => props.onGroup(point || undefined)}
              disabled={disabled}
              testId="card-group"
            />
          )}
        </EditButtons>
      </div>
    </li>
  );
}

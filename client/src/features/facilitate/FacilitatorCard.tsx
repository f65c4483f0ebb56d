import { useState } from 'react';
import { Limits, type Card } from '@trellis/shared';
import { useT } from '../../lib/i18n';

export interface ZoneOption {
  id: string;
  title: string;
}

interface FacilitatorCardProps {
  card: Card;
  zoneId: string | undefined;
  zones: readonly ZoneOption[];
  disabled: boolean;
  onSave: (text: string) => void;
  onDelete: () => void;
  onMove: (zoneId: string) => void;
}

/** Any card, with the facilitator's full set of moves: edit, delete, move to another zone. */
export function FacilitatorCard(props: FacilitatorCardProps) {
  const { card, zoneId, zones, disabled, onSave, onDelete, onMove } = props;
  const t = useT();
  const [draft, setDraft] = useState<string | null>(null);

  const save = (): void => {
    const text = draft?.trim() ?? '';
    if (text !== '') onSave(text);
    setDraft(null);
  };

  return (
    <li className="card" data-testid="facilitator-card" data-card-id={card.id}>
      {draft !== null ? (
        <textarea
          className="card-edit"
          value={draft}
          maxLength={Limits.cardTextMax}
          onChange={(event) => setDraft(event.target.value)}
          aria-label={t('board.edit')}
          autoFocus
        />
      ) : (
        <p className="card-text" data-testid="card-text" dir="auto">
          {card.text}
        </p>
      )}
      <div className="card-actions">
        {draft !== null ? (
          <>
            <button type="button" className="button" onClick={save}>
              {t('board.save')}
            </button>
            <button type="button" className="button secondary" onClick={() => setDraft(null)}>
              {t('board.cancel')}
            </button>
          </>
        ) : (
          <>
            <button
              type="button"
              className="button secondary"
              onClick={() => setDraft(card.text)}
              disabled={disabled}
            >
              {t('board.edit')}
            </button>
            <button type="button" className="button danger" onClick={onDelete} disabled={disabled}>
              {t('board.delete')}
            </button>
            <label className="move">
              <span className="visually-hidden">{t('board.moveTo')}</span>
              <select
                value={zoneId ?? ''}
                onChange={(event) => onMove(event.target.value)}
                disabled={disabled}
                data-testid="card-move"
              >
                {zoneId === undefined && <option value="">{t('board.moveTo')}</option>}
                {zones.map((zone) => (
                  <option key={zone.id} value={zone.id}>
                    {zone.title}
                  </option>
                ))}
              </select>
            </label>
          </>
        )}
      </div>
    </li>
  );
}

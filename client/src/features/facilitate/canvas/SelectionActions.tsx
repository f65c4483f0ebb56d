import { useState, type FormEvent } from 'react';
import { Limits } from '@trellis/shared';
import { usePlural, useT } from '../../../lib/i18n';
import { Choice } from '../../../ui/Choice';
import { ConfirmButton } from '../../../ui/ConfirmButton';
import type { PointOption } from '../FacilitatorCard';
import { EditSelected } from './EditSelected';

interface SelectionActionsProps {
  /** How many cards are selected, and how many of them are statements (only those group). */
  selected: number;
  statements: number;
  /** Whether every selected card is hidden: then the button shows them again. */
  allHidden: boolean;
  points: readonly PointOption[];
  disabled: boolean;
  onGroupInto: (pointId: string) => void;
  /** How many selected statements are in a point now: those can be taken out. */
  inPoints: number;
  onUngroup: () => void;
  onNewPoint: (text: string) => void;
  onHide: (hidden: boolean) => void;
  /** Whether the one selected card is on the projector now. */
  spotlit: boolean;
  /** Shows the one selected card large on the projector, or stops showing it. */
  onSpotlight: (on: boolean) => void;
  onDelete: () => void;
  /** The one selected card, when exactly one is: it can be reworded. */
  single: { id: string; text: string } | undefined;
  onEdit: (id: string, text: string) => void;
  onClear: () => void;
}

/**
 * What to do with the selection: group its statements under an existing synthesis point or a new
 * one, hide it (or show it again), put one card in the projector's spotlight, delete it (asked
 * twice), or let it go. Always rendered, so the controls do not jump
 * around; disabled while they have nothing to act on. The count is a polite live region, so a
 * screen reader hears the selection change as cards are picked.
 */
export function SelectionActions(props: SelectionActionsProps) {
  const { selected, statements, allHidden, points, disabled, spotlit } = props;
  const t = useT();
  const plural = usePlural();
  const [pointId, setPointId] = useState('');
  const [text, setText] = useState('');
  const chosen = points.some((point) => point.id === pointId) ? pointId : (points[0]?.id ?? '');
  const canGroup = !disabled && statements > 0;

  const createPoint = (event: FormEvent): void => {
    event.preventDefault();
    const trimmed = text.trim();
    if (!canGroup || trimmed === '') return;
    props.onNewPoint(trimmed);
    setText('');
  };

  return (
    <div className="canvas-selection" role="group" aria-label={t('canvas.selection')}>
      <p className="canvas-selection-count" aria-live="polite" data-testid="canvas-selected">
        {selected === 0 ? t('canvas.noneSelected') : plural('canvas.selected', selected)}
      </p>
      {points.length > 0 && (
        <div className="canvas-selection-row">
          <Choice
            label={t('canvas.groupTarget')}
            value={chosen}
            options={points}
            name={(point) => point.text}
            onChange={setPointId}
            disabled={!canGroup}
            testId="canvas-group-target"
          />
          <button
            type="button"
            className="button"
            disabled={!canGroup || chosen === ''}
            onClick={() => props.onGroupInto(chosen)}
            data-testid="canvas-group"
          >
            {t('canvas.group')}
          </button>
          <button
            type="button"
            className="button secondary"
            disabled={disabled || props.inPoints === 0}
            onClick={props.onUngroup}
            data-testid="canvas-ungroup"
          >
            {t('canvas.ungroup')}
          </button>
        </div>
      )}
      <form className="canvas-selection-row" onSubmit={createPoint}>
        <label className="canvas-new-point">
          <span className="visually-hidden">{t('canvas.newPointText')}</span>
          <input
            value={text}
            maxLength={Limits.cardTextMax}
            placeholder={t('canvas.newPointText')}
            onChange={(event) => setText(event.target.value)}
            disabled={!canGroup}
            data-testid="canvas-new-point-text"
          />
        </label>
        <button
          type="submit"
          className="button"
          disabled={!canGroup || text.trim() === ''}
          data-testid="canvas-new-point"
        >
          {t('canvas.newPoint')}
        </button>
      </form>
      <div className="canvas-selection-row">
        <EditSelected card={props.single} disabled={disabled} onSave={props.onEdit} />
        <button
          type="button"
          className="button secondary"
          disabled={disabled || selected === 0}
          onClick={() => props.onHide(!allHidden)}
          data-testid="canvas-hide"
        >
          {allHidden && selected > 0 ? t('canvas.show') : t('canvas.hide')}
        </button>
        <button
          type="button"
          className="button secondary"
          aria-pressed={spotlit}
          disabled={disabled || selected !== 1 || allHidden}
          onClick={() => props.onSpotlight(!spotlit)}
          data-testid="canvas-spotlight"
        >
          {t('facilitate.spotlight')}
        </button>
        <ConfirmButton
          label={t('canvas.delete')}
          question={t('canvas.deleteConfirm')}
          confirmLabel={t('canvas.deleteYes')}
          cancelLabel={t('board.cancel')}
          disabled={disabled || selected === 0}
          testId="canvas-delete"
          onConfirm={props.onDelete}
        />
        <button
          type="button"
          className="button secondary"
          disabled={selected === 0}
          onClick={props.onClear}
          data-testid="canvas-clear"
        >
          {t('canvas.clear')}
        </button>
      </div>
    </div>
  );
}

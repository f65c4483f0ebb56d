import { useState, type FormEvent } from 'react';
import { Limits } from '@trellis/shared';
import { useT } from '../../../lib/i18n';
import { closeOnEscape, useReturnFocus } from '../../../ui/dismiss';

/**
 * Rewording the one selected card from the canvas toolbar. The card itself holds no controls (it
 * is a drag handle and a toggle), so its words are edited here, in a box big enough to read.
 */
export function EditSelected({
  card,
  disabled,
  onSave,
}: {
  card: { id: string; text: string } | undefined;
  disabled: boolean;
  onSave: (id: string, text: string) => void;
}) {
  const t = useT();
  const [draft, setDraft] = useState<{ id: string; text: string } | null>(null);
  // Another card selected meanwhile: the open box belonged to the old one.
  const open = draft !== null && card !== undefined && draft.id === card.id;
  const opener = useReturnFocus<HTMLButtonElement>(open);

  if (!open) {
    return (
      <button
        ref={opener}
        type="button"
        className="button secondary"
        disabled={disabled || !card}
        onClick={() => card && setDraft({ id: card.id, text: card.text })}
        data-testid="canvas-edit"
      >
        {t('board.edit')}
      </button>
    );
  }
  const save = (event: FormEvent): void => {
    event.preventDefault();
    const text = draft.text.trim();
    if (text !== '') onSave(draft.id, text);
    setDraft(null);
  };
  return (
    <form
      className="canvas-edit-form"
      onSubmit={save}
      onKeyDown={closeOnEscape(() => setDraft(null))}
    >
      <textarea
        className="card-edit"
        value={draft.text}
        maxLength={Limits.cardTextMax}
        aria-label={t('board.edit')}
        onChange={(event) => setDraft({ id: draft.id, text: event.target.value })}
        data-testid="canvas-edit-text"
        autoFocus
        dir="auto"
      />
      <button type="submit" className="button" disabled={disabled} data-testid="canvas-edit-save">
        {t('board.save')}
      </button>
      <button
        type="button"
        className="button secondary"
        onClick={() => setDraft(null)}
        data-testid="canvas-edit-cancel"
      >
        {t('board.cancel')}
      </button>
    </form>
  );
}

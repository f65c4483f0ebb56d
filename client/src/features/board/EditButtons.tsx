import type { ReactNode } from 'react';
import { useT } from '../../lib/i18n';
import { useReturnFocus } from '../../ui/dismiss';

/**
 * A card's actions: Save and Cancel while its text is being edited, otherwise Edit followed by
 * the card's other actions (delete, moderation).
 */
export function EditButtons({
  editing,
  onEdit,
  onSave,
  onCancel,
  disabled,
  children,
}: {
  editing: boolean;
  onEdit: () => void;
  onSave: () => void;
  onCancel: () => void;
  disabled?: boolean;
  children: ReactNode;
}) {
  const t = useT();
  // After Save or Cancel the focus goes back to Edit. The keys keep React from reusing the focused
  // Cancel button as the card's next action (it landed on Delete).
  const edit = useReturnFocus<HTMLButtonElement>(editing);
  if (editing) {
    return (
      <>
        <button key="save" type="button" className="button" onClick={onSave}>
          {t('board.save')}
        </button>
        <button key="cancel" type="button" className="button secondary" onClick={onCancel}>
          {t('board.cancel')}
        </button>
      </>
    );
  }
  return (
    <>
      <button
        key="edit"
        ref={edit}
        type="button"
        className="button secondary"
        onClick={onEdit}
        disabled={disabled}
      >
        {t('board.edit')}
      </button>
      {children}
    </>
  );
}

import type { ReactNode } from 'react';
import { useT } from '../../lib/i18n';

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
  if (editing) {
    return (
      <>
        <button type="button" className="button" onClick={onSave}>
          {t('board.save')}
        </button>
        <button type="button" className="button secondary" onClick={onCancel}>
          {t('board.cancel')}
        </button>
      </>
    );
  }
  return (
    <>
      <button type="button" className="button secondary" onClick={onEdit} disabled={disabled}>
        {t('board.edit')}
      </button>
      {children}
    </>
  );
}

import { useState, type FormEvent } from 'react';
import { Limits } from '@trellis/shared';
import { useT } from '../../lib/i18n';

/**
 * A small form under each zone: facilitators add cards where they belong, not in a default. The
 * same form makes synthesis points, with its own label.
 */
export function AddCardForm(props: {
  label: string;
  disabled: boolean;
  onAdd: (text: string) => void;
  testId?: string;
}) {
  const { label, disabled, onAdd, testId } = props;
  const t = useT();
  const [text, setText] = useState('');

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    const trimmed = text.trim();
    if (trimmed === '' || disabled) return;
    onAdd(trimmed);
    setText('');
  };

  return (
    <form className="add-card" onSubmit={submit} data-testid={testId}>
      <textarea
        value={text}
        rows={2}
        maxLength={Limits.cardTextMax}
        placeholder={t('board.composer.placeholder')}
        aria-label={label}
        onChange={(event) => setText(event.target.value)}
        disabled={disabled}
      />
      <button type="submit" className="button" disabled={disabled || text.trim() === ''}>
        {label}
      </button>
    </form>
  );
}

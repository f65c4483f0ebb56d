import { useEffect, useRef, useState } from 'react';
import { closeOnEscape, useReturnFocus } from './dismiss';

interface ConfirmButtonProps {
  label: string;
  /**
   * The question shown in place of the button, e.g. "End the session for everyone?"; without
   * one the action is done at once (a card's delete asks only when it takes more than the card).
   */
  question?: string | undefined;
  confirmLabel: string;
  cancelLabel: string;
  /** May move focus itself (to what follows a deleted card); otherwise it returns to the button. */
  onConfirm: () => void;
  disabled?: boolean;
  testId?: string;
  /**
   * A plain button until it asks (the confirm stays red): for an action on every row, where a
   * column of red buttons alarms more than it warns (a participant's Remove).
   */
  quiet?: boolean;
}

/**
 * A destructive action asked twice, in the page: `window.confirm` blocks every tab's timers and
 * cannot be styled, translated or driven from the keyboard the way the rest of the console is.
 * Focus moves to "cancel" when the question opens, so Enter never confirms by accident; Escape
 * cancels, and focus goes back to the button that asked.
 */
export function ConfirmButton(props: ConfirmButtonProps) {
  const { label, question, confirmLabel, cancelLabel, onConfirm, disabled, testId, quiet } = props;
  const [asking, setAsking] = useState(false);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const openerRef = useReturnFocus<HTMLButtonElement>(asking);

  useEffect(() => {
    if (asking) cancelRef.current?.focus();
  }, [asking]);

  if (!asking) {
    return (
      <button
        ref={openerRef}
        type="button"
        className={quiet ? 'button secondary' : 'button danger'}
        onClick={() => (question === undefined ? onConfirm() : setAsking(true))}
        disabled={disabled}
        data-testid={testId}
      >
        {label}
      </button>
    );
  }
  return (
    <span
      className="confirm"
      role="group"
      aria-label={question}
      onKeyDown={closeOnEscape(() => setAsking(false))}
    >
      <span className="confirm-question">{question}</span>
      <button
        type="button"
        className="button danger"
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
        data-testid={testId && `${testId}-confirm`}
      >
        {confirmLabel}
      </button>
      <button
        ref={cancelRef}
        type="button"
        className="button secondary"
        onClick={() => setAsking(false)}
        data-testid={testId && `${testId}-cancel`}
      >
        {cancelLabel}
      </button>
    </span>
  );
}

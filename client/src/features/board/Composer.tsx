import { useId, useState, type FormEvent, type KeyboardEvent } from 'react';
import { Limits } from '@trellis/shared';
import { useT } from '../../lib/i18n';
import { readDraft, writeDraft } from '../../lib/storage';
import { CardLimitNotice } from './CardLimitNotice';
import { SubmitRow } from './SubmitRow';

interface ComposerProps {
  sessionId: string;
  disabled: boolean;
  /** How many cards the phone holds, when that is as many as the session takes ([G12]). */
  full?: number | undefined;
  /** The template's choice (the trust workshop posts without names unless one opts in). */
  anonymousByDefault?: boolean;
  /** Who sees the card, when that is not simply everyone (private writing). */
  note?: string | undefined;
  /**
   * Adds the card. It may be refused (the phase moved on) or, for a private card sent to the
   * server, time out: `false` puts the text back in the composer, so nothing typed is lost.
   */
  onAdd: (text: string, anonymous: boolean) => boolean | Promise<boolean>;
}

/**
 * The one-thumb composer, sticky at the top of the phone while its phase runs. The draft is written through to storage on every keystroke so a
 * dropped connection, a locked phone or a reload never loses a half-written card.
 */
export function Composer({
  sessionId,
  disabled,
  full,
  anonymousByDefault = false,
  note,
  onAdd,
}: ComposerProps) {
  const t = useT();
  const noteId = useId();
  const [text, setText] = useState(() => readDraft(sessionId));
  const [anonymous, setAnonymous] = useState(anonymousByDefault);
  const canAdd = !disabled && full === undefined && text.trim() !== '';

  const change = (next: string): void => {
    setText(next);
    writeDraft(sessionId, next);
  };

  const submit = (event?: FormEvent): void => {
    event?.preventDefault();
    if (!canAdd) return;
    const sent = text.trim();
    const result = onAdd(sent, anonymous);
    change('');
    void Promise.resolve(result).then((ok) => {
      if (ok) return;
      // Only if the person has not started the next card meanwhile.
      setText((current) => (current === '' ? sent : current));
      if (readDraft(sessionId) === '') writeDraft(sessionId, sent);
    });
  };

  // Enter alone is a new line on phones; Ctrl/Cmd+Enter posts for keyboard users.
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>): void => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) submit();
  };

  return (
    <form className="composer" onSubmit={submit}>
      <textarea
        data-testid="composer-input"
        value={text}
        rows={2}
        maxLength={Limits.cardTextMax}
        placeholder={t('board.composer.placeholder')}
        aria-label={t('board.composer.placeholder')}
        onChange={(event) => change(event.target.value)}
        onKeyDown={onKeyDown}
        disabled={disabled}
        aria-describedby={note ? noteId : undefined}
      />
      {note && (
        <p className="composer-note" id={noteId} data-testid="composer-note">
          {note}
        </p>
      )}
      {full !== undefined && <CardLimitNotice count={full} />}
      <SubmitRow
        anonymous={anonymous}
        onAnonymous={setAnonymous}
        disabled={disabled}
        canAdd={canAdd}
        label={t('board.composer.add')}
        anonymousTestId="composer-anonymous"
        submitTestId="composer-submit"
      />
    </form>
  );
}

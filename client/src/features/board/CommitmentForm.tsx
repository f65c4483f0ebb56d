import { useState, type FormEvent } from 'react';
import { Limits } from '@trellis/shared';
import { useT } from '../../lib/i18n';
import { readCommitmentDraft, writeCommitmentDraft, type CommitmentDraft } from '../../lib/storage';
import { SubmitRow } from './SubmitRow';

/** The server's bound on a commitment's organisation, step and date fields ([G5]). */
const FIELD_MAX = 200;

export type CommitmentInput = CommitmentDraft;

interface CommitmentFormProps {
  sessionId: string;
  disabled: boolean;
  anonymousByDefault: boolean;
  onAdd: (commitment: CommitmentInput, anonymous: boolean) => void;
}

/**
 * The closing question as a small structured form: what I bring, to whom, my first small step and
 * by when. Like the composer, every keystroke is kept on the device.
 */
export function CommitmentForm({
  sessionId,
  disabled,
  anonymousByDefault,
  onAdd,
}: CommitmentFormProps) {
  const t = useT();
  const [draft, setDraft] = useState(() => readCommitmentDraft(sessionId));
  const [anonymous, setAnonymous] = useState(anonymousByDefault);
  const canAdd = !disabled && draft.text.trim() !== '';

  const change = (patch: Partial<CommitmentDraft>): void => {
    const next = { ...draft, ...patch };
    setDraft(next);
    writeCommitmentDraft(sessionId, next);
  };

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    if (!canAdd) return;
    onAdd(
      {
        text: draft.text.trim(),
        org: draft.org.trim(),
        step: draft.step.trim(),
        by: draft.by.trim(),
      },
      anonymous,
    );
    change({ text: '', org: '', step: '', by: '' });
  };

  const field = (key: 'org' | 'step' | 'by') => (
    <label className="field">
      {t(`workshop.commit.${key}`)}
      <input
        value={draft[key]}
        maxLength={FIELD_MAX}
        onChange={(event) => change({ [key]: event.target.value })}
        disabled={disabled}
        data-testid={`commit-${key}`}
      />
    </label>
  );

  return (
    <form className="composer commitment-form" onSubmit={submit}>
      <label className="field">
        {t('workshop.commit.what')}
        <textarea
          value={draft.text}
          rows={2}
          maxLength={Limits.cardTextMax}
          onChange={(event) => change({ text: event.target.value })}
          disabled={disabled}
          data-testid="commit-text"
        />
      </label>
      {field('org')}
      {field('step')}
      {field('by')}
      <SubmitRow
        anonymous={anonymous}
        onAnonymous={setAnonymous}
        disabled={disabled}
        canAdd={canAdd}
        label={t('workshop.commit.submit')}
        submitTestId="commit-submit"
      />
    </form>
  );
}

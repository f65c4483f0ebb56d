import { useState, type FormEvent } from 'react';
import { Limits } from '@trellis/shared';
import { useT } from '../../lib/i18n';
import {
  readAuthorOrg,
  readCommitmentDraft,
  writeAuthorOrg,
  writeCommitmentDraft,
  type CommitmentDraft,
} from '../../lib/storage';
import { CardLimitNotice } from './CardLimitNotice';
import { SubmitRow } from './SubmitRow';

export type CommitmentInput = CommitmentDraft & { authorOrg: string };

interface CommitmentFormProps {
  sessionId: string;
  disabled: boolean;
  /** How many cards the phone holds, when that is as many as the session takes ([G12]). */
  full?: number | undefined;
  /**
   * Adds the commitment; `false` (refused: the phase moved on, the server said no) puts it back
   * in the form, so nothing typed is lost.
   */
  onAdd: (commitment: CommitmentInput, anonymous: boolean) => boolean | Promise<boolean>;
}

/**
 * The closing question as a small structured form: what I bring, from which organisation, to
 * whom, my first small step and by when. Like the composer, every keystroke is kept on the device;
 * "my organisation" is kept for the next meeting too. A commitment is named unless the person
 * ticks the box, whatever the template says for statements: the next meeting asks each person
 * how theirs went.
 */
export function CommitmentForm({ sessionId, disabled, full, onAdd }: CommitmentFormProps) {
  const t = useT();
  const [draft, setDraft] = useState(() => readCommitmentDraft(sessionId));
  const [authorOrg, setAuthorOrg] = useState(readAuthorOrg);
  const [anonymous, setAnonymous] = useState(false);
  const canAdd = !disabled && full === undefined && draft.text.trim() !== '';

  const change = (patch: Partial<CommitmentDraft>): void => {
    const next = { ...draft, ...patch };
    setDraft(next);
    writeCommitmentDraft(sessionId, next);
  };

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    if (!canAdd) return;
    const sent = {
      text: draft.text.trim(),
      org: draft.org.trim(),
      step: draft.step.trim(),
      by: draft.by.trim(),
    };
    const result = onAdd({ ...sent, authorOrg: authorOrg.trim() }, anonymous);
    const empty = { text: '', org: '', step: '', by: '' };
    change(empty);
    void Promise.resolve(result).then((ok) => {
      if (ok) return;
      // Only if the person has not started the next one meanwhile.
      const now = readCommitmentDraft(sessionId);
      if (Object.values(now).some((value) => value !== '')) return;
      setDraft(sent);
      writeCommitmentDraft(sessionId, sent);
    });
  };

  const field = (key: 'org' | 'step' | 'by') => (
    <label className="field">
      {t(`workshop.commit.${key}`)}
      <input
        value={draft[key]}
        maxLength={Limits.commitmentFieldMax}
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
      <label className="field">
        {t('workshop.commit.authorOrg')}
        <input
          value={authorOrg}
          maxLength={Limits.commitmentFieldMax}
          autoComplete="organization"
          onChange={(event) => {
            setAuthorOrg(event.target.value);
            writeAuthorOrg(event.target.value.trim());
          }}
          disabled={disabled}
          data-testid="commit-authorOrg"
        />
      </label>
      {field('org')}
      {field('step')}
      {field('by')}
      {full !== undefined && <CardLimitNotice count={full} />}
      <SubmitRow
        anonymous={anonymous}
        onAnonymous={setAnonymous}
        disabled={disabled}
        canAdd={canAdd}
        label={t('workshop.commit.submit')}
        anonymousTestId="commit-anonymous"
        submitTestId="commit-submit"
      />
    </form>
  );
}

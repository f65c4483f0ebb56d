import { useId, useState } from 'react';
import {
  CommitmentView,
  type CommitmentStatus,
  type CommitmentView as View,
  type MessageKey,
} from '@trellis/shared';
import { postJson } from '../../lib/api';
import { useT } from '../../lib/i18n';
import { commitmentApi, failureKey } from './api';
import { STATUSES } from './copies';

type FollowUp = View['followUps'][number];

/** The server's limit on a note ([K3], `CommitmentStatusRequest`). */
const NOTE_MAX = 300;

/**
 * One follow-up meeting: what was said so far, and three big answers. Tapping an answer saves it
 * together with the note above it, so one tap is enough on a phone and a note is never lost
 * behind a second "save" button.
 */
export function FollowUpItem({
  token,
  followUp,
  onSaved,
}: {
  token: string;
  followUp: FollowUp;
  onSaved: (view: View) => void;
}) {
  const t = useT();
  const noteId = useId();
  const [note, setNote] = useState(followUp.note ?? '');
  const [busy, setBusy] = useState<CommitmentStatus | null>(null);
  const [error, setError] = useState<MessageKey | null>(null);

  const mark = async (status: CommitmentStatus): Promise<void> => {
    setBusy(status);
    setError(null);
    // Always sent, even empty: the server keeps a note it is not given, and emptying the field
    // is how someone takes a note back.
    const res = await postJson(
      `${commitmentApi(token)}/status`,
      { sessionId: followUp.sessionId, status, note: note.trim() },
      CommitmentView,
    );
    setBusy(null);
    if (res.ok) onSaved(res.data);
    else setError(failureKey(res.code));
  };

  return (
    <li
      className="followup"
      data-testid="followup"
      data-session-id={followUp.sessionId}
      data-status={followUp.status ?? 'none'}
    >
      <h3 dir="auto">{followUp.title}</h3>
      <p className="followup-saved" role="status" data-testid="followup-saved">
        {followUp.status
          ? t('commitment.saved', { status: t(`followup.status.${followUp.status}`) })
          : t('commitment.notMarked')}
      </p>
      {followUp.note && (
        <p className="copy-note">
          <span className="muted">{t('followup.noteLabel')}</span>{' '}
          <span dir="auto" data-testid="followup-note">
            {followUp.note}
          </span>
        </p>
      )}
      <fieldset className="status-choice" disabled={busy !== null}>
        <legend>{t('commitment.howWent')}</legend>
        <label className="field" htmlFor={noteId}>
          {t('commitment.note')}
        </label>
        <textarea
          id={noteId}
          data-testid="followup-note-input"
          value={note}
          maxLength={NOTE_MAX}
          rows={2}
          dir="auto"
          onChange={(event) => setNote(event.target.value)}
        />
        <div className="status-buttons">
          {STATUSES.map((status) => (
            <button
              key={status}
              type="button"
              className={`button status-button status-${status}`}
              aria-pressed={followUp.status === status}
              data-testid={`mark-${status}`}
              onClick={() => void mark(status)}
            >
              {busy === status ? t('commitment.saving') : t(`followup.status.${status}`)}
            </button>
          ))}
        </div>
        {error && (
          <p className="form-error" role="alert" data-testid="followup-error">
            {t(error)}
          </p>
        )}
      </fieldset>
    </li>
  );
}

import { useState } from 'react';
import type { MessageKey } from '@trellis/shared';
import { useT } from '../../lib/i18n';
import { ConfirmButton } from '../../ui/ConfirmButton';
import { deleteWithKey } from './api';
import { failureKey } from './KeyPrompt';
import { historyPath, type Members } from './useReplayData';

/**
 * The session's participants, each with an "Erase" asked twice: the server rewrites the whole
 * history without their name and attribution, then the page reloads what it shows.
 */
export function EraseParticipants({
  sessionId,
  organiserKey,
  members,
  onErased,
}: {
  sessionId: string;
  organiserKey: string;
  members: Members;
  onErased: () => void;
}) {
  const t = useT();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<MessageKey | null>(null);
  const participants = [...members].filter(([, m]) => m.role === 'participant');

  const erase = async (memberId: string): Promise<void> => {
    setBusy(true);
    setError(null);
    const path = `${historyPath(sessionId)}/members/${encodeURIComponent(memberId)}`;
    const res = await deleteWithKey(path, organiserKey);
    setBusy(false);
    if (!res.ok) {
      const known = res.code === 'network' || res.code === 'unauthorized';
      setError(known ? failureKey(res.code) : 'history.erase.failed');
      return;
    }
    onErased();
  };

  return (
    <section
      className="replay-erase"
      aria-labelledby="erase-heading"
      data-testid="replay-participants"
    >
      <h2 id="erase-heading">{t('history.erase.heading')}</h2>
      <p className="muted">{t('history.erase.help')}</p>
      {error && (
        <p className="form-error" role="alert" data-testid="replay-erase-error">
          {t(error)}
        </p>
      )}
      {participants.length === 0 ? (
        <p className="muted">{t('history.erase.none')}</p>
      ) : (
        <ul className="replay-erase-list">
          {participants.map(([id, member]) => {
            const name = member.name || t('history.erase.unnamed');
            return (
              <li key={id} className="replay-erase-item" data-testid="replay-participant">
                <span dir="auto">{name}</span>
                <ConfirmButton
                  label={t('history.erase.button')}
                  question={t('history.erase.confirm', { name })}
                  confirmLabel={t('history.erase.yes')}
                  cancelLabel={t('board.cancel')}
                  disabled={busy}
                  testId="replay-erase"
                  onConfirm={() => void erase(id)}
                />
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

import { useState } from 'react';
import { KeptLink, type MessageKey } from '@trellis/shared';
import { postJson } from '../../lib/api';
import { useT } from '../../lib/i18n';
import { readKept, rememberKept } from '../../lib/storage';
import { CopyButton } from '../../ui/CopyButton';
import { commitmentPath } from '../followup/api';
import { ackErrorKey } from '../workshop/phaseText';

/**
 * "Keep a private copy" under one's own commitment: the server hands out a device token ([K1]),
 * and the link it makes is the person's way back to this commitment at the next meeting, with no
 * account. The link is remembered on this device too. It goes over HTTP with the phone's own
 * token, which the server still accepts once the session has ended: a phone that did not keep its
 * link during the meeting can on the ended screen.
 */
export function KeepCopy({
  sessionId,
  cardId,
  memberToken,
  label = 'workshop.keep.offer',
}: {
  sessionId: string;
  cardId: string;
  /** The participant's token, from its membership. */
  memberToken: string;
  label?: MessageKey;
}) {
  const t = useT();
  const [token, setToken] = useState(() => readKept(sessionId)[cardId]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<MessageKey | null>(null);

  const keep = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    const res = await postJson('/api/commitments', { cardId }, KeptLink, {
      Authorization: `Bearer ${memberToken}`,
    });
    setBusy(false);
    if (!res.ok) {
      const { code } = res;
      setError(code === 'network' || code === 'unexpected' ? 'ack.failed' : ackErrorKey(code));
      return;
    }
    rememberKept(sessionId, cardId, res.data.token);
    setToken(res.data.token);
  };

  if (token) {
    const link = `${window.location.origin}${commitmentPath(token)}`;
    return (
      <div className="keep-copy" data-testid="keep-copy">
        <p className="card-note">{t('workshop.keep.help')}</p>
        <a className="link break" href={link} dir="ltr" data-testid="keep-link">
          {link}
        </a>
        <CopyButton text={link} label={t('common.copy')} copiedLabel={t('common.copied')} />
      </div>
    );
  }
  return (
    <div className="keep-copy">
      <button
        type="button"
        className="button secondary"
        data-testid="keep-button"
        disabled={busy}
        onClick={() => void keep()}
      >
        {t(label)}
      </button>
      {error && (
        <p className="form-error" role="alert">
          {t(error)}
        </p>
      )}
    </div>
  );
}

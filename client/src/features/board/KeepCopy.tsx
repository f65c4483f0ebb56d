import { useState } from 'react';
import { useT } from '../../lib/i18n';
import { readKept, rememberKept } from '../../lib/storage';
import type { WorkshopChannel } from '../../sync/workshop';
import { CopyButton } from '../../ui/CopyButton';
import { commitmentPath } from '../followup/api';
import { ackErrorKey } from '../workshop/phaseText';
import type { MessageKey } from '@trellis/shared';

/**
 * "Keep a private copy" under one's own commitment: the server hands out a device token ([K1]),
 * and the link it makes is the person's way back to this commitment at the next meeting, with no
 * account. The link is remembered on this device too.
 */
export function KeepCopy({
  sessionId,
  cardId,
  channel,
}: {
  sessionId: string;
  cardId: string;
  channel: WorkshopChannel | null;
}) {
  const t = useT();
  const [token, setToken] = useState(() => readKept(sessionId)[cardId]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<MessageKey | null>(null);

  const keep = async (): Promise<void> => {
    if (!channel) return;
    setBusy(true);
    const res = await channel.request('commitment:keep', { cardId });
    setBusy(false);
    if (!res.ok) {
      setError(ackErrorKey(res.error.code));
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
        disabled={busy || !channel}
        onClick={() => void keep()}
      >
        {t('workshop.keep.offer')}
      </button>
      {error && (
        <p className="form-error" role="alert">
          {t(error)}
        </p>
      )}
    </div>
  );
}

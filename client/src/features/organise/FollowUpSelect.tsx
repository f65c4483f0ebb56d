import { useEffect, useState } from 'react';
import type { ApiFailure } from '../../lib/api';
import { useLocale, useT } from '../../lib/i18n';
import { listSessions } from '../history/api';
import { formatDate } from '../history/format';
import type { SessionSummary } from '@trellis/shared';

type ListState =
  | { status: 'idle' }
  | { status: 'failed'; code: ApiFailure }
  | { status: 'ready'; sessions: SessionSummary[] };

/**
 * "Follow-up of": the earlier sessions from the history API, newest first. The list needs the
 * organiser key, so it loads for the key the organiser has finished typing (`organiserKey`
 * changes on blur and on submit, not on each keystroke) and again after each new session
 * (`refresh`), so the session just created can be followed up next.
 */
export function FollowUpSelect({
  organiserKey,
  refresh,
  value,
  onChange,
}: {
  organiserKey: string;
  refresh: number;
  value: string;
  onChange: (sessionId: string) => void;
}) {
  const t = useT();
  const locale = useLocale();
  const [list, setList] = useState<ListState>({ status: 'idle' });

  useEffect(() => {
    if (!organiserKey) {
      setList({ status: 'idle' });
      return;
    }
    const abort = new AbortController();
    void listSessions(organiserKey, abort.signal).then((res) => {
      if (abort.signal.aborted) return;
      setList(
        res.ok ? { status: 'ready', sessions: res.data } : { status: 'failed', code: res.code },
      );
    });
    return () => abort.abort();
  }, [organiserKey, refresh]);

  // A choice the list no longer holds (another key, a purged session) is not sent.
  useEffect(() => {
    if (!value || list.status === 'idle') return;
    if (list.status === 'failed' || !list.sessions.some((s) => s.id === value)) onChange('');
  }, [value, list, onChange]);

  const sessions = list.status === 'ready' ? list.sessions : [];
  const help =
    list.status === 'ready'
      ? t('organise.followUpHelp')
      : list.status === 'failed' && list.code !== 'unauthorized'
        ? t('common.unexpected')
        : t('organise.followUpNeedsKey');
  return (
    <label className="field">
      <span>{t('organise.followUpOf')}</span>
      <select
        data-testid="organise-followup"
        value={value}
        disabled={list.status !== 'ready'}
        onChange={(event) => onChange(event.target.value)}
      >
        <option value="">{t('organise.followUpNone')}</option>
        {sessions.map((s) => (
          <option key={s.id} value={s.id}>
            {t('organise.followUpOption', {
              title: s.title,
              date: formatDate(locale, s.createdAt),
            })}
          </option>
        ))}
      </select>
      <small className="muted" data-testid="organise-followup-help">
        {help}
      </small>
    </label>
  );
}

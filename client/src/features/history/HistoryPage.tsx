import { useEffect, useState } from 'react';
import type { ApiFailure } from '../../lib/api';
import { useLocale, useT } from '../../lib/i18n';
import { LanguagePicker } from '../../ui/LanguagePicker';
import { Loading } from '../../ui/Loading';
import { listSessions } from './api';
import { formatDate, formatDuration, formatNumber } from './format';
import { failureKey, KeyPrompt, useOrganiserKey } from './KeyPrompt';
import { followLink } from './links';
import type { SessionSummary } from '@trellis/shared';
import './history.css';

type ListState =
  | { status: 'loading' }
  | { status: 'failed'; code: ApiFailure }
  | { status: 'ready'; sessions: SessionSummary[] };

/** `/history`: the instance's past sessions, newest first, each opening its replay. */
export default function HistoryPage() {
  const t = useT();
  const { key, attempt, submit } = useOrganiserKey();
  const [list, setList] = useState<ListState>({ status: 'loading' });

  useEffect(() => {
    if (!key) return;
    const abort = new AbortController();
    setList({ status: 'loading' });
    void listSessions(key, abort.signal).then((res) => {
      if (abort.signal.aborted) return;
      setList(
        res.ok ? { status: 'ready', sessions: res.data } : { status: 'failed', code: res.code },
      );
    });
    return () => abort.abort();
  }, [key, attempt]);

  const refused = list.status === 'failed' && list.code === 'unauthorized';
  return (
    <main className="page history-page">
      <header className="history-top">
        <h1>{t('history.title')}</h1>
        <LanguagePicker />
      </header>
      {!key || refused ? (
        <KeyPrompt onSubmit={submit} error={refused ? failureKey(list.code) : undefined} />
      ) : list.status === 'loading' ? (
        <Loading label={t('common.loading')} />
      ) : list.status === 'failed' ? (
        <p className="form-error" role="alert" data-testid="history-error">
          {t(failureKey(list.code))}
        </p>
      ) : (
        <SessionTable sessions={list.sessions} />
      )}
    </main>
  );
}

function SessionTable({ sessions }: { sessions: SessionSummary[] }) {
  const t = useT();
  const locale = useLocale();
  if (sessions.length === 0) return <p data-testid="history-empty">{t('history.empty')}</p>;
  return (
    <div className="history-table-wrap">
      <table className="history-table" data-testid="history-sessions">
        <thead>
          <tr>
            <th scope="col">{t('history.col.title')}</th>
            <th scope="col">{t('history.col.date')}</th>
            <th scope="col">{t('history.col.participants')}</th>
            <th scope="col">{t('history.col.duration')}</th>
            <th scope="col">{t('history.col.updates')}</th>
          </tr>
        </thead>
        <tbody>
          {sessions.map((s) => (
            <tr key={s.id} data-testid="history-session" data-session-id={s.id}>
              <th scope="row">
                <a
                  className="link"
                  href={`/history/${encodeURIComponent(s.id)}`}
                  onClick={followLink}
                  dir="auto"
                >
                  {s.title}
                </a>
                {s.endedAt === null && (
                  <span className="history-badge">{t('history.inProgress')}</span>
                )}
              </th>
              <td>{formatDate(locale, s.createdAt)}</td>
              <td className="num">{formatNumber(locale, s.participants)}</td>
              <td className="num">{formatDuration(locale, s.durationMs)}</td>
              <td className="num">{formatNumber(locale, s.updates)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

import { useEffect, useState } from 'react';
import { CommitmentView } from '@trellis/shared';
import { getJson, type ApiFailure } from '../../lib/api';
import { useLocale, useT } from '../../lib/i18n';
import { CopyButton } from '../../ui/CopyButton';
import { LanguagePicker } from '../../ui/LanguagePicker';
import { Loading } from '../../ui/Loading';
import { formatDate } from '../history/format';
import { commitmentApi, commitmentPath, failureKey } from './api';
import { FollowUpItem } from './FollowUpItem';
import './followup.css';
import './commitment.css';

type PageState =
  | { status: 'loading' }
  | { status: 'failed'; code: ApiFailure }
  | { status: 'ready'; view: CommitmentView };

/**
 * `/c/<token>`: a commitment kept with "keep a private copy", opened weeks later on the same
 * phone or another one. No account and no session membership: the token alone reads the
 * commitment and marks how it went at each follow-up meeting ([K1], [K3]).
 */
export default function CommitmentPage({ token }: { token: string }) {
  const t = useT();
  const [state, setState] = useState<PageState>({ status: 'loading' });

  useEffect(() => {
    let current = true;
    void getJson(commitmentApi(token), CommitmentView).then((res) => {
      if (!current) return;
      setState(res.ok ? { status: 'ready', view: res.data } : { status: 'failed', code: res.code });
    });
    return () => {
      current = false;
    };
  }, [token]);

  return (
    <main className="page narrow commitment-page">
      <header className="commitment-top">
        <h1>{t('commitment.title')}</h1>
        <LanguagePicker />
      </header>
      {state.status === 'loading' ? (
        <Loading label={t('common.loading')} />
      ) : state.status === 'failed' ? (
        <div className="stack">
          <p className="form-error" role="alert" data-testid="commitment-error">
            {t(failureKey(state.code))}
          </p>
          <a className="link" href="/">
            {t('join.title')}
          </a>
        </div>
      ) : (
        <Kept
          token={token}
          view={state.view}
          onChange={(view) => setState({ status: 'ready', view })}
        />
      )}
    </main>
  );
}

function Kept({
  token,
  view,
  onChange,
}: {
  token: string;
  view: CommitmentView;
  onChange: (view: CommitmentView) => void;
}) {
  const t = useT();
  const locale = useLocale();
  const link = `${window.location.origin}${commitmentPath(token)}`;
  const rows = [
    ['workshop.commit.what', view.text],
    ['workshop.commit.authorOrg', view.authorOrg],
    ['workshop.commit.org', view.org],
    ['workshop.commit.step', view.step],
    ['workshop.commit.by', view.by],
  ] as const;
  return (
    <div className="stack">
      <article className="kept-commitment" data-testid="kept-commitment">
        <dl className="kept-details">
          {rows.map(([key, value]) =>
            value ? (
              <div key={key}>
                <dt>{t(key)}</dt>
                <dd dir="auto" data-testid={`kept-${key.split('.').pop() ?? key}`}>
                  {value}
                </dd>
              </div>
            ) : null,
          )}
        </dl>
        <p className="muted" data-testid="kept-from">
          {t('commitment.from', {
            title: view.sessionTitle,
            date: formatDate(locale, view.createdAt),
          })}
        </p>
      </article>
      <section className="kept-link" aria-labelledby="kept-link-note">
        <p id="kept-link-note" data-testid="commitment-private">
          {t('commitment.private')}
        </p>
        <p className="link-line break" dir="ltr">
          {link}
        </p>
        <CopyButton text={link} label={t('commitment.copyLink')} copiedLabel={t('common.copied')} />
      </section>
      <section aria-labelledby="followups-heading">
        <h2 id="followups-heading">{t('commitment.followUps')}</h2>
        {view.followUps.length === 0 ? (
          <p data-testid="no-followups">{t('commitment.noFollowUps')}</p>
        ) : (
          <ul className="followups">
            {view.followUps.map((followUp) => (
              <FollowUpItem
                key={followUp.sessionId}
                token={token}
                followUp={followUp}
                onSaved={onChange}
              />
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

import { useState, type FormEvent } from 'react';
import {
  CreateSessionResponse,
  Limits,
  TEMPLATE_IDS,
  type TemplateId,
  type CreateSessionResponse as Created,
  type Locale,
  type MessageKey,
} from '@trellis/shared';
import { postJson, type ApiFailure } from '../../lib/api';
import { useLocale, useT } from '../../lib/i18n';
import { readOrganiserKey, writeOrganiserKey } from '../../lib/storage';
import { CopyButton } from '../../ui/CopyButton';
import { LanguagePicker } from '../../ui/LanguagePicker';
import { FollowUpSelect } from './FollowUpSelect';
import './organise.css';
import { OrganiserKeyField } from '../../ui/OrganiserKeyField';

const errorKey = (code: ApiFailure): MessageKey => {
  switch (code) {
    case 'unauthorized':
    case 'bad_request':
    case 'not_found':
    case 'network':
      return `organise.errors.${code}`;
    default:
      return 'common.unexpected';
  }
};

/**
 * Tokens go after `#`, which browsers never send to a server or put in a Referer. The projector
 * link carries the organiser's language: the big screen speaks the facilitator's.
 */
function linksFor(
  created: Created,
  locale: Locale,
): {
  facilitator: string;
  projector: string;
  participant: string;
} {
  const origin = window.location.origin;
  const id = encodeURIComponent(created.id);
  const ft = encodeURIComponent(created.facilitatorToken);
  const pt = encodeURIComponent(created.projectorToken);
  return {
    facilitator: `${origin}/f/${id}#token=${ft}&projector=${pt}`,
    projector: `${origin}/p/${id}#token=${pt}&lang=${locale}`,
    participant: `${origin}/j/${encodeURIComponent(created.joinCode)}`,
  };
}

/** `/organise`: start a session with the instance's organiser key and hand out its links. */
export default function OrganisePage() {
  const t = useT();
  const locale = useLocale();
  const [key, setKey] = useState(readOrganiserKey);
  const [title, setTitle] = useState('');
  // The trust workshop is what Trellis is for; the others are one choice away.
  const [template, setTemplate] = useState<TemplateId>('trust');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<MessageKey | null>(null);
  const [created, setCreated] = useState<Created | null>(null);
  // The earlier session this one follows up ('' = none), and the key its list was loaded with.
  const [followUpOf, setFollowUpOf] = useState('');
  /** Empty: the instance's default (`RETENTION_DAYS`). */
  const [retention, setRetention] = useState('');
  /** Empty: `Limits.cardsPerParticipant`. */
  const [cardLimit, setCardLimit] = useState('');
  const [listKey, setListKey] = useState(() => key.trim());
  const [listRefresh, setListRefresh] = useState(0);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (title.trim() === '') {
      setError('organise.errors.bad_request');
      return;
    }
    const limit = Number(cardLimit);
    if (
      cardLimit !== '' &&
      !(Number.isInteger(limit) && limit >= 1 && limit <= Limits.cardsPerParticipantMax)
    ) {
      setError('organise.errors.cardLimit');
      return;
    }
    setBusy(true);
    setError(null);
    writeOrganiserKey(key.trim());
    setListKey(key.trim());
    const res = await postJson(
      '/api/sessions',
      {
        title: title.trim(),
        template,
        // The ground rules the session starts with are written in the organiser's language.
        locale,
        ...(followUpOf && { followUpOf }),
        ...(retention !== '' && { retentionDays: Number(retention) }),
        ...(cardLimit !== '' && { cardsPerParticipant: limit }),
      },
      CreateSessionResponse,
      { Authorization: `Bearer ${key.trim()}` },
    );
    setBusy(false);
    if (res.ok) {
      setCreated(res.data);
      setListRefresh((n) => n + 1);
    } else setError(errorKey(res.code));
  };

  const links = created ? linksFor(created, locale) : null;

  return (
    <main className="page narrow organise-page">
      <LanguagePicker />
      <h1>{t('organise.title')}</h1>
      <form className="stack" onSubmit={(event) => void submit(event)} noValidate>
        <OrganiserKeyField
          value={key}
          onChange={setKey}
          onBlur={() => setListKey(key.trim())}
          testId="organise-key"
        />
        <label className="field">
          <span>{t('organise.sessionTitle')}</span>
          <input
            data-testid="organise-title"
            value={title}
            onChange={(event) => setTitle(event.target.value)}
            maxLength={Limits.titleMax}
          />
        </label>
        <label className="field">
          <span>{t('organise.template')}</span>
          <select
            data-testid="organise-template"
            value={template}
            onChange={(event) => {
              const next = TEMPLATE_IDS.find((id) => id === event.target.value);
              if (next) setTemplate(next);
            }}
          >
            {TEMPLATE_IDS.map((id) => (
              <option key={id} value={id}>
                {t(`template.${id}`)}
              </option>
            ))}
          </select>
        </label>
        <FollowUpSelect
          organiserKey={listKey}
          refresh={listRefresh}
          value={followUpOf}
          onChange={setFollowUpOf}
        />
        <label className="field">
          <span>{t('organise.retention')}</span>
          <input
            data-testid="organise-retention"
            type="number"
            inputMode="numeric"
            min={1}
            max={3650}
            step={1}
            value={retention}
            onChange={(event) => setRetention(event.target.value)}
          />
          <small className="muted">{t('organise.retentionHelp')}</small>
        </label>
        <label className="field">
          <span>{t('organise.cardLimit')}</span>
          <input
            data-testid="organise-card-limit"
            type="number"
            inputMode="numeric"
            min={1}
            max={Limits.cardsPerParticipantMax}
            step={1}
            value={cardLimit}
            placeholder={String(Limits.cardsPerParticipant)}
            onChange={(event) => setCardLimit(event.target.value)}
          />
          <small className="muted">
            {t('organise.cardLimitHelp', { count: Limits.cardsPerParticipant })}
          </small>
        </label>
        {error && (
          <p className="form-error" role="alert" data-testid="organise-error">
            {t(error, { max: Limits.cardsPerParticipantMax })}
          </p>
        )}
        <button
          type="submit"
          className="button primary"
          data-testid="organise-submit"
          disabled={busy}
        >
          {busy ? t('organise.creating') : t('organise.create')}
        </button>
      </form>
      {created && links && (
        <section className="created stack" aria-live="polite">
          <p>{t('organise.created')}</p>
          <LinkRow
            label={t('organise.links.facilitator')}
            href={links.facilitator}
            testId="link-facilitator"
          />
          <LinkRow
            label={t('organise.links.projector')}
            href={links.projector}
            testId="link-projector"
          />
          <LinkRow
            label={t('organise.links.participant', { code: created.joinCode })}
            href={links.participant}
            testId="link-participant"
          />
          <p className="big-code" data-testid="organise-join-code">
            {created.joinCode}
          </p>
        </section>
      )}
    </main>
  );
}

function LinkRow({ label, href, testId }: { label: string; href: string; testId: string }) {
  const t = useT();
  return (
    <div className="link-row">
      <p className="link-label">{label}</p>
      <a
        className="link break"
        dir="ltr"
        href={href}
        target="_blank"
        rel="noreferrer"
        data-testid={testId}
      >
        {href}
      </a>
      <CopyButton text={href} label={t('common.copy')} copiedLabel={t('common.copied')} />
    </div>
  );
}

import { useId, useState, type FormEvent } from 'react';
import {
  JoinResponse,
  Limits,
  normaliseJoinCode,
  type JoinRequest,
  type MessageKey,
} from '@trellis/shared';
import { postJson, type ApiFailure } from '../../lib/api';
import { useT } from '../../lib/i18n';
import { navigate } from '../../lib/router';
import { readDeviceId, readLastName, saveMembership, writeLastName } from '../../lib/storage';
import { LanguagePicker } from '../../ui/LanguagePicker';
import './join.css';

const errorKey = (code: ApiFailure): MessageKey => {
  switch (code) {
    case 'not_found':
    case 'gone':
    case 'forbidden': // [J13] this device, or this name, was removed by the facilitator
    case 'rate_limited':
    case 'bad_request':
    case 'network':
      return `join.errors.${code}`;
    case 'invalid_json':
      return 'join.errors.bad_request';
    default:
      return 'common.unexpected';
  }
};

/** Errors that say the code itself is wrong, as opposed to the network, the name or the room. */
const CODE_ERRORS: readonly MessageKey[] = ['join.errors.not_found', 'join.errors.bad_request'];

/** `/` and `/j/<code>`: the phone's way in. Fast path from a QR: the code is already filled. */
export default function JoinPage({ code: initialCode = '' }: { code?: string | undefined }) {
  const t = useT();
  const [code, setCode] = useState(() => normaliseJoinCode(initialCode));
  const [name, setName] = useState(readLastName);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<MessageKey | null>(null);
  const errorId = useId();

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const normal = normaliseJoinCode(code);
    if (normal === '') {
      setError('join.errors.bad_request');
      return;
    }
    setBusy(true);
    setError(null);
    const trimmed = name.trim();
    const request: JoinRequest = { code: normal, device: readDeviceId() };
    if (trimmed) request.name = trimmed;
    const res = await postJson('/api/join', request, JoinResponse);
    setBusy(false);
    if (!res.ok) {
      setError(errorKey(res.code));
      return;
    }
    writeLastName(trimmed);
    saveMembership(res.data.sessionId, {
      token: res.data.token,
      participantId: res.data.participantId,
      name: trimmed || undefined,
    });
    navigate(`/s/${encodeURIComponent(res.data.sessionId)}`);
  };

  return (
    <main className="page narrow join-page">
      <LanguagePicker />
      <h1>{t('app.name')}</h1>
      <p className="muted">{t('app.tagline')}</p>
      <form className="stack" onSubmit={(event) => void submit(event)} noValidate>
        <h2>{t('join.title')}</h2>
        <label className="field">
          <span>{t('join.code')}</span>
          <input
            data-testid="join-code"
            className="code-input"
            value={code}
            onChange={(event) => setCode(event.target.value.toUpperCase())}
            autoComplete="off"
            autoCapitalize="characters"
            autoCorrect="off"
            spellCheck={false}
            inputMode="text"
            maxLength={32}
            autoFocus={initialCode === ''}
            required
            aria-invalid={error !== null && CODE_ERRORS.includes(error)}
            aria-describedby={error ? errorId : undefined}
          />
        </label>
        <label className="field">
          <span>{t('join.name')}</span>
          <input
            data-testid="join-name"
            value={name}
            onChange={(event) => setName(event.target.value)}
            autoComplete="nickname"
            maxLength={Limits.nameMax}
            autoFocus={initialCode !== ''}
          />
        </label>
        {error && (
          <p className="form-error" role="alert" id={errorId} data-testid="join-error">
            {t(error)}
          </p>
        )}
        <button type="submit" className="button primary" data-testid="join-submit" disabled={busy}>
          {busy ? t('join.joining') : t('join.submit')}
        </button>
      </form>
      <p className="footer-link">
        <a
          className="link"
          href="/organise"
          onClick={(event) => {
            event.preventDefault();
            navigate('/organise');
          }}
        >
          {t('join.organiserLink')}
        </a>
      </p>
    </main>
  );
}

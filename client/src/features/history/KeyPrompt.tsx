import { useState, type FormEvent } from 'react';
import type { MessageKey } from '@trellis/shared';
import type { ApiFailure } from '../../lib/api';
import { useT } from '../../lib/i18n';
import { readOrganiserKey, writeOrganiserKey } from '../../lib/storage';
import { OrganiserKeyField } from '../../ui/OrganiserKeyField';

/** What to tell an organiser when the history API refused or failed. */
export function failureKey(code: ApiFailure): MessageKey {
  switch (code) {
    case 'unauthorized':
    case 'not_found':
    case 'network':
      return `history.errors.${code}`;
    default:
      return 'common.unexpected';
  }
}

/**
 * The organiser key, kept for this tab like the organise page keeps it (sessionStorage), so
 * whoever started a session can open its history without typing the key again.
 */
export function useOrganiserKey(): {
  key: string;
  attempt: number;
  submit(key: string): void;
} {
  const [key, setKey] = useState(readOrganiserKey);
  // Bumped on every submit so the same key typed again still retries.
  const [attempt, setAttempt] = useState(0);
  return {
    key,
    attempt,
    submit(next: string) {
      writeOrganiserKey(next);
      setKey(next);
      setAttempt((n) => n + 1);
    },
  };
}

export function KeyPrompt({
  onSubmit,
  error,
}: {
  onSubmit: (key: string) => void;
  error: MessageKey | undefined;
}) {
  const t = useT();
  const [value, setValue] = useState(readOrganiserKey);
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    if (value.trim() !== '') onSubmit(value.trim());
  };
  return (
    <form className="stack history-key" onSubmit={submit} noValidate>
      <p>{t('history.keyPrompt')}</p>
      <OrganiserKeyField value={value} onChange={setValue} testId="history-key" />
      {error && (
        <p className="form-error" role="alert" data-testid="history-error">
          {t(error)}
        </p>
      )}
      <button type="submit" className="button primary" data-testid="history-key-submit">
        {t('history.open')}
      </button>
    </form>
  );
}

import { useT } from '../lib/i18n';

/** The organiser key's input, the same on the organise page and in front of the history. */
export function OrganiserKeyField({
  value,
  onChange,
  onBlur,
  testId,
}: {
  value: string;
  onChange: (value: string) => void;
  onBlur?: () => void;
  testId: string;
}) {
  const t = useT();
  return (
    <label className="field">
      <span>{t('organise.key')}</span>
      <input
        data-testid={testId}
        type="password"
        value={value}
        onChange={(event) => onChange(event.target.value)}
        onBlur={onBlur}
        autoComplete="current-password"
      />
      <small className="muted">{t('organise.keyHelp')}</small>
    </label>
  );
}

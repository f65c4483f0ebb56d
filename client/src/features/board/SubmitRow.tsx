import { useT } from '../../lib/i18n';

/** The foot of a phone's composer: "post without my name" and the button that adds the card. */
export function SubmitRow({
  anonymous,
  onAnonymous,
  disabled,
  canAdd,
  label,
  anonymousTestId,
  submitTestId,
}: {
  anonymous: boolean;
  onAnonymous: (on: boolean) => void;
  disabled: boolean;
  canAdd: boolean;
  label: string;
  anonymousTestId?: string;
  submitTestId: string;
}) {
  const t = useT();
  return (
    <div className="composer-row">
      <label className="check">
        <input
          type="checkbox"
          checked={anonymous}
          onChange={(event) => onAnonymous(event.target.checked)}
          disabled={disabled}
          data-testid={anonymousTestId}
        />
        {t('board.composer.anonymous')}
      </label>
      <button
        type="submit"
        className="button primary"
        data-testid={submitTestId}
        disabled={!canAdd}
      >
        {label}
      </button>
    </div>
  );
}

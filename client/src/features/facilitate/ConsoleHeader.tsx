import { useLocale, useT } from '../../lib/i18n';
import { LanguagePicker } from '../../ui/LanguagePicker';

/** The console's title line: the session, the join code, and the projector's window. */
export function ConsoleHeader({
  sessionId,
  title,
  joinCode,
  projectorToken,
}: {
  sessionId: string;
  title: string;
  joinCode: string | undefined;
  projectorToken: string;
}) {
  const t = useT();
  const locale = useLocale();
  const openProjector = (): void => {
    const url = `/p/${encodeURIComponent(sessionId)}#token=${encodeURIComponent(projectorToken)}&lang=${locale}`;
    window.open(url, 'trellis-projector', 'popup,width=1280,height=720');
  };
  return (
    <header className="console-header">
      <div>
        <p className="muted">{t('facilitate.title')}</p>
        <h1 data-testid="board-title" dir="auto">
          {title}
        </h1>
      </div>
      <div className="console-tools">
        <LanguagePicker />
        {joinCode && (
          <p className="join-code" data-testid="facilitator-join-code">
            {t('facilitate.joinCode', { code: joinCode })}
          </p>
        )}
        {projectorToken && (
          <button
            type="button"
            className="button primary"
            onClick={openProjector}
            data-testid="open-projector"
          >
            {t('facilitate.openProjector')}
          </button>
        )}
      </div>
    </header>
  );
}

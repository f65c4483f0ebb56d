import type { ReactNode } from 'react';
import { useT } from '../../lib/i18n';
import type { BoardState } from '../../sync/connectBoard';
import { Banner } from '../../ui/Banner';

interface BoardNoticesProps {
  state: BoardState;
  offline: boolean;
  /** Offered with a bad-link message, e.g. "join again" for participants. */
  recovery?: ReactNode;
}

/** The one place that explains why a board is not live; every screen shows the same words. */
export function BoardNotices({ state, offline, recovery }: BoardNoticesProps) {
  const t = useT();
  switch (state.closeReason) {
    case 'badLink':
      return (
        <Banner tone="error" testId="board-closed">
          {t('board.badLink')} {recovery}
        </Banner>
      );
    case 'rejected':
      return (
        <Banner tone="error" testId="board-closed">
          {t('board.rejected')}{' '}
          <button type="button" className="button" onClick={() => window.location.reload()}>
            {t('common.reload')}
          </button>
        </Banner>
      );
    case 'removed':
      return (
        <Banner tone="error" testId="board-closed">
          <span data-testid="board-removed">{t('board.removed')}</span>
        </Banner>
      );
    case 'replaced':
      // Reloading takes the board back here; the other tab is then the one told.
      return (
        <Banner tone="info" testId="board-closed">
          <span data-testid="board-replaced">{t('board.replaced')}</span>{' '}
          <button type="button" className="button" onClick={() => window.location.reload()}>
            {t('board.useHere')}
          </button>
        </Banner>
      );
    case 'ended':
      return (
        <Banner tone="info" testId="board-closed">
          {t('board.ended')}
        </Banner>
      );
    case null:
      if (offline) {
        return (
          <Banner tone="warning" testId="offline-banner">
            {t('board.offline')}
          </Banner>
        );
      }
      if (!state.synced) return <p className="connecting">{t('board.connecting')}</p>;
      return null;
  }
}

import { useDeferredValue, useMemo } from 'react';
import { addCard, newCardId, readWorkshop, type CardKind } from '@trellis/shared';
import { useT } from '../../lib/i18n';
import { readHashParams } from '../../lib/router';
import { useLiveBoard } from '../../sync/useLiveBoard';
import { Announcer, LiveRegion } from '../../ui/Announcer';
import { Banner } from '../../ui/Banner';
import { BoardNotices } from '../board/BoardNotices';
import { BoardCanvas } from './canvas/BoardCanvas';
import { useBoardVersion } from './canvas/useBoardVersion';
import { useConsoleView, ViewToggle } from './canvas/ViewToggle';
import { ConsoleHeader } from './ConsoleHeader';
import { ConsoleSide } from './ConsoleSide';
import { useConsoleBoard } from './consoleView';
import { ControlBar } from './ControlBar';
import { FacilitatorHint } from './FacilitatorHint';
import { PrivateInbox } from './PrivateInbox';
import { UndoButton } from './UndoButton';
import { useFacilitate } from './useFacilitate';
import { useHandAnnouncements } from './useHandAnnouncements';
import { useUndo } from './undo';
import { ZoneList } from './ZoneList';
import './facilitate.css';

/** `/f/<sessionId>#token=…&projector=…`: the facilitator's laptop console. */
export default function FacilitatePage({ sessionId }: { sessionId: string }) {
  const t = useT();
  const hash = useMemo(() => readHashParams(), []);
  const token = hash.get('token') ?? '';
  if (!token) {
    return (
      <main className="page">
        <Banner tone="error">{t('board.badLink')}</Banner>
      </main>
    );
  }
  return (
    <Announcer>
      <Console sessionId={sessionId} token={token} projectorToken={hash.get('projector') ?? ''} />
    </Announcer>
  );
}

interface ConsoleProps {
  sessionId: string;
  token: string;
  projectorToken: string;
}

const NO_RESULTS: Readonly<Record<string, number>> = {};

function Console({ sessionId, token, projectorToken }: ConsoleProps) {
  const t = useT();
  const liveBoard = useLiveBoard(sessionId, token);
  const { board, state, workshop, channel, live } = liveBoard;
  const { run, error, dismiss } = useFacilitate(channel);
  const [boardView, setBoardView] = useConsoleView();
  // The board as the console shows it follows the room's changes in a transition (useBoardVersion).
  const boardVersion = useBoardVersion(board?.doc);
  const boardWorkshop = useMemo(
    () => (board ? readWorkshop(board.doc) : undefined),
    [board, boardVersion],
  );
  const view = useConsoleBoard({ ...liveBoard, version: boardVersion, workshop: boardWorkshop });
  const undo = useUndo(board?.doc);
  // The panels that open once the board has synced (phase, timer, inbox, snapshots…) are built in
  // a render of their own: the board's first sync (600 cards read by Yjs) is a long task already,
  // and building them in it too took that task past 200 ms with the CPU slowed 4×.
  const panelState = useDeferredValue(state);
  useHandAnnouncements(live.signals, state.presence);

  const ended = state.closeReason === 'ended' || workshop?.ended === true;
  const disabled = !board || state.closeReason !== null || ended;
  const title = view?.meta.title || state.session?.title || t('app.name');

  // Facilitator cards carry no authorId: they are the facilitator's voice, not a participant's.
  const add = (zone: string | undefined, text: string, kind: CardKind): void => {
    if (board) addCard(board.doc, { id: newCardId(), kind, text, zone });
  };

  return (
    <div className="page console">
      <ConsoleHeader
        sessionId={sessionId}
        title={title}
        joinCode={state.session?.joinCode}
        projectorToken={projectorToken}
      />
      <BoardNotices state={state} offline={liveBoard.offline} />
      {error && (
        <Banner tone="error" testId="console-error">
          {t(error)}{' '}
          <button type="button" className="button secondary" onClick={dismiss}>
            {t('facilitate.dismiss')}
          </button>
        </Banner>
      )}
      {((workshop && panelState.synced) || ended) && (
        <FacilitatorHint
          sessionId={sessionId}
          workshop={workshop}
          signals={live.signals}
          ended={ended}
        />
      )}
      {workshop && panelState.synced && (
        <ControlBar
          workshop={workshop}
          live={live}
          zones={view?.zones ?? []}
          disabled={disabled}
          run={run}
        />
      )}
      <div className={`console-body${boardView === 'canvas' ? ' console-body-wide' : ''}`}>
        <main className="console-main">
          <LiveRegion />
          <div className="console-tools-row">
            <ViewToggle view={boardView} onChange={setBoardView} />
            <UndoButton undo={undo} disabled={disabled} />
          </div>
          {panelState.synced && (
            <PrivateInbox
              channel={channel}
              signals={live.signals}
              disabled={disabled}
              onStep={undo.push}
            />
          )}
          {board && view && boardView === 'canvas' ? (
            <BoardCanvas
              doc={board.doc}
              awareness={board.awareness}
              spotlight={workshop?.spotlight?.cardId}
              onSpotlight={(cardId) => void run({ type: 'spotlight', cardId, zone: null })}
              cards={view.cards}
              zones={view.zones}
              points={view.points}
              results={boardWorkshop?.results ?? NO_RESULTS}
              pointZone={view.pointZone}
              disabled={disabled}
            />
          ) : (
            board &&
            view && (
              <ZoneList
                doc={board.doc}
                view={view}
                workshop={workshop}
                disabled={disabled}
                run={run}
                add={add}
              />
            )
          )}
        </main>
        <ConsoleSide
          state={panelState}
          live={live}
          channel={channel}
          workshop={workshop}
          disabled={disabled}
          run={run}
          onNewPoint={
            view?.synthesisZone === false
              ? (text) => add(view.pointZone, text, 'synthesis')
              : undefined
          }
        />
      </div>
    </div>
  );
}

import { useMemo } from 'react';
import {
  listCards,
  listZones,
  metaOf,
  readMeta,
  type Signals,
  type WorkshopState,
} from '@trellis/shared';
import { useParticipantCount, useT } from '../../lib/i18n';
import { readHashParams } from '../../lib/router';
import { useLiveBoard } from '../../sync/useLiveBoard';
import { Banner } from '../../ui/Banner';
import { BoardNotices } from '../board/BoardNotices';
import { readCopies } from '../followup/copies';
import { arrangeBoard, type ArrangedZone } from '../workshop/arrange';
import { phasePrompt, phaseTitle } from '../workshop/phaseText';
import { Timer } from '../workshop/Timer';
import { FloatingReactions, RevealedMoment } from './ProjectorOverlays';
import { ProjectorCard, ProjectorZones } from './ProjectorZones';
import { QrCode } from './QrCode';
import './present.css';

/** `/p/<sessionId>#token=…`: the big screen. It reads the board and never writes to it. */
export default function PresentPage({ sessionId }: { sessionId: string }) {
  const t = useT();
  const token = useMemo(() => readHashParams().get('token') ?? '', []);
  if (!token) {
    return (
      <main className="projector">
        <Banner tone="error">{t('board.badLink')}</Banner>
      </main>
    );
  }
  return <Projector sessionId={sessionId} token={token} />;
}

/**
 * What the room looks at: the spotlit zone alone, else on a phased board the zones in use plus
 * the one the phase writes to. A board without phases shows every zone.
 */
function shownZones(zones: ArrangedZone[], workshop: WorkshopState | undefined): ArrangedZone[] {
  const spotZone = workshop?.spotlight?.zone;
  if (spotZone !== undefined) return zones.filter((group) => group.zone?.id === spotZone);
  if (!workshop || workshop.template.phases.length === 0) return zones;
  const target = workshop.phase?.spec.zone;
  return zones.filter((group) => group.items.length > 0 || group.zone?.id === target);
}

function Projector({ sessionId, token }: { sessionId: string; token: string }) {
  const t = useT();
  const participants = useParticipantCount();
  const { board, state, offline, version, workshop, live } = useLiveBoard(sessionId, token);

  const view = useMemo(() => {
    if (!board) return undefined;
    const revealedAt = metaOf(board.doc).get('revealedAt');
    return {
      meta: readMeta(board.doc),
      arranged: arrangeBoard(listCards(board.doc), listZones(board.doc)),
      revealedAt: typeof revealedAt === 'number' ? revealedAt : undefined,
      copies: readCopies(board.doc),
    };
    // `version` is the doc's change counter: the doc mutates in place, so it is the real input.
  }, [board, version]);

  const joinCode = state.session?.joinCode ?? '';
  const joinUrl = `${window.location.origin}/j/${encodeURIComponent(joinCode)}`;
  const title = view?.meta.title || state.session?.title || t('app.name');
  const phase = workshop?.phase;
  const results = workshop?.results ?? {};
  const zones = view ? shownZones(view.arranged, workshop) : [];
  const spotCardId = workshop?.spotlight?.cardId;
  const spotlit = view?.arranged
    .flatMap((group) => group.items)
    .find((item) => item.card.id === spotCardId);
  const phased = (workshop?.template.phases.length ?? 0) > 0;

  return (
    <div className="projector">
      <header className="projector-header">
        <div className="projector-heading">
          <h1 className="projector-title" data-testid="board-title" dir="auto">
            {title}
          </h1>
          {phase && (
            <>
              <h2 className="projector-phase" data-testid="projector-phase" dir="auto">
                {phaseTitle(phase, t)}
              </h2>
              <p className="projector-prompt" data-testid="projector-prompt" dir="auto">
                {phasePrompt(phase, t)}
              </p>
            </>
          )}
        </div>
        <div className="projector-status">
          <Timer
            workshop={workshop}
            clockOffset={live.clockOffset}
            className="projector-timer"
            testId="projector-timer"
          />
          <p className="projector-count" data-testid="projector-count">
            {participants(state.presence?.participants ?? 0)}
          </p>
          <SignalCounts signals={live.signals} agree={phase?.spec.agree === true} />
        </div>
      </header>
      <div className="projector-body">
        <div className="projector-main">
          {zones.length > 0 ? (
            <ProjectorZones zones={zones} results={results} copies={view?.copies} />
          ) : (
            <main className="projector-stage" data-testid="projector-stage">
              {phased && !phase && <p>{t('present.lobby')}</p>}
            </main>
          )}
          {/* Over the board only: the QR and the code beside it stay in view. */}
          {spotlit && (
            <div className="projector-spotlight" data-testid="projector-spotlight">
              <ul>
                <ProjectorCard item={spotlit} results={results} copies={view?.copies} />
              </ul>
            </div>
          )}
        </div>
        <aside className="projector-join">
          {joinCode && (
            <>
              <QrCode value={joinUrl} label={t('present.join', { url: joinUrl })} />
              <p className="projector-join-label">{t('present.code')}</p>
              <p className="projector-code" data-testid="projector-code" dir="ltr">
                {joinCode}
              </p>
              <p className="projector-url">
                {t('present.join', { url: `${window.location.host}` })}
              </p>
            </>
          )}
        </aside>
      </div>
      <FloatingReactions reactions={live.reactions} />
      {state.synced && <RevealedMoment revealedAt={view?.revealedAt} />}
      <div className="projector-notices">
        <BoardNotices state={state} offline={offline} />
      </div>
    </div>
  );
}

/** Ready, raised hands and (during the ground rules) agreements: numbers only, never names. */
function SignalCounts({ signals, agree }: { signals: Signals | null; agree: boolean }) {
  const t = useT();
  if (!signals) return null;
  return (
    <p className="projector-signals" data-testid="projector-signals">
      {agree && (
        <span data-testid="projector-agreed">{t('present.agreed', { count: signals.agreed })}</span>
      )}
      <span data-testid="projector-ready">{t('present.ready', { count: signals.ready })}</span>
      {signals.hands > 0 && (
        <span data-testid="projector-hands">{t('present.hands', { count: signals.hands })}</span>
      )}
    </p>
  );
}

import { useMemo } from 'react';
import {
  addCard,
  deleteCard,
  listCards,
  listZones,
  moveCard,
  newCardId,
  readMeta,
  setCardText,
  type CardKind,
  type CommitmentStatus,
} from '@trellis/shared';
import { useLocale, useT } from '../../lib/i18n';
import { readHashParams } from '../../lib/router';
import { useLiveBoard } from '../../sync/useLiveBoard';
import { Banner } from '../../ui/Banner';
import { LanguagePicker } from '../../ui/LanguagePicker';
import { BoardNotices } from '../board/BoardNotices';
import { zoneTitle } from '../board/grouping';
import { readCopies, setCopyStatus, totalsOf, type CopyState } from '../followup/copies';
import { CopyStatusBadge, CopyStatusSelect, FollowUpTotals } from '../followup/CopyStatus';
import { arrangeBoard, synthesisPoints } from '../workshop/arrange';
import { AddCardForm } from './AddCardForm';
import { BoardCanvas } from './canvas/BoardCanvas';
import { useConsoleView, ViewToggle } from './canvas/ViewToggle';
import { FacilitatorCard } from './FacilitatorCard';
import { FacilitatorHint } from './FacilitatorHint';
import { setGroup, setHidden } from './moderation';
import { ParticipantList } from './ParticipantList';
import { PhaseControls } from './PhaseControls';
import { SessionControls } from './SessionControls';
import { SnapshotPanel } from './SnapshotPanel';
import { TimerControls } from './TimerControls';
import { useFacilitate } from './useFacilitate';
import { VotingControls } from './VotingControls';
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
    <Console sessionId={sessionId} token={token} projectorToken={hash.get('projector') ?? ''} />
  );
}

interface ConsoleProps {
  sessionId: string;
  token: string;
  projectorToken: string;
}

const NO_RESULTS: Readonly<Record<string, number>> = {};

/** Where synthesis points are made: their own zone when the template has one. */
const SYNTHESIS_ZONE = 'synthesis';

function Console({ sessionId, token, projectorToken }: ConsoleProps) {
  const t = useT();
  const locale = useLocale();
  const { board, state, offline, version, workshop, channel, live } = useLiveBoard(
    sessionId,
    token,
  );
  const { run, error, dismiss } = useFacilitate(channel);
  const [boardView, setBoardView] = useConsoleView();

  const view = useMemo(() => {
    if (!board) return undefined;
    const zones = listZones(board.doc);
    const cards = listCards(board.doc);
    return {
      meta: readMeta(board.doc),
      cards,
      groups: arrangeBoard(cards, zones, { includeHidden: true, nestGrouped: false }),
      options: zones.map((zone) => ({ id: zone.id, title: zoneTitle(zone, t) })),
      points: synthesisPoints(cards).map((card) => ({ id: card.id, text: card.text })),
      copies: readCopies(board.doc),
    };
    // `version` is the doc's change counter: the doc mutates in place, so it is the real input.
  }, [board, version, t]);

  const disabled = !board || state.closeReason !== null || workshop?.ended === true;
  const title = view?.meta.title || state.session?.title || t('app.name');
  const joinCode = state.session?.joinCode;
  const phased = (workshop?.template.phases.length ?? 0) > 0;
  const hasSynthesisZone = view?.options.some((zone) => zone.id === SYNTHESIS_ZONE) ?? false;
  // Without a synthesis zone, points go where the room is working now.
  const pointZone = hasSynthesisZone
    ? SYNTHESIS_ZONE
    : (workshop?.phase?.spec.zone ?? workshop?.template.defaultZone ?? view?.options[0]?.id);

  const openProjector = (): void => {
    const url = `/p/${encodeURIComponent(sessionId)}#token=${encodeURIComponent(projectorToken)}&lang=${locale}`;
    window.open(url, 'trellis-projector', 'popup,width=1280,height=720');
  };

  // Facilitator cards carry no authorId: they are the facilitator's voice, not a participant's.
  const add = (zone: string | undefined, text: string, kind: CardKind): void => {
    if (board) addCard(board.doc, { id: newCardId(), kind, text, zone });
  };

  return (
    <div className="page console">
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
      <BoardNotices state={state} offline={offline} />
      {error && (
        <Banner tone="error" testId="console-error">
          {t(error)}{' '}
          <button type="button" className="button secondary" onClick={dismiss}>
            {t('facilitate.dismiss')}
          </button>
        </Banner>
      )}
      {workshop && state.synced && !workshop.ended && (
        <FacilitatorHint workshop={workshop} signals={live.signals} />
      )}
      {workshop && state.synced && (
        <div className="control-bar" role="region" aria-label={t('facilitate.controls')}>
          {phased && <PhaseControls workshop={workshop} disabled={disabled} run={run} />}
          <TimerControls
            workshop={workshop}
            clockOffset={live.clockOffset}
            disabled={disabled}
            run={run}
          />
          <SessionControls
            workshop={workshop}
            signals={live.signals}
            zones={view?.options ?? []}
            disabled={disabled}
            run={run}
          />
          <VotingControls
            key={`${workshop.voting.perParticipant}:${workshop.voting.hideResults}`}
            workshop={workshop}
            disabled={disabled}
            run={run}
          />
        </div>
      )}
      <ViewToggle view={boardView} onChange={setBoardView} />
      <div className="console-body">
        {board && view && boardView === 'canvas' ? (
          <main className="console-canvas">
            <BoardCanvas
              doc={board.doc}
              awareness={board.awareness}
              spotlight={workshop?.spotlight?.cardId}
              onSpotlight={(cardId) => void run({ type: 'spotlight', cardId, zone: null })}
              cards={view.cards}
              zones={view.options}
              points={view.points}
              results={workshop?.results ?? NO_RESULTS}
              pointZone={pointZone}
              disabled={disabled}
            />
          </main>
        ) : (
          <main className="console-zones">
            {view?.groups.map((group) => {
              const zoneId = group.zone?.id;
              const heading = group.zone ? zoneTitle(group.zone, t) : '';
              const isSynthesis = zoneId !== undefined && zoneId === pointZone && hasSynthesisZone;
              return (
                <section className="zone" key={zoneId ?? ''} data-zone={zoneId}>
                  {group.zone && (
                    <h2 className="zone-title" dir="auto">
                      {heading}
                    </h2>
                  )}
                  {group.items.some(({ card }) => view.copies.has(card.id)) && (
                    <FollowUpTotals
                      totals={totalsOf(
                        group.items.map(({ card }) => card),
                        view.copies,
                      )}
                    />
                  )}
                  <ul className="cards">
                    {group.items.map(({ card, children }) => (
                      <FacilitatorCard
                        key={card.id}
                        card={card}
                        zoneId={zoneId}
                        zones={view.options}
                        points={view.points}
                        grouped={children}
                        votes={workshop?.results[card.id]}
                        spotlit={workshop?.spotlight?.cardId === card.id}
                        disabled={disabled}
                        onSave={(text) => board && setCardText(board.doc, card.id, text)}
                        onDelete={() => board && deleteCard(board.doc, card.id)}
                        onMove={(zone) => board && moveCard(board.doc, card.id, zone)}
                        onHide={(hidden) => board && setHidden(board.doc, card.id, hidden)}
                        onGroup={(point) => board && setGroup(board.doc, card.id, point)}
                        onGroupChild={(id) => board && setGroup(board.doc, id, card.id)}
                        onSpotlight={(on) =>
                          void run({ type: 'spotlight', cardId: on ? card.id : null, zone: null })
                        }
                        extra={
                          <CopyControls
                            copy={view.copies.get(card.id)}
                            disabled={disabled}
                            onStatus={(status) =>
                              board && setCopyStatus(board.doc, card.id, status)
                            }
                          />
                        }
                      />
                    ))}
                  </ul>
                  <AddCardForm
                    label={
                      isSynthesis
                        ? t('facilitate.createPoint')
                        : t('facilitate.addToZone', { zone: heading })
                    }
                    testId={isSynthesis ? 'create-point' : undefined}
                    disabled={disabled}
                    onAdd={(text) => add(zoneId, text, isSynthesis ? 'synthesis' : 'statement')}
                  />
                </section>
              );
            })}
          </main>
        )}
        <aside className="console-side">
          <ParticipantList
            presence={state.presence}
            signals={live.signals}
            disabled={disabled}
            onRemove={(memberId) => void run({ type: 'participant:remove', memberId })}
            onBlock={(name) => void run({ type: 'participant:block', name })}
          />
          {state.synced && (
            <SnapshotPanel
              channel={channel}
              phaseIndex={workshop?.phase?.index}
              disabled={disabled}
              run={run}
            />
          )}
          {!hasSynthesisZone && (
            <section className="panel" aria-labelledby="point-heading">
              <h2 id="point-heading">{t('facilitate.newPoint')}</h2>
              <AddCardForm
                label={t('facilitate.createPoint')}
                testId="create-point"
                disabled={disabled}
                onAdd={(text) => add(pointZone, text, 'synthesis')}
              />
            </section>
          )}
        </aside>
      </div>
    </div>
  );
}

/**
 * Under one of last time's commitments: how it went, and the facilitator's select to mark it for
 * someone who has no link at hand ([K3]).
 */
function CopyControls({
  copy,
  disabled,
  onStatus,
}: {
  copy: CopyState | undefined;
  disabled: boolean;
  onStatus: (status: CommitmentStatus | undefined) => void;
}) {
  if (!copy) return null;
  return (
    <>
      <CopyStatusBadge copy={copy} />
      <CopyStatusSelect status={copy.status} disabled={disabled} onChange={onStatus} />
    </>
  );
}

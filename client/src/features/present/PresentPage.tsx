import { useMemo, type ReactNode } from 'react';
import {
  listCards,
  leadFirst,
  listZones,
  metaOf,
  phaseFocus,
  readMeta,
  type Card,
  type Signals,
  type WorkshopState,
} from '@trellis/shared';
import { useParticipantCount, useT } from '../../lib/i18n';
import { readHashParams } from '../../lib/router';
import { useLiveBoard } from '../../sync/useLiveBoard';
import { Banner } from '../../ui/Banner';
import { BoardNotices } from '../board/BoardNotices';
import { zoneTitle } from '../board/grouping';
import { readCopies, totalsOf, type Copies } from '../followup/copies';
import { CopyStatusBadge, FollowUpTotals } from '../followup/CopyStatus';
import {
  arrangeBoard,
  pointZones,
  rankByResults,
  type ArrangedCard,
  type ArrangedZone,
} from '../workshop/arrange';
import { phasePrompt, phaseTitle } from '../workshop/phaseText';
import { Timer } from '../workshop/Timer';
import { JoinPanel, qrSizeOf } from './JoinPanel';
import { FloatingReactions, RevealedMoment } from './ProjectorOverlays';
import { ProjectorWall, type WallZone } from './ProjectorWall';
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

interface Shown {
  /** The zones on the wall, the ones the phase is about first. */
  board: ArrangedZone[];
  /** Zones the phase is not about, with how many cards each holds: one line above the wall. */
  rest: { zone: ArrangedZone; count: number }[];
}

/**
 * What the room looks at: the spotlit zone alone; else on a phased board the zones in use plus the
 * one the phase is about, that one first (phaseFocus). A phase with a zone of its own shows that
 * zone alone, the rest counted on one line: sixty commitments are the room's own words, not one
 * page in twelve between the statements. A zone only a phase without writing is about (the
 * ground rules, last time's commitments) shows in the lobby and its own phase, not all session
 * long. A board without phases shows every zone.
 */
function shownZones(zones: ArrangedZone[], workshop: WorkshopState | undefined): Shown {
  const spotZone = workshop?.spotlight?.zone;
  if (spotZone !== undefined)
    return { board: zones.filter((group) => group.zone?.id === spotZone), rest: [] };
  if (!workshop || workshop.template.phases.length === 0) return { board: zones, rest: [] };
  const { phase } = workshop;
  if (!phase) return { board: zones.filter((group) => group.items.length > 0), rest: [] };
  const ownPhase = new Set(
    workshop.phases.flatMap(({ spec }) =>
      spec.writing === 'none' && spec.zone ? [spec.zone] : [],
    ),
  );
  const inUse = zones.filter(
    (group) =>
      group.zone?.id === phase.spec.zone ||
      (group.items.length > 0 && !ownPhase.has(group.zone?.id ?? '')),
  );
  const focus = phaseFocus(workshop, pointZones(inUse));
  const board = leadFirst(inUse, (group) => group.zone?.id, focus);
  if (!focus.alone) return { board, rest: [] };
  const counts = cardsPerZone(zones);
  return {
    board: board.filter((group) => focus.lead.includes(group.zone?.id ?? '')),
    rest: zones
      .filter((group) => !focus.lead.includes(group.zone?.id ?? ''))
      .filter((group) => !ownPhase.has(group.zone?.id ?? ''))
      .map((zone) => ({ zone, count: counts.get(zone.zone?.id) ?? 0 }))
      .filter(({ count }) => count > 0),
  };
}

/** Cards per zone, a statement grouped under a point counted in its own zone. */
function cardsPerZone(zones: readonly ArrangedZone[]): Map<string | undefined, number> {
  const known = new Set(zones.map((group) => group.zone?.id));
  const counts = new Map<string | undefined, number>();
  const add = (id: string | undefined): void => void counts.set(id, (counts.get(id) ?? 0) + 1);
  for (const group of zones)
    for (const { children } of group.items) {
      add(group.zone?.id);
      for (const child of children) add(known.has(child.zone) ? child.zone : group.zone?.id);
    }
  return counts;
}

/** The spotlit card wherever it is, a statement grouped under a point included. */
function findSpotlit(
  zones: readonly ArrangedZone[],
  id: string | undefined,
): ArrangedCard | undefined {
  if (id === undefined) return undefined;
  for (const item of zones.flatMap((group) => group.items)) {
    if (item.card.id === id) return item;
    const child = item.children.find((card) => card.id === id);
    if (child) return { card: child, children: [] };
  }
  return undefined;
}

const NO_RESULTS: Readonly<Record<string, number>> = {};
const BOARD_SCALE = 1 / 44;
const SPOTLIGHT_SCALE = 1 / 24;

function Projector({ sessionId, token }: { sessionId: string; token: string }) {
  const t = useT();
  const participants = useParticipantCount();
  const { board, state, offline, version, workshop, live } = useLiveBoard(sessionId, token);

  const view = useMemo(() => {
    if (!board) return undefined;
    const revealedAt = metaOf(board.doc).get('revealedAt');
    const cards = listCards(board.doc);
    return {
      meta: readMeta(board.doc),
      arranged: arrangeBoard(cards, listZones(board.doc)),
      visible: cards.filter((card) => !card.hidden).length,
      revealedAt: typeof revealedAt === 'number' ? revealedAt : undefined,
      copies: readCopies(board.doc),
    };
    // `version` is the doc's change counter: the doc mutates in place, so it is the real input.
  }, [board, version]);

  const results = workshop?.results ?? NO_RESULTS;
  const copies = view?.copies;
  const walls = useMemo(() => {
    if (!view) return { board: [], rest: [], spotlight: undefined };
    const ranked = Object.keys(results).length > 0;
    const shown = shownZones(view.arranged, workshop);
    const board = shown.board.map((group): WallZone => ({
      key: group.zone?.id ?? '',
      zoneId: group.zone?.id,
      title: group.zone && zoneTitle(group.zone, t),
      head: copies && group.items.some((item) => copies.has(item.card.id)) && (
        <FollowUpTotals
          totals={totalsOf(
            group.items.map((item) => item.card),
            copies,
          )}
        />
      ),
      items: ranked ? rankByResults(group.items, results) : group.items,
    }));
    const spot = findSpotlit(view.arranged, workshop?.spotlight?.cardId);
    const spotlight: WallZone[] | undefined = spot && [
      { key: 'spotlight', zoneId: undefined, title: undefined, items: [spot] },
    ];
    const rest = shown.rest.map(({ zone, count }) =>
      t('present.restZone', { zone: zone.zone ? zoneTitle(zone.zone, t) : '', count }),
    );
    return { board, rest, spotlight };
  }, [view, workshop, results, copies, t]);
  const extra = useMemo(() => copyBadge(copies), [copies]);

  const joinCode = state.session?.joinCode ?? '';
  const title = view?.meta.title || state.session?.title || t('app.name');
  const phase = workshop?.phase;
  const phased = (workshop?.template.phases.length ?? 0) > 0;
  const qr = qrSizeOf(workshop, view?.visible ?? 0);
  // People are still arriving: say how to join above whatever the board already shows.
  const lobby = phased && !phase && workshop?.ended !== true;

  return (
    <div className="projector" data-qr={qr}>
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
        {joinCode && qr === 'small' && <JoinPanel joinCode={joinCode} size="small" />}
      </header>
      <div className="projector-body">
        <main className="projector-main" data-lobby={lobby}>
          {lobby && walls.board.length > 0 && (
            <p className="projector-stage projector-lobby-line" data-testid="projector-stage">
              {t('present.lobby')}
            </p>
          )}
          {!walls.spotlight && walls.rest.length > 0 && (
            <p className="projector-rest" data-testid="projector-rest" dir="auto">
              {t('present.rest', { zones: walls.rest.join(' · ') })}
            </p>
          )}
          {walls.spotlight || walls.board.length > 0 ? (
            // A spotlit card alone, as large as it goes (the board waits behind it), or the board.
            <div
              className={walls.spotlight ? 'projector-spotlight' : 'projector-zones'}
              data-testid={walls.spotlight ? 'projector-spotlight' : undefined}
            >
              <ProjectorWall
                zones={walls.spotlight ?? walls.board}
                results={results}
                extra={extra}
                maxScale={walls.spotlight ? SPOTLIGHT_SCALE : BOARD_SCALE}
              />
            </div>
          ) : (
            <div className="projector-stage" data-testid="projector-stage">
              {lobby && <p>{t('present.lobby')}</p>}
            </div>
          )}
        </main>
        {joinCode && qr === 'large' && <JoinPanel joinCode={joinCode} size="large" />}
      </div>
      <FloatingReactions reactions={live.reactions} />
      {state.synced && <RevealedMoment revealedAt={view?.revealedAt} />}
      <div className="projector-notices">
        <BoardNotices state={state} offline={offline} />
      </div>
    </div>
  );
}

/** In a follow-up, each of last time's commitments shows how it went. */
function copyBadge(copies: Copies | undefined): ((card: Card) => ReactNode) | undefined {
  if (!copies || copies.size === 0) return undefined;
  return function CopyBadge(card: Card) {
    const copy = copies.get(card.id);
    return copy && <CopyStatusBadge copy={copy} />;
  };
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

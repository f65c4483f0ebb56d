import { useEffect, useMemo, useRef } from 'react';
import { listCards, listZones, readMeta, type Card } from '@trellis/shared';
import { useParticipantCount, useT } from '../../lib/i18n';
import { readHashParams } from '../../lib/router';
import { useBoard, useDocVersion, useOffline } from '../../sync/useBoard';
import { Banner } from '../../ui/Banner';
import { BoardNotices } from '../board/BoardNotices';
import { groupByZone, zoneTitle } from '../board/grouping';
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

function Projector({ sessionId, token }: { sessionId: string; token: string }) {
  const t = useT();
  const participants = useParticipantCount();
  const { board, state } = useBoard(sessionId, token);
  const offline = useOffline(state);
  const version = useDocVersion(board?.doc);

  const view = useMemo(() => {
    if (!board) return undefined;
    const zones = listZones(board.doc);
    return { meta: readMeta(board.doc), groups: groupByZone(listCards(board.doc), zones) };
    // `version` is the doc's change counter: the doc mutates in place, so it is the real input.
  }, [board, version]);

  const joinCode = state.session?.joinCode ?? '';
  const joinUrl = `${window.location.origin}/j/${encodeURIComponent(joinCode)}`;
  const title = view?.meta.title || state.session?.title || t('app.name');

  return (
    <div className="projector">
      <header className="projector-header">
        <h1 data-testid="board-title" dir="auto">
          {title}
        </h1>
        <p className="projector-count" data-testid="projector-count">
          {participants(state.presence?.participants ?? 0)}
        </p>
      </header>
      <div className="projector-body">
        <main className="projector-zones">
          {view?.groups.map((group) => (
            <section className="projector-zone" key={group.zone?.id ?? ''}>
              {group.zone && <h2 dir="auto">{zoneTitle(group.zone, t)}</h2>}
              <ZoneCards cards={group.cards} />
            </section>
          ))}
        </main>
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
      <div className="projector-notices">
        <BoardNotices state={state} offline={offline} />
      </div>
    </div>
  );
}

/** A column that keeps its newest cards in view: nobody can scroll a projector. */
function ZoneCards({ cards }: { cards: Card[] }) {
  const ref = useRef<HTMLUListElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (el) el.scrollTo({ top: el.scrollHeight, behavior: 'smooth' });
  }, [cards.length]);
  return (
    <ul className="projector-cards" ref={ref}>
      {cards.map((card) => (
        <li
          key={card.id}
          className="projector-card"
          data-testid="projector-card"
          data-card-id={card.id}
        >
          <p className="card-text" data-testid="card-text" dir="auto">
            {card.text}
          </p>
        </li>
      ))}
    </ul>
  );
}

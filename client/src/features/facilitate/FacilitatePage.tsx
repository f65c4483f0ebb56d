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
} from '@trellis/shared';
import { useLocale, useT } from '../../lib/i18n';
import { readHashParams } from '../../lib/router';
import { useBoard, useDocVersion, useOffline } from '../../sync/useBoard';
import { Banner } from '../../ui/Banner';
import { LanguagePicker } from '../../ui/LanguagePicker';
import { BoardNotices } from '../board/BoardNotices';
import { groupByZone, zoneTitle } from '../board/grouping';
import { AddCardForm } from './AddCardForm';
import { FacilitatorCard } from './FacilitatorCard';
import { MemberList } from './MemberList';
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

function Console({ sessionId, token, projectorToken }: ConsoleProps) {
  const t = useT();
  const locale = useLocale();
  const { board, state } = useBoard(sessionId, token);
  const offline = useOffline(state);
  const version = useDocVersion(board?.doc);

  const view = useMemo(() => {
    if (!board) return undefined;
    const zones = listZones(board.doc);
    return {
      meta: readMeta(board.doc),
      groups: groupByZone(listCards(board.doc), zones),
      options: zones.map((zone) => ({ id: zone.id, title: zoneTitle(zone, t) })),
    };
    // `version` is the doc's change counter: the doc mutates in place, so it is the real input.
  }, [board, version, t]);

  const disabled = !board || state.closeReason !== null;
  const title = view?.meta.title || state.session?.title || t('app.name');
  const joinCode = state.session?.joinCode;

  const openProjector = (): void => {
    const url = `/p/${encodeURIComponent(sessionId)}#token=${encodeURIComponent(projectorToken)}&lang=${locale}`;
    window.open(url, 'trellis-projector', 'popup,width=1280,height=720');
  };

  // Facilitator cards carry no authorId: they are the facilitator's voice, not a participant's.
  const add = (zone: string | undefined, text: string): void => {
    if (board) addCard(board.doc, { id: newCardId(), kind: 'statement', text, zone });
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
      <div className="console-body">
        <main className="console-zones">
          {view?.groups.map((group) => {
            const heading = group.zone ? zoneTitle(group.zone, t) : '';
            return (
              <section className="zone" key={group.zone?.id ?? ''}>
                {group.zone && (
                  <h2 className="zone-title" dir="auto">
                    {heading}
                  </h2>
                )}
                <ul className="cards">
                  {group.cards.map((card) => (
                    <FacilitatorCard
                      key={card.id}
                      card={card}
                      zoneId={group.zone?.id}
                      zones={view.options}
                      disabled={disabled}
                      onSave={(text) => board && setCardText(board.doc, card.id, text)}
                      onDelete={() => board && deleteCard(board.doc, card.id)}
                      onMove={(zone) => board && moveCard(board.doc, card.id, zone)}
                    />
                  ))}
                </ul>
                <AddCardForm
                  zoneTitle={heading}
                  disabled={disabled}
                  onAdd={(text) => add(group.zone?.id, text)}
                />
              </section>
            );
          })}
        </main>
        <aside className="console-side">
          <MemberList presence={state.presence} />
        </aside>
      </div>
    </div>
  );
}

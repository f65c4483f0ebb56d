import type * as Y from 'yjs';
import {
  deleteCard,
  moveCard,
  setCardText,
  type CardKind,
  type CommitmentStatus,
  type FacilitatorCommand,
  type WorkshopState,
} from '@trellis/shared';
import { useT } from '../../lib/i18n';
import { zoneTitle } from '../board/grouping';
import { setCopyStatus, totalsOf, type CopyState } from '../followup/copies';
import { CopyStatusBadge, CopyStatusSelect, FollowUpTotals } from '../followup/CopyStatus';
import type { ArrangedZone } from '../workshop/arrange';
import { AddCardForm } from './AddCardForm';
import type { ConsoleBoard } from './consoleView';
import { FacilitatorCard } from './FacilitatorCard';
import { setGroup, setHidden } from './moderation';

interface ZoneListProps {
  doc: Y.Doc;
  view: ConsoleBoard;
  workshop: WorkshopState | undefined;
  disabled: boolean;
  run: (cmd: FacilitatorCommand) => Promise<boolean>;
  /** Adds a facilitator card (or synthesis point) to a zone. */
  add: (zone: string | undefined, text: string, kind: CardKind) => void;
}

/** The console's list view: each zone's cards with every moderation control, and a form to add. */
export function ZoneList(props: ZoneListProps) {
  return (
    <main className="console-zones">
      {props.view.groups.map((group) => (
        <ZoneSection key={group.zone?.id ?? ''} group={group} {...props} />
      ))}
    </main>
  );
}

function ZoneSection({
  group,
  doc,
  view,
  workshop,
  disabled,
  run,
  add,
}: ZoneListProps & { group: ArrangedZone }) {
  const t = useT();
  const zoneId = group.zone?.id;
  const heading = group.zone ? zoneTitle(group.zone, t) : '';
  const isSynthesis = zoneId !== undefined && zoneId === view.pointZone && view.synthesisZone;
  const spotlight = (cardId: string | null): void =>
    void run({ type: 'spotlight', cardId, zone: null });
  return (
    <section className="zone" data-zone={zoneId}>
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
            zones={view.zones}
            points={view.points}
            grouped={children}
            votes={workshop?.results[card.id]}
            spotlit={workshop?.spotlight?.cardId === card.id}
            disabled={disabled}
            onSave={(text) => setCardText(doc, card.id, text)}
            onDelete={() => deleteCard(doc, card.id)}
            onMove={(zone) => moveCard(doc, card.id, zone)}
            onHide={(hidden) => setHidden(doc, card.id, hidden)}
            onGroup={(point) => setGroup(doc, card.id, point)}
            onGroupChild={(id) => setGroup(doc, id, card.id)}
            onSpotlight={(on) => spotlight(on ? card.id : null)}
            extra={
              <CopyControls
                copy={view.copies.get(card.id)}
                disabled={disabled}
                onStatus={(status) => setCopyStatus(doc, card.id, status)}
              />
            }
          />
        ))}
      </ul>
      <AddCardForm
        label={
          isSynthesis ? t('facilitate.createPoint') : t('facilitate.addToZone', { zone: heading })
        }
        testId={isSynthesis ? 'create-point' : undefined}
        disabled={disabled}
        onAdd={(text) => add(zoneId, text, isSynthesis ? 'synthesis' : 'statement')}
      />
    </section>
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

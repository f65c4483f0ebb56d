import { useId, useState } from 'react';
import type * as Y from 'yjs';
import {
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
import { removeCard, setGroup, setHidden } from './moderation';

interface ZoneListProps {
  doc: Y.Doc;
  view: ConsoleBoard;
  workshop: WorkshopState | undefined;
  disabled: boolean;
  run: (cmd: FacilitatorCommand) => Promise<boolean>;
  /** Adds a facilitator card (or synthesis point) to a zone. */
  add: (zone: string | undefined, text: string, kind: CardKind) => void;
}

/**
 * The console's list view: each zone's cards with every moderation control, and a form to add.
 * A zone's cards sit in a grid as wide as the page, and a zone folds away under its title, so 34
 * statements are a few screens, not a scroll of thousands of pixels.
 */
export function ZoneList(props: ZoneListProps) {
  return (
    <div className="console-zones">
      {props.view.groups.map((group) => (
        <ZoneSection key={group.zone?.id ?? ''} group={group} {...props} />
      ))}
    </div>
  );
}

/**
 * After a delete the focus goes to the card that took its place (the next one, else the one
 * before), not to `body`: the keyboard carries on down the list.
 */
function focusAfterDelete(deleted: HTMLElement | null): void {
  const item = deleted?.closest('[data-testid=facilitator-card]');
  const list = item?.parentElement;
  if (!item || !list) return;
  const siblings = [...list.children].filter((el) => el !== item);
  const at = [...list.children].indexOf(item);
  const next = (siblings[at] ?? siblings[at - 1]) as HTMLElement | undefined;
  // Once React has taken the deleted card out.
  requestAnimationFrame(() => next?.focus());
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
  const [open, setOpen] = useState(true);
  const bodyId = useId();
  const spotlight = (cardId: string | null): void =>
    void run({ type: 'spotlight', cardId, zone: null });
  return (
    <section className="zone" data-zone={zoneId} data-open={open}>
      {group.zone && (
        <h2 className="zone-title">
          <button
            type="button"
            className="zone-toggle"
            aria-expanded={open}
            aria-controls={bodyId}
            onClick={() => setOpen(!open)}
            data-testid="zone-toggle"
          >
            <span dir="auto">{heading}</span>
            <span className="zone-count">{group.items.length}</span>
          </button>
        </h2>
      )}
      <div id={bodyId} hidden={!open}>
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
              onDelete={(button) => {
                focusAfterDelete(button);
                removeCard(doc, card.id);
              }}
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
      </div>
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

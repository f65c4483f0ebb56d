import type * as Y from 'yjs';
import { setCardText, type Card } from '@trellis/shared';
import type { PointOption } from '../FacilitatorCard';
import { SelectionActions } from './SelectionActions';
import type { Selection } from './useSelection';
import type { ViewportControls } from './useViewport';
import { ZOOM_STEP } from './viewport';
import type { CanvasLayout } from './geometry';
import { deleteCards, groupInto, groupIntoNewPoint, hideCards, ungroupCards } from './writes';
import { ZoomControls } from './ZoomControls';

/** The card element after the last of `gone` in Tab order (else the one before), if shown. */
function afterDeleting(layout: CanvasLayout, gone: ReadonlySet<string>): HTMLElement | undefined {
  const order = layout.cards.map((placed) => placed.card.id);
  const last = order.findLastIndex((id) => gone.has(id));
  const next =
    order.slice(last + 1).find((id) => !gone.has(id)) ??
    order.slice(0, last).findLast((id) => !gone.has(id));
  if (next === undefined) return undefined;
  return (
    document.querySelector<HTMLElement>(
      `[data-testid=canvas-card][data-card-id="${CSS.escape(next)}"]`,
    ) ?? undefined
  );
}

/** Above the canvas: zoom, and what to do with the selected cards (one transaction each). */
export function CanvasToolbar({
  doc,
  cards,
  selection,
  view,
  points,
  pointZone,
  disabled,
  spotlight,
  onSpotlight,
  layout,
}: {
  doc: Y.Doc;
  layout: CanvasLayout;
  cards: readonly Card[];
  selection: Selection;
  view: ViewportControls;
  points: readonly PointOption[];
  pointZone: string | undefined;
  disabled: boolean;
  spotlight: string | undefined;
  onSpotlight: (cardId: string | null) => void;
}) {
  const selected = cards.filter((card) => selection.ids.has(card.id));
  const statementIds = selected.filter((card) => card.kind === 'statement').map((card) => card.id);
  const single = selected.length === 1 ? selected[0] : undefined;
  const inPoints = statementIds.filter((id) => layout.byId.get(id)?.point !== undefined);
  return (
    <div className="canvas-toolbar">
      <ZoomControls
        scale={view.viewport.scale}
        onZoomIn={() => view.zoomBy(ZOOM_STEP)}
        onZoomOut={() => view.zoomBy(1 / ZOOM_STEP)}
        onFit={view.fit}
      />
      <SelectionActions
        selected={selected.length}
        statements={statementIds.length}
        allHidden={selected.length > 0 && selected.every((card) => card.hidden)}
        points={points}
        disabled={disabled}
        onGroupInto={(pointId) => groupInto(doc, statementIds, pointId)}
        inPoints={inPoints.length}
        onUngroup={() => ungroupCards(doc, inPoints)}
        onNewPoint={(text) => selection.only(groupIntoNewPoint(doc, statementIds, text, pointZone))}
        onHide={(hidden) => hideCards(doc, [...selection.ids], hidden)}
        spotlit={single !== undefined && single.id === spotlight}
        onSpotlight={(on) => onSpotlight(on ? (single?.id ?? null) : null)}
        single={single}
        onEdit={(id, text) => setCardText(doc, id, text)}
        onDelete={() => {
          const next = afterDeleting(layout, selection.ids);
          deleteCards(doc, [...selection.ids]);
          selection.clear();
          // The focus goes on to the card after the deleted ones, not to `body`.
          next?.focus();
        }}
        onClear={selection.clear}
      />
    </div>
  );
}

import { useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { flushSync } from 'react-dom';
import type { Card } from '@trellis/shared';
import { useT } from '../../lib/i18n';
import type { ArrangedCard } from '../workshop/arrange';
import { BoardCard } from '../workshop/BoardCard';
import { planWall, single, type ItemSize, type WallPlan, type ZoneSize } from './wallLayout';

export interface WallZone {
  key: string;
  zoneId: string | undefined;
  title: string | undefined;
  /** Under the title: last time's commitments counted, in a follow-up. */
  head?: ReactNode;
  items: readonly ArrangedCard[];
}

interface WallProps {
  zones: readonly WallZone[];
  results: Readonly<Record<string, number>>;
  extra?: ((card: Card) => ReactNode) | undefined;
  /** Largest type, as a share of the screen's width (the floor is the same for every wall). */
  maxScale: number;
}

interface Layout {
  font: number;
  width: number;
  gap: number;
  plan: WallPlan;
  /** Each card's statements when measured: a plan is only used for the cards it was made for. */
  made: ReadonlyMap<string, string>;
  /** The wall's size it was made for. */
  box: string;
}

/** How long a page stays up before the next, when the board needs several. */
export const PAGE_MS = 15_000;
/** A column is at least this many letters wide, so a card's lines stay readable. */
const MIN_COLUMN_EM = 11;
const INDICATOR_EM = 1.8;
const PAGE_KEYS: Readonly<Record<string, 1 | -1>> = {
  ArrowRight: 1,
  PageDown: 1,
  ' ': 1,
  ArrowLeft: -1,
  PageUp: -1,
};

/**
 * The smallest type still read from the back of a room: 24 px on a 1920×1080 screen, the same
 * share of any other (18 px at 1440×900 is as large on the same wall), never below 16 px.
 */
export const floorFont = (width: number, height: number): number =>
  Math.max(16, Math.floor(Math.min(width / 80, height / 45)));

const statementsOf = (item: ArrangedCard): string => item.children.map((c) => c.id).join(' ');

/** Heights of every card in the wall as it is drawn now (the caller set the size to try). */
function measure(root: HTMLElement, zones: readonly WallZone[]): ZoneSize[] {
  const sections = root.querySelectorAll<HTMLElement>(':scope > [data-wall-zone]');
  return zones.map((zone, z): ZoneSize => {
    const section = sections[z];
    const pieces = new Map<string, HTMLElement[]>();
    section?.querySelectorAll<HTMLElement>(':scope > ul > li[data-item]').forEach((li) => {
      const key = li.dataset.item ?? '';
      pieces.set(key, [...(pieces.get(key) ?? []), li]);
    });
    const items = zone.items.map((item): ItemSize => {
      const own = pieces.get(item.card.id) ?? [];
      const first = own[0]?.getBoundingClientRect();
      const list = own[0]?.querySelector<HTMLElement>(':scope > ul');
      const children = own.flatMap((li) =>
        [...li.querySelectorAll<HTMLElement>(':scope > ul > li')].map(
          (child) => child.getBoundingClientRect().height,
        ),
      );
      if (!first || !list || children.length === 0) return single(item.card.id, first?.height ?? 0);
      const box = list.getBoundingClientRect();
      const head = box.top - first.top;
      const tail = first.bottom - box.bottom;
      const listStyle = getComputedStyle(list);
      const childGap = parseFloat(listStyle.rowGap) || 0;
      const whole =
        head + tail + children.reduce((a, b) => a + b, 0) + childGap * (children.length - 1);
      // A continued piece: the card's edge, one line of its title, the list's margin (CSS below).
      const title = own[0]!.querySelector<HTMLElement>(':scope > .card-text');
      const edge = title ? title.getBoundingClientRect().top - first.top : 0;
      const line = title ? parseFloat(getComputedStyle(title).lineHeight) || 0 : 0;
      const continuedHead = edge + line + (parseFloat(listStyle.marginBlockStart) || 0);
      return { key: item.card.id, whole, head, tail, continuedHead, children, childGap };
    });
    const header = section?.querySelector<HTMLElement>(':scope > .projector-zone-head');
    return { key: zone.key, header: header?.getBoundingClientRect().height ?? 0, items };
  });
}

/**
 * The largest type at which the whole board fits the screen; below the floor it would not be read,
 * so at the floor the board turns pages instead.
 */
function layOut(
  root: HTMLElement,
  zones: readonly WallZone[],
  maxScale: number,
  before: Layout | null,
): Layout {
  const floor = floorFont(window.innerWidth, window.innerHeight);
  const largest = Math.max(floor, Math.floor(window.innerWidth * maxScale));
  const { clientWidth: width, clientHeight: height } = root;
  const made = new Map(zones.flatMap((z) => z.items.map((i) => [i.card.id, statementsOf(i)])));
  const box = `${width}×${height}`;
  root.dataset.measuring = 'true';
  const columnsAt = (font: number): number =>
    Math.max(zones.length, Math.floor((width + font * 0.6) / (font * (MIN_COLUMN_EM + 0.6))));
  const at = (font: number, paging: boolean, columns = columnsAt(font)): Layout => {
    const gap = Math.round(font * 0.6);
    const column = (width - (columns - 1) * gap) / columns;
    root.style.setProperty('--projector-text', `${font}px`);
    root.style.setProperty('--column-width', `${column}px`);
    const plan = planWall(measure(root, zones), {
      columns,
      // A pixel spare for rounding, and the page indicator's line when there are pages.
      height: height - 1 - (paging ? Math.ceil(floor * INDICATOR_EM) : 0),
      gap: Math.round(font * 0.4),
    });
    return { font, width: column, gap, plan, made, box };
  };
  const fits = (layout: Layout): boolean => layout.plan.pages === 1 && !layout.plan.overflow;
  // A board already turning pages at the floor that only grew still does: measure once, not three
  // times (a 600-card board takes ~0.2 s a measure, more on a slow laptop).
  const grew =
    before !== null &&
    before.box === box &&
    before.font === floor &&
    before.plan.pages > 1 &&
    [...before.made.keys()].every((key) => made.has(key));
  let best = grew ? at(floor, true) : at(largest, false);
  if (!grew && !fits(best)) {
    let lo = at(floor, false);
    if (!fits(lo)) best = at(floor, true);
    else {
      let hi = largest;
      while (hi - lo.font > 1) {
        const mid = at(Math.floor((lo.font + hi) / 2), false);
        if (fits(mid)) lo = mid;
        else hi = mid.font;
      }
      best = lo;
    }
  }
  // A card taller than a whole column at the floor: wider columns make it shorter.
  for (let n = columnsAt(floor) - 1; best.plan.overflow && n >= zones.length; n--)
    best = at(floor, true, n);
  delete root.dataset.measuring;
  root.style.setProperty('--projector-text', `${best.font}px`);
  root.style.setProperty('--column-width', `${best.width}px`);
  return best;
}

/**
 * The board on the big screen without a card cut off, ever: as large as the screen allows, then
 * denser type down to a floor read from the back of the room, then pages that turn by themselves
 * (and on a presenter's PageDown / PageUp or the arrow keys) with the page shown. A new card brings
 * its page up.
 */
export function ProjectorWall({ zones, results, extra, maxScale }: WallProps) {
  const t = useT();
  const ref = useRef<HTMLDivElement>(null);
  const [layout, setLayout] = useState<Layout | null>(null);
  const [page, setPage] = useState(0);
  const [resized, setResized] = useState(0);
  const known = useRef<ReadonlySet<string>>(new Set());
  const latest = useRef<Layout | null>(null);

  useEffect(() => {
    const root = ref.current;
    if (!root) return;
    // Laid out again before the resized frame is painted, so no frame shows cards past the edge.
    const observer = new ResizeObserver(() => flushSync(() => setResized((n) => n + 1)));
    observer.observe(root);
    // Text is measured in the font it is drawn in: measure again once web fonts are in.
    void document.fonts?.ready.then(() => setResized((n) => n + 1));
    return () => observer.disconnect();
  }, []);

  useLayoutEffect(() => {
    const root = ref.current;
    if (!root || root.clientWidth === 0) return;
    const next = layOut(root, zones, maxScale, latest.current);
    latest.current = next;
    setLayout(next);
    const keys = zones.flatMap((z) => z.items.map((i) => i.card.id));
    const before = known.current;
    known.current = new Set(keys);
    const fresh = before.size > 0 ? keys.filter((key) => !before.has(key)) : [];
    const pagesOfFresh = new Set(
      next.plan.zones.flatMap((z) =>
        z.pieces.filter((p) => !p.continued && fresh.includes(p.key)).map((p) => p.page),
      ),
    );
    if (pagesOfFresh.size === 1) setPage([...pagesOfFresh][0]!);
  }, [zones, results, maxScale, resized]);

  const pages = layout?.plan.pages ?? 1;
  const shown = page % pages;
  useEffect(() => {
    if (pages <= 1) return;
    const timer = window.setTimeout(() => setPage((p) => (p + 1) % pages), PAGE_MS);
    return () => window.clearTimeout(timer);
  }, [page, pages]);
  useEffect(() => {
    if (pages <= 1) return;
    const turn = (event: KeyboardEvent): void => {
      const step = PAGE_KEYS[event.key];
      if (step === undefined) return;
      event.preventDefault();
      setPage((p) => ((((p % pages) + step) % pages) + pages) % pages);
    };
    window.addEventListener('keydown', turn);
    return () => window.removeEventListener('keydown', turn);
  }, [pages]);

  const step = layout ? layout.width + layout.gap : 0;
  return (
    <div className="projector-wall" ref={ref} data-pages={pages} data-font={layout?.font}>
      {zones.map((zone, z) => {
        const plan = layout?.plan.zones[z];
        const placed = plan?.key === zone.key ? plan : undefined;
        return (
          <section
            key={zone.key}
            className="projector-zone"
            data-testid="projector-zone"
            data-zone={zone.zoneId}
            data-wall-zone
            style={
              placed && {
                insetInlineStart: placed.first * step,
                width: placed.span * step - (layout?.gap ?? 0),
              }
            }
          >
            <div className="projector-zone-head">
              {zone.title !== undefined && <h2 dir="auto">{zone.title}</h2>}
              {zone.head}
            </div>
            <ul className="projector-cards">
              {zone.items.flatMap((item) => {
                const fits = layout?.made.get(item.card.id) === statementsOf(item);
                const pieces =
                  placed && fits ? placed.pieces.filter((p) => p.key === item.card.id) : [];
                if (pieces.length === 0) {
                  return [
                    <BoardCard
                      key={item.card.id}
                      variant="projector"
                      card={item.card}
                      grouped={item.children}
                      results={results}
                      extra={extra}
                      className="is-off"
                      data={{ 'data-item': item.card.id }}
                    />,
                  ];
                }
                return pieces.map((piece) => (
                  <BoardCard
                    key={`${item.card.id}:${piece.from}:${piece.continued}`}
                    variant="projector"
                    card={item.card}
                    grouped={item.children.slice(piece.from, piece.to)}
                    results={results}
                    extra={extra}
                    className={`${piece.continued ? 'is-continued' : ''} ${
                      shown % (placed?.pages ?? 1) === piece.page ? '' : 'is-off'
                    }`}
                    style={{
                      insetInlineStart: piece.column * step,
                      top: (placed?.header ?? 0) + piece.top,
                    }}
                    data={{ 'data-item': item.card.id, 'data-page': piece.page + 1 }}
                  />
                ));
              })}
            </ul>
          </section>
        );
      })}
      {pages > 1 && (
        <p
          className="projector-pages"
          data-testid="projector-pages"
          data-page={shown + 1}
          data-pages={pages}
        >
          <span>{t('present.page', { page: shown + 1, pages })}</span>
          <span className="projector-page-dots" aria-hidden="true">
            {Array.from({ length: Math.min(pages, 40) }, (_, i) => (
              <span key={i} className={i === shown ? 'is-on' : undefined} />
            ))}
          </span>
        </p>
      )}
    </div>
  );
}

/**
 * Where every card of the projector goes: zones side by side, each filling one or more columns
 * top to bottom, and pages when the columns run out. Pure arithmetic on measured heights (the
 * wall measures them in the page, ProjectorWall.tsx), so no card is ever cut: a card either fits
 * in its column or starts the next one, and a synthesis point taller than a whole column continues
 * in the next under a one-line reminder of its title.
 */

/** One card as measured at a candidate size. */
export interface ItemSize {
  key: string;
  /** The whole card with every statement under it. */
  whole: number;
  /** For a point with statements: from the card's top to its first statement, and after the last. */
  head: number;
  tail: number;
  /** The head of a piece that goes on in another column: the point's title on one line. */
  continuedHead: number;
  /** Each statement under it, and the space between two of them. */
  children: readonly number[];
  childGap: number;
}

/** A card with nothing folded under it: one height. */
export const single = (key: string, height: number): ItemSize => ({
  key,
  whole: height,
  head: height,
  tail: 0,
  continuedHead: height,
  children: [],
  childGap: 0,
});

export interface ZoneSize {
  key: string;
  /** The zone's title line(s), at the top of each of its columns. */
  header: number;
  items: readonly ItemSize[];
}

export interface WallSpace {
  columns: number;
  /** Height of a column, headers included. */
  height: number;
  /** Between two cards of a column. */
  gap: number;
}

/** One card, or the part of a point's statements `[from, to)` that one column shows. */
export interface Piece {
  key: string;
  from: number;
  to: number;
  /** A point's statements going on from an earlier piece: its title on one line only. */
  continued: boolean;
  /** Column within the zone's columns on its page, and offset below the zone's header. */
  column: number;
  top: number;
  height: number;
  /** Page of the zone's own pages it shows on. */
  page: number;
}

export interface ZonePlan {
  key: string;
  /** First column of the wall the zone takes, how many, and how many pages it fills. */
  first: number;
  span: number;
  pages: number;
  header: number;
  pieces: Piece[];
}

export interface WallPlan {
  pages: number;
  zones: ZonePlan[];
  /** A single card taller than a whole column: only a smaller size can show it whole. */
  overflow: boolean;
}

type Column = Omit<Piece, 'column' | 'page'>[];

/** Cards into columns of at most `cap` pixels, in order, splitting a point only when it must. */
function pack(items: readonly ItemSize[], cap: number, gap: number) {
  const columns: Column[] = [[]];
  let overflow = false;
  let y = 0;
  const current = (): Column => columns[columns.length - 1]!;
  const next = (): void => {
    if (current().length > 0) columns.push([]);
    y = 0;
  };
  const place = (key: string, from: number, to: number, height: number, continued = false) => {
    const top = current().length > 0 ? y + gap : 0;
    current().push({ key, from, to, top, height, continued });
    y = top + height;
  };
  const fits = (height: number): boolean => (current().length > 0 ? y + gap : 0) + height <= cap;

  for (const item of items) {
    const n = item.children.length;
    if (fits(item.whole)) place(item.key, 0, n, item.whole);
    else if (item.whole <= cap || n === 0) {
      next();
      overflow ||= item.whole > cap;
      place(item.key, 0, n, item.whole);
    } else {
      // Taller than a column: its statements go on in the next column under its title's first
      // line; a title too long to share a column with its first statement stands alone first.
      let from = 0;
      let continued = false;
      while (from < n) {
        let height =
          (continued ? item.continuedHead : item.head) + item.tail + item.children[from]!;
        if (!fits(height)) {
          if (current().length > 0) {
            next();
            continue;
          }
          if (!continued) {
            place(item.key, from, from, item.head, false);
            next();
            continued = true;
            continue;
          }
          overflow = true;
        }
        let to = from + 1;
        while (to < n && fits(height + item.childGap + item.children[to]!)) {
          height += item.childGap + item.children[to]!;
          to++;
        }
        place(item.key, from, to, height, continued);
        from = to;
        continued = true;
        if (from < n) next();
      }
    }
  }
  return { columns: columns.filter((c) => c.length > 0), overflow };
}

/**
 * Columns per zone: each zone gets one, and each further column goes to the zone that needs the
 * most pages with what it has, so the wall turns as few pages as it can.
 */
function share(needs: readonly number[], columns: number): number[] {
  const spans = needs.map(() => 1);
  for (let left = columns - needs.length; left > 0; left--) {
    let best = 0;
    for (let z = 1; z < needs.length; z++) {
      const pages = (i: number): number => Math.ceil(needs[i]! / spans[i]!);
      if (pages(z) > pages(best) || (pages(z) === pages(best) && needs[z]! > needs[best]!))
        best = z;
    }
    spans[best]!++;
  }
  return spans;
}

/**
 * A zone that fits on one page spreads over its columns instead of piling into the first: the
 * lowest column height that still needs no more columns than it has.
 */
function spread(items: readonly ItemSize[], cap: number, gap: number, span: number): Column[] {
  const full = pack(items, cap, gap).columns;
  if (full.length > span || span === 1) return full;
  let lo = Math.min(cap, Math.max(0, ...items.map((item) => item.whole)));
  let hi = cap;
  const lowest = pack(items, lo, gap).columns;
  if (lowest.length <= span) return lowest;
  for (let i = 0; i < 24 && hi - lo > 1; i++) {
    const mid = (lo + hi) / 2;
    if (pack(items, mid, gap).columns.length <= span) hi = mid;
    else lo = mid;
  }
  return pack(items, hi, gap).columns;
}

export function planWall(zones: readonly ZoneSize[], space: WallSpace): WallPlan {
  const packed = zones.map((zone) => pack(zone.items, space.height - zone.header, space.gap));
  const spans = share(
    packed.map((p) => Math.max(1, p.columns.length)),
    Math.max(space.columns, zones.length),
  );
  let first = 0;
  const plans = zones.map((zone, z): ZonePlan => {
    const span = spans[z]!;
    const columns = spread(zone.items, space.height - zone.header, space.gap, span);
    const pieces = columns.flatMap((column, c) =>
      column.map((piece) => ({ ...piece, column: c % span, page: Math.floor(c / span) })),
    );
    const plan = {
      key: zone.key,
      first,
      span,
      pages: Math.max(1, Math.ceil(columns.length / span)),
      header: zone.header,
      pieces,
    };
    first += span;
    return plan;
  });
  return {
    pages: Math.max(1, ...plans.map((p) => p.pages)),
    zones: plans,
    overflow: packed.some((p) => p.overflow),
  };
}

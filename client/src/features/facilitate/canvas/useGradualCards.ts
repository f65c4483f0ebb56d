import { startTransition, useEffect, useMemo, useRef, useState } from 'react';
import { cardRect, intersects, type PlacedCard, type Rect } from './geometry';

/**
 * New cards up to this many come onto the canvas in one frame: a room's whole board (canvasOf(150)
 * in consoleCanvas.test.ts) and anything a room adds at once.
 */
export const AT_ONCE = 200;

/**
 * Beyond AT_ONCE, how many come onto the canvas in each frame. A browser styles and lays out each
 * new card once (content-visibility spares only the insides of those out of view), and lays out
 * the words of those in view: 600 cards arriving together (a conference's board opened, the
 * canvas chosen) held the page for one frame of 300-600 ms with the CPU slowed 4×, and even 150 at
 * a time, most of them in view, took 130-230 ms on a loaded machine.
 */
export const CARDS_PER_FRAME = 50;

/**
 * Which of `cards` to draw now: all of them, unless more than AT_ONCE are new since the last
 * frame; then the ones drawn already and the next CARDS_PER_FRAME, those in `visible` (world
 * units) first, then in the canvas's order, the next batch a frame later, and so on. `undefined`
 * means all. Every card is in the page a few frames after it arrived; none drawn goes away here.
 */
export function useGradualCards(
  cards: readonly PlacedCard[],
  visible: Rect | undefined,
): ReadonlySet<string> | undefined {
  const drawn = useRef<ReadonlySet<string>>(new Set());
  const batching = useRef(false);
  const view = useRef(visible);
  view.current = visible;
  const [frame, setFrame] = useState(0);

  const shown = useMemo(() => {
    const fresh = cards.filter((placed) => !drawn.current.has(placed.card.id));
    // Once batching, it goes on to the last card: a last batch of 200 would be a long frame again.
    if (fresh.length === 0 || (!batching.current && fresh.length <= AT_ONCE)) return undefined;
    const area = view.current;
    const inView = area ? fresh.filter((placed) => intersects(cardRect(placed), area)) : [];
    const next = [...new Set([...inView, ...fresh])].slice(0, CARDS_PER_FRAME);
    const out = new Set(
      cards.map((placed) => placed.card.id).filter((id) => drawn.current.has(id)),
    );
    for (const placed of next) out.add(placed.card.id);
    return out;
    // `frame` is the trigger: the next batch once the last one has been painted.
  }, [cards, frame]);

  useEffect(() => {
    drawn.current = shown ?? new Set(cards.map((placed) => placed.card.id));
    batching.current = shown !== undefined;
    if (!shown) return;
    // After the frame that paints this batch: a timeout queued in the frame's animation callback.
    let timer: number | undefined;
    const request = requestAnimationFrame(() => {
      timer = window.setTimeout(() => startTransition(() => setFrame((n) => n + 1)));
    });
    return () => {
      cancelAnimationFrame(request);
      window.clearTimeout(timer);
    };
  }, [shown, cards]);

  return shown;
}

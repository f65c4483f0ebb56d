/**
 * Moves focus off `leaving` (a card about to be deleted) to what takes its place: the next item
 * of its list, else the one before, else the nearest container that is still there once it has
 * gone (its list, its synthesis point, its zone, the page's main). Without this the focus falls
 * to `body` and a keyboard or screen-reader user starts again from the top of the page.
 */
export function focusInstead(leaving: HTMLElement): void {
  const around: HTMLElement[] = [];
  for (let up = leaving.parentElement; up && up !== document.body; up = up.parentElement) {
    around.push(up);
    if (up.tagName === 'MAIN') break;
  }
  const next = [leaving.nextElementSibling, leaving.previousElementSibling].find(
    (el): el is HTMLElement => el instanceof HTMLElement,
  );
  if (next) {
    focusHere(next);
    return;
  }
  // The list may go with its last item: wait for the page to settle, then take what remains.
  requestAnimationFrame(() =>
    requestAnimationFrame(() => {
      const lost = document.activeElement === null || document.activeElement === document.body;
      const target = around.find((el) => el.isConnected);
      if (lost && target) focusHere(target);
    }),
  );
}

function focusHere(element: HTMLElement): void {
  // Reached by script only, never by Tab: a card or a list is not a stop of its own.
  if (element.tabIndex < 0 && !element.hasAttribute('tabindex')) element.tabIndex = -1;
  element.focus();
}

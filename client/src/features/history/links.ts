import type { MouseEvent } from 'react';
import { navigate } from '../../lib/router';

/** In-app navigation for a plain link; a modified click still opens a new tab as usual. */
export function followLink(event: MouseEvent<HTMLAnchorElement>): void {
  if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
    return;
  }
  event.preventDefault();
  navigate(event.currentTarget.pathname + event.currentTarget.search);
}

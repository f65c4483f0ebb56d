import type { ErrorCode, MessageKey, PhaseState } from '@trellis/shared';
import type { Translate } from '../../lib/i18n';

/**
 * The words a phase shows. The facilitator's edited wording wins; an empty edit means "back to the
 * template's", which is a message key so it follows each screen's language.
 */
export function phaseTitle(phase: PhaseState, t: Translate): string {
  return phase.title || t(phase.spec.titleKey);
}

export function phasePrompt(phase: PhaseState, t: Translate): string {
  return phase.prompt || t(phase.spec.promptKey);
}

/** `mm:ss`, rounding up so "00:00" appears only when time is really up. */
export function formatClock(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const minutes = Math.floor(total / 60);
  const seconds = total % 60;
  return `${String(minutes).padStart(2, '0')}:${String(seconds).padStart(2, '0')}`;
}

/**
 * What to tell a person whose request the server refused. The server's own message is English
 * prose for logs; screens show a translated sentence for the error code instead.
 */
export function ackErrorKey(code: ErrorCode): MessageKey {
  switch (code) {
    case 'forbidden':
    case 'not_found':
    case 'bad_request':
    case 'rate_limited':
    case 'limit_reached': // [G12] the card cap, when the phone's own count was behind
      return `ack.${code}`;
    default:
      return 'ack.failed';
  }
}

import type { MessageKey } from '@trellis/shared';
import type { ApiFailure } from '../../lib/api';

/** The page a kept commitment link opens (the link KeepCopy hands out). */
export const commitmentPath = (token: string): string => `/c/${encodeURIComponent(token)}`;

/** The API behind it (PROTOCOL.md "Commitments that come back"). */
export const commitmentApi = (token: string): string =>
  `/api/commitments/${encodeURIComponent(token)}`;

/** What to tell the keeper of a link when the server refused or could not be reached. */
export function failureKey(code: ApiFailure): MessageKey {
  switch (code) {
    case 'not_found':
    case 'gone':
    case 'network':
    case 'rate_limited':
    case 'bad_request':
      return `commitment.errors.${code}`;
    default:
      return 'common.unexpected';
  }
}

import type * as Y from 'yjs';
import { metaOf, readMetaField } from './meta';

/**
 * The published vote totals ([J7]): cardId → votes, one entry per card, so a vote changes one
 * number. They used to be one value of `meta` (`meta.results`), rewritten whole on every vote:
 * 300 phones voting sent every screen the whole table 900 times (2.4 GB in the bench's
 * workshop). Written by the server only.
 */
export const resultsOf = (doc: Y.Doc): Y.Map<unknown> => doc.getMap('results');

/** The published totals; a board from before keeps them in `meta.results`. */
export function readResults(doc: Y.Doc): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [cardId, votes] of resultsOf(doc)) {
    if (typeof votes === 'number' && Number.isInteger(votes) && votes > 0) out[cardId] = votes;
  }
  return Object.keys(out).length > 0 ? out : (readMetaField(doc, 'results') ?? {});
}

/**
 * Publishes `totals` (undefined: takes every total off the screens), writing only the entries
 * that differ from what is published, and moving an older board's `meta.results` over.
 */
export function writeResults(doc: Y.Doc, totals: Readonly<Record<string, number>> | undefined) {
  const published = resultsOf(doc);
  doc.transact(() => {
    if (metaOf(doc).has('results')) metaOf(doc).delete('results');
    for (const cardId of [...published.keys()]) {
      if (!totals?.[cardId]) published.delete(cardId);
    }
    for (const [cardId, votes] of Object.entries(totals ?? {})) {
      if (votes > 0 && published.get(cardId) !== votes) published.set(cardId, votes);
    }
  });
}

/** Most votes first; equal votes keep the board's order (creation order). */
export function rankByVotes<T extends { votes: number }>(items: readonly T[]): T[] {
  return items
    .map((item, index) => ({ item, index }))
    .sort((a, b) => b.item.votes - a.item.votes || a.index - b.index)
    .map(({ item }) => item);
}

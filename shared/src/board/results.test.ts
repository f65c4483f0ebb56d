import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { metaOf, readResults, writeMeta, writeResults } from '.';

const totals = (n: number): Record<string, number> =>
  Object.fromEntries(
    Array.from({ length: n }, (_, i) => [`card-${i}-of-a-long-board`, 1 + (i % 3)]),
  );

describe('published vote totals', () => {
  it('a vote rewrites one entry, not the table: the update stays small however many cards have votes', () => {
    const doc = new Y.Doc();
    const before = totals(400);
    writeResults(doc, before);
    expect(readResults(doc)).toEqual(before);
    let bytes = 0;
    doc.on('update', (u: Uint8Array) => (bytes += u.byteLength));
    writeResults(doc, { ...before, 'card-7-of-a-long-board': 9 });
    expect(bytes).toBeGreaterThan(0);
    expect(bytes).toBeLessThan(100);
    expect(readResults(doc)['card-7-of-a-long-board']).toBe(9);
  });

  it('reads a board that kept them in meta, and moves them over on the next write', () => {
    const doc = new Y.Doc();
    writeMeta(doc, { results: { a: 2, b: 1 } });
    expect(readResults(doc)).toEqual({ a: 2, b: 1 });
    writeResults(doc, { a: 2, b: 2 });
    expect(metaOf(doc).has('results')).toBe(false);
    expect(readResults(doc)).toEqual({ a: 2, b: 2 });
  });

  it('undefined takes every total off; a withdrawn last vote leaves no entry', () => {
    const doc = new Y.Doc();
    writeResults(doc, { a: 1, b: 3 });
    writeResults(doc, { a: 0, b: 3 });
    expect(readResults(doc)).toEqual({ b: 3 });
    writeResults(doc, undefined);
    expect(readResults(doc)).toEqual({});
  });
});

import { describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import {
  addCard,
  cardsOf,
  deleteCard,
  listCards,
  listZones,
  moveCard,
  newCardId,
  readMeta,
  setCardText,
} from '.';
import { Limits, normaliseJoinCode } from '../protocol/http';
import { seedBoard } from '../seed';
import { CARD_FIELDS } from './fields';

describe('board accessors', () => {
  it('seeds meta and the template zones in order', () => {
    const doc = new Y.Doc();
    seedBoard(doc, 'Trust', 'open', 1000);
    expect(readMeta(doc)).toEqual({ title: 'Trust', template: 'open', createdAt: 1000 });
    expect(listZones(doc).map((z) => z.id)).toEqual(['ideas', 'questions', 'parking']);
  });

  it('lists cards in creation order and caps text length', () => {
    const doc = new Y.Doc();
    addCard(doc, { id: 'b', kind: 'statement', text: 'second', createdAt: 2 });
    addCard(doc, {
      id: 'a',
      kind: 'note',
      text: 'x'.repeat(Limits.cardTextMax + 50),
      createdAt: 1,
    });
    const cards = listCards(doc);
    expect(cards.map((c) => c.id)).toEqual(['a', 'b']);
    expect(cards[0]!.text).toHaveLength(Limits.cardTextMax);
    expect(cards[1]!.authorId).toBeUndefined();
  });

  it('never trusts the types it reads: hostile values come back as safe defaults', () => {
    const doc = new Y.Doc();
    cardsOf(doc).set('weird', new Y.Map());
    const card = cardsOf(doc).get('weird')!;
    card.set('kind', '<script>');
    card.set('text', 42);
    card.set('authorId', { id: 'x' });
    card.set('x', Number.NaN);
    (cardsOf(doc) as unknown as Y.Map<unknown>).set('not-a-map', 'string');
    const cards = listCards(doc);
    expect(cards).toHaveLength(1);
    expect(cards[0]).toMatchObject({ kind: 'note', text: '', authorId: undefined, x: undefined });
  });

  it('reads an absent field without its schema: a miss costs no parse error', () => {
    const doc = new Y.Doc();
    addCard(doc, { id: 'a', kind: 'statement', text: 'x', zone: 'statements', createdAt: 1 });
    const parse = vi.spyOn(CARD_FIELDS.hidden.schema, 'safeParse');
    expect(listCards(doc)[0]!.hidden).toBe(false);
    expect(parse).not.toHaveBeenCalled();
    cardsOf(doc).get('a')!.set('hidden', true);
    expect(listCards(doc)[0]!.hidden).toBe(true);
    expect(parse).toHaveBeenCalledTimes(1);
    parse.mockRestore();
  });

  it('setCardText edits minimally so a concurrent edit elsewhere in the text survives', () => {
    const a = new Y.Doc();
    addCard(a, { id: 'c', kind: 'statement', text: 'trust is earned' });
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    setCardText(a, 'c', 'Trust is earned');
    setCardText(b, 'c', 'trust is earned slowly');
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    expect(listCards(a)[0]!.text).toBe('Trust is earned slowly');
    expect(listCards(b)[0]!.text).toBe('Trust is earned slowly');
  });

  it('moves and deletes cards', () => {
    const doc = new Y.Doc();
    addCard(doc, { id: 'c', kind: 'statement', text: 'x', zone: 'ideas' });
    moveCard(doc, 'c', 'questions');
    expect(listCards(doc)[0]!.zone).toBe('questions');
    deleteCard(doc, 'c');
    expect(listCards(doc)).toEqual([]);
  });

  it('makes distinct card ids', () => {
    const ids = new Set(Array.from({ length: 1000 }, newCardId));
    expect(ids.size).toBe(1000);
  });

  it('normalises join codes typed on a phone', () => {
    expect(normaliseJoinCode(' abc-de 2f ')).toBe('ABCDE2F');
  });
});

import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addCard,
  cardsOf,
  CloseCode,
  deleteCard,
  Limits,
  setCardText,
  zonesOf,
  type NewCard,
} from '@trellis/shared';
import { ana, ben, fac, ruleOf, TestBoard } from './testBoard';

/** A named card of `author`'s, as the phone's addCard writes it. */
const named = (id: string, author: string, more: Partial<NewCard> = {}): NewCard => ({
  id,
  kind: 'statement',
  text: `${id} says`,
  authorId: author,
  zone: 'ideas',
  createdAt: Date.UTC(2026, 0, 2),
  ...more,
});

/** An open board with Ana's named card, her anonymous card and a facilitator's card. */
function board(cardLimit?: number): TestBoard {
  const b = new TestBoard('open', cardLimit);
  expect(b.write(ana, (d) => addCard(d, named('ana', 'ana')))).toBeUndefined();
  b.server((d) => addCard(d, { id: 'anon', kind: 'statement', text: 'nobody says' }), {
    anon: 'ana',
  });
  expect(b.write(fac, (d) => addCard(d, { id: 'fac', kind: 'synthesis', text: 'trust' }))).toBe(
    undefined,
  );
  return b;
}

const card = (d: Y.Doc, id: string): Y.Map<unknown> => cardsOf(d).get(id)!;

describe('participant guard', () => {
  it("honest phone writes pass: a named card, its text edited, moved, deleted, and the same from a reloaded phone's new clientID", () => {
    const b = board();
    const phone = b.replica();
    expect(b.write(ben, (d) => addCard(d, named('ben', 'ben')), phone)).toBeUndefined();
    expect(b.write(ben, (d) => setCardText(d, 'ben', 'Ben, edited'), phone)).toBeUndefined();
    expect(b.write(ben, (d) => card(d, 'ben').set('zone', 'questions'), phone)).toBeUndefined();
    const reloaded = b.replica();
    expect(b.write(ben, (d) => setCardText(d, 'ben', 'Ben, again'), reloaded)).toBeUndefined();
    expect(b.write(ben, (d) => deleteCard(d, 'ben'), reloaded)).toBeUndefined();
    expect(cardsOf(b.doc).has('ben')).toBe(false);
  });

  it('[G1] a new card names its own author: not another member, not nobody', () => {
    const b = board();
    expect(ruleOf(b.write(ben, (d) => addCard(d, named('x', 'ana'))))).toBe('G1');
    expect(ruleOf(b.write(ben, (d) => addCard(d, { id: 'x', kind: 'note', text: 'x' })))).toBe(
      'G1',
    );
    expect(ruleOf(b.write(ana, (d) => card(d, 'ana').set('authorId', 'ben')))).toBe('G1');
  });

  it("[G2] a participant edits only its own cards: not another's, not an anonymous one it did not write, not the facilitator's", () => {
    const b = board();
    expect(ruleOf(b.write(ben, (d) => setCardText(d, 'ana', 'Ben wrote this')))).toBe('G2');
    expect(ruleOf(b.write(ben, (d) => card(d, 'ana').set('zone', 'parking')))).toBe('G2');
    expect(ruleOf(b.write(ben, (d) => setCardText(d, 'anon', 'Ben wrote this')))).toBe('G2');
    expect(ruleOf(b.write(ben, (d) => card(d, 'fac').set('zone', 'parking')))).toBe('G2');
  });

  it('[G2] a card the server wrote for a member (a revealed named card) is that member’s to edit', () => {
    const b = board();
    b.server((d) => addCard(d, named('revealed', 'ben')), { revealed: 'ben' });
    expect(b.write(ben, (d) => setCardText(d, 'revealed', 'mine, edited'))).toBeUndefined();
    expect(ruleOf(b.write(ana, (d) => setCardText(d, 'revealed', 'hers?')))).toBe('G2');
  });

  it("[G3] a participant may not delete or replace another's card", () => {
    const b = board();
    expect(ruleOf(b.write(ben, (d) => deleteCard(d, 'ana')))).toBe('G3');
    expect(ruleOf(b.write(ben, (d) => deleteCard(d, 'fac')))).toBe('G3');
    expect(ruleOf(b.write(ben, (d) => addCard(d, named('ana', 'ben'))))).toBe('G3');
    expect(b.write(ana, (d) => deleteCard(d, 'ana'))).toBeUndefined();
  });

  it('[G4] a participant may not write or delete in meta or zones', () => {
    const b = board();
    expect(ruleOf(b.write(ben, (d) => d.getMap('meta').set('title', 'Hijacked')))).toBe('G4');
    expect(ruleOf(b.write(ben, (d) => d.getMap('meta').delete('title')))).toBe('G4');
    expect(ruleOf(b.write(ben, (d) => zonesOf(d).delete('ideas')))).toBe('G4');
    expect(ruleOf(b.write(ben, (d) => zonesOf(d).set('evil', new Y.Map())))).toBe('G4');
  });

  it('[G5] a participant writes only the known card shape', () => {
    const b = board();
    const mine = (more: (m: Y.Map<unknown>) => void) => (d: Y.Doc) => {
      addCard(d, named('mine', 'ben'));
      more(card(d, 'mine'));
    };
    const refused: [string, (d: Y.Doc) => void][] = [
      ['unknown root', (d) => d.getMap('elsewhere').set('x', 1)],
      ['unknown array root', (d) => d.getArray('votes').push(['stuffed'])],
      ['synthesis kind', (d) => addCard(d, named('syn', 'ben', { kind: 'synthesis' }))],
      ['not a map', (d) => cardsOf(d).set('flat', 'text' as unknown as Y.Map<unknown>)],
      ['unknown field', mine((m) => m.set('onclick', 'alert(1)'))],
      ['facilitator field', mine((m) => m.set('hidden', true))],
      ['string text', mine((m) => m.set('text', 'not a Y.Text'))],
      ['XmlText', mine((m) => m.set('text', new Y.XmlText('x')))],
      ['formatted text', mine((m) => (m.get('text') as Y.Text).format(0, 1, { bold: true }))],
      ['keyed text child', mine((m) => (m.get('text') as Y.Text).setAttribute('k', 'y'))],
      ['zone phones do not write in', mine((m) => m.set('zone', 'nowhere'))],
      ['far position', mine((m) => m.set('x', 1e308))],
      ['implausible time', mine((m) => m.set('createdAt', -8.64e15))],
      ['long org', mine((m) => m.set('org', 'o'.repeat(Limits.commitmentFieldMax + 1)))],
    ];
    for (const [what, change] of refused) expect(ruleOf(b.write(ben, change)), what).toBe('G5');
    expect(b.write(ben, (d) => addCard(d, named('kept', 'ben')))).toBeUndefined();
    expect(ruleOf(b.write(ben, (d) => card(d, 'kept').set('kind', 'note')))).toBe('G5');
  });

  it('[G5] in a workshop a phone keeps its commitment in the zones phones write in', () => {
    const b = new TestBoard('trust');
    b.meta({ phase: 3 });
    const commitment = named('c', 'ben', { kind: 'commitment', zone: 'commitments' });
    expect(b.write(ben, (d) => addCard(d, commitment))).toBeUndefined();
    expect(ruleOf(b.write(ben, (d) => card(d, 'c').set('zone', 'rules')))).toBe('G5');
    expect(b.write(ben, (d) => card(d, 'c').set('org', 'Food bank'))).toBeUndefined();
  });

  it('[G6] text in flight for one card is at most twice the text limit, counting what it has', () => {
    const b = board();
    const long = (n: number) => 'x'.repeat(n);
    const tooLong = (d: Y.Doc) => {
      const m = new Y.Map<unknown>();
      m.set('kind', 'note');
      m.set('authorId', 'ben');
      m.set('text', new Y.Text(long(2 * Limits.cardTextMax + 1)));
      cardsOf(d).set('long', m);
    };
    expect(ruleOf(b.write(ben, tooLong))).toBe('G6');
    expect(b.write(ben, (d) => addCard(d, named('full', 'ben', { text: long(500) })))).toBe(
      undefined,
    );
    // An honest rewrite deletes then inserts: 500 + 500 in flight.
    expect(b.write(ben, (d) => setCardText(d, 'full', 'y'.repeat(500)))).toBeUndefined();
    const append = (d: Y.Doc) => (card(d, 'full').get('text') as Y.Text).insert(0, long(501));
    expect(ruleOf(b.write(ben, append))).toBe('G6');
  });

  it('[G12] a participant holds at most the card limit, however many cards one update carries, its anonymous ones counted', () => {
    const b = board(3);
    const many = b.check(
      ben,
      b.change((d) => {
        for (let i = 0; i < 4; i++) addCard(d, named(`b${i}`, 'ben'));
      }),
    );
    expect(many).toMatchObject({ kind: 'reject', rule: 'G12', code: CloseCode.TooLarge });
    expect(b.write(ben, (d) => addCard(d, named('b1', 'ben')))).toBeUndefined();
    b.server((d) => addCard(d, { id: 'b2', kind: 'note', text: 'anonymous' }), { b2: 'ben' });
    expect(b.write(ben, (d) => addCard(d, named('b3', 'ben')))).toBeUndefined();
    expect(ruleOf(b.write(ben, (d) => addCard(d, named('b4', 'ben'))))).toBe('G12');
    // Ana's cards are hers: Ben's do not count against her.
    expect(b.write(ana, (d) => addCard(d, named('a2', 'ana')))).toBeUndefined();
  });

  it('[G12] a participant whose changes have used up its log bytes is closed; the facilitator has no such budget', () => {
    const b = board();
    b.budget = { spent: 1000, limit: 1000 };
    const verdict = b.check(
      ben,
      b.change((d) => addCard(d, named('late', 'ben'))),
    );
    expect(verdict).toMatchObject({ kind: 'reject', rule: 'G12', code: CloseCode.TooLarge });
    expect(b.write(fac, (d) => setCardText(d, 'fac', 'still'))).toBeUndefined();
  });

  it('[J1] while locked or ended, participants create, edit and delete nothing; the facilitator still does', () => {
    for (const patch of [{ locked: true }, { ended: true }]) {
      const b = board();
      b.meta(patch);
      expect(ruleOf(b.write(ana, (d) => addCard(d, named('new', 'ana'))))).toBe('J1');
      expect(ruleOf(b.write(ana, (d) => setCardText(d, 'ana', 'edited')))).toBe('J1');
      expect(ruleOf(b.write(ana, (d) => deleteCard(d, 'ana')))).toBe('J1');
      expect(b.write(fac, (d) => setCardText(d, 'ana', 'moderated'))).toBeUndefined();
    }
  });

  it('[J2] with phases, phones add cards only in an open writing phase and of a kind it lists', () => {
    const b = new TestBoard('trust');
    const commitment = (id: string) =>
      named(id, 'ben', { kind: 'commitment', zone: 'commitments' });
    // The lobby, then the private statements phase: not through the document.
    expect(ruleOf(b.write(ben, (d) => addCard(d, commitment('lobby'))))).toBe('J2');
    b.meta({ phase: 1 });
    const statement = named('s', 'ben', { zone: 'statements' });
    expect(ruleOf(b.write(ben, (d) => addCard(d, statement)))).toBe('J2');
    b.meta({ phase: 3 });
    expect(ruleOf(b.write(ben, (d) => addCard(d, statement)))).toBe('J2');
    expect(b.write(ben, (d) => addCard(d, commitment('c')))).toBeUndefined();
    expect(b.write(fac, (d) => addCard(d, { id: 'f', kind: 'synthesis', text: 'x' }))).toBe(
      undefined,
    );
  });

  it('[J14] a participant changes its anonymous card only through the server, never in the document', () => {
    const b = board();
    expect(ruleOf(b.write(ana, (d) => setCardText(d, 'anon', 'by Ana, visibly')))).toBe('J14');
    expect(ruleOf(b.write(ana, (d) => card(d, 'anon').set('zone', 'parking')))).toBe('J14');
    expect(ruleOf(b.write(ana, (d) => deleteCard(d, 'anon')))).toBe('J14');
    expect(ruleOf(b.write(ana, (d) => addCard(d, named('anon', 'ana'))))).toBe('J14');
  });
});

import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addCard, cardsOf, deleteCard, Limits, setCardText, zonesOf } from '@trellis/shared';
import { decodeUpdate } from './decoded';
import { ana, ben, fac, projector, ruleOf, TestBoard } from './testBoard';

/** A board with Ana's card on it, and a replica of Ana's phone that wrote it. */
function board() {
  const b = new TestBoard();
  const phone = b.replica();
  b.write(ana, (d) => addCard(d, { id: 'ana', kind: 'note', text: 'Ana', authorId: 'ana' }), phone);
  expect(cardsOf(b.doc).has('ana')).toBe(true);
  return { b, phone };
}

describe('structure guards', () => {
  it('[G7] an update that starts after a gap in its client’s clocks is dropped, for every role', () => {
    const { b } = board();
    for (const who of [ben, fac]) {
      const phone = b.replica();
      b.change(
        (d) => addCard(d, { id: 'unsent', kind: 'note', text: 'x', authorId: who.member.id }),
        phone,
      );
      const after = b.change((d) => setCardText(d, 'unsent', 'y'), phone);
      expect(b.check(who, after)).toMatchObject({ kind: 'drop', reason: 'gap before the update' });
    }
  });

  it('[G7] an update that refers to, or deletes, structs the room lacks is dropped, not parked', () => {
    const { b } = board();
    // Ben's card reaches Ben's second phone but not the room.
    const first = b.replica();
    const unsent = b.change(
      (d) => addCard(d, { id: 'unsent', kind: 'note', text: 'x', authorId: 'ben' }),
      first,
    );
    const second = b.replica();
    Y.applyUpdate(second, unsent);
    const edit = b.change((d) => cardsOf(d).get('unsent')!.set('zone', 'parking'), second);
    expect(b.check(ben, edit)).toMatchObject({ kind: 'drop' });
    const removal = b.change((d) => deleteCard(d, 'unsent'), second);
    expect(b.check(ben, removal)).toMatchObject({ kind: 'drop' });
    expect(b.check(fac, removal)).toMatchObject({ kind: 'drop' });
  });

  it('[G8] a struct whose parent is not a type, or that has no parent at all, is rejected', () => {
    const { b } = board();
    const textItem = [...b.doc.store.clients.values()]
      .flat()
      .find((s): s is Y.Item => s instanceof Y.Item && s.content instanceof Y.ContentString)!;
    const forged = (tamper: (item: Y.Item) => void) => {
      const decoded = decodeUpdate(b.change((d) => cardsOf(d).get('ana')!.set('zone', 'parking')));
      tamper(decoded.structs[0] as Y.Item);
      return decoded;
    };
    const underText = forged(
      (item) => (item.parent = textItem.id as unknown as Y.AbstractType<unknown>),
    );
    const orphan = forged((item) => {
      item.parent = null;
      item.origin = null;
      item.rightOrigin = null;
    });
    for (const who of [ana, fac]) {
      expect(ruleOf(b.check(who, underText))).toBe('G8');
      expect(ruleOf(b.check(who, orphan))).toBe('G8');
    }
  });

  it('[G11] no role writes a key longer than the id limit', () => {
    const { b } = board();
    const long = 'k'.repeat(Limits.idMax + 1);
    expect(
      ruleOf(
        b.write(ben, (d) => addCard(d, { id: long, kind: 'note', text: 'x', authorId: 'ben' })),
      ),
    ).toBe('G11');
    expect(ruleOf(b.write(fac, (d) => zonesOf(d).set(long, new Y.Map())))).toBe('G11');
    expect(ruleOf(b.write(fac, (d) => cardsOf(d).get('ana')!.set(long, 1)))).toBe('G11');
    const longest = 'k'.repeat(Limits.idMax);
    expect(b.write(fac, (d) => zonesOf(d).set(longest, new Y.Map()))).toBeUndefined();
  });

  it('[P1] a projector is read-only, but its empty sync answer and known state pass', () => {
    const { b } = board();
    const screen = b.replica();
    expect(
      b.check(projector, Y.encodeStateAsUpdate(screen, Y.encodeStateVector(b.doc))),
    ).toBeUndefined();
    expect(b.check(projector, Y.encodeStateAsUpdate(screen))).toBeUndefined();
    expect(
      ruleOf(b.write(projector, (d) => addCard(d, { id: 'p', kind: 'note', text: 'x' }))),
    ).toBe('P1');
    expect(ruleOf(b.write(projector, (d) => deleteCard(d, 'ana')))).toBe('P1');
    expect(ruleOf(b.write(projector, (d) => d.getMap('meta').set('title', 'x')))).toBe('P1');
  });

  it('[P2] new structs under a clientID bound to another member are refused, the server’s included, whatever the role', () => {
    const { b, phone } = board();
    expect(b.write(ana, (d) => setCardText(d, 'ana', 'Ana, edited'), phone)).toBeUndefined();
    const asAna = b.change(
      (d) => addCard(d, { id: 'ben', kind: 'note', text: 'x', authorId: 'ben' }),
      phone,
    );
    expect(ruleOf(b.check(ben, asAna))).toBe('P2');
    expect(ruleOf(b.check(fac, asAna))).toBe('P2');
    // The seed's clientID is the server's (taken after syncing: Yjs would pick a new one).
    const server = b.replica();
    server.clientID = [...b.doc.store.clients.keys()].find(
      (c) => b.ownership.bindingOf(c) === '@server',
    )!;
    const forged = b.change((d) => d.getMap('meta').set('title', 'mine'), server);
    expect(ruleOf(b.check(fac, forged))).toBe('P2');
  });

  it('[G9] a facilitator changes anything in its session: meta, zones, every card', () => {
    const { b } = board();
    b.server((d) => addCard(d, { id: 'anon', kind: 'note', text: 'x' }), { anon: 'ben' });
    expect(b.write(fac, (d) => d.getMap('meta').set('title', 'Renamed'))).toBeUndefined();
    expect(b.write(fac, (d) => zonesOf(d).delete('parking'))).toBeUndefined();
    expect(b.write(fac, (d) => setCardText(d, 'ana', 'moderated'))).toBeUndefined();
    expect(b.write(fac, (d) => cardsOf(d).get('ana')!.set('hidden', true))).toBeUndefined();
    expect(b.write(fac, (d) => deleteCard(d, 'anon'))).toBeUndefined();
    expect(
      b.write(fac, (d) => addCard(d, { id: 'syn', kind: 'synthesis', text: 'trust' })),
    ).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { isSeededRule, listCards, type InboxCard, type PrivateCardView } from '@trellis/shared';
import type { TrellisSocket } from '../helpers/clients';
import { connected, ok, send } from '../helpers/requests';
import { eventually } from '../helpers/server';
import { useServer } from '../helpers/suite';

/**
 * The facilitator's screening inbox ([J15], [J16]): waiting private cards read before the reveal,
 * hidden or merged, and a reveal that leaves the screened-out ones off the board.
 */
const s = useServer();

const written = (doc: Y.Doc) => listCards(doc).filter((c) => !isSeededRule(c.id));

async function privatePhase() {
  const created = await s.createSession('Screening', { template: 'trust' });
  const ana = await s.join(created.joinCode, 'Ana');
  const ben = await s.join(created.joinCode, 'Ben');
  const fac = s.socket(created.facilitatorToken);
  const phoneA = s.socket(ana.token);
  const phoneB = s.socket(ben.token);
  await Promise.all([fac, phoneA, phoneB].map(connected));
  await ok(fac, 'facilitate', { type: 'phase:go', index: 1 });
  const put = (phone: TrellisSocket, id: string, text: string, anonymous: boolean) =>
    ok<PrivateCardView[]>(phone, 'private:put', { id, kind: 'statement', text, anonymous });
  return { created, ana, ben, fac, phoneA, phoneB, put };
}

describe('screening private cards', () => {
  it('[J15] only a facilitator reads the waiting cards; a named one says whose, an anonymous one names nobody', async () => {
    const { created, ana, fac, phoneA, phoneB, put } = await privatePhase();
    await put(phoneA, 'a1-named', 'Trust is shown, not told', false);
    await put(phoneA, 'a2-anon', 'I do not trust the city yet', true);
    await put(phoneB, 'b3-anon', 'Small projects first', true);

    const inbox = await ok<InboxCard[]>(fac, 'private:list');
    expect(inbox.map((c) => [c.id, c.text, c.author, c.anonymous, c.hidden])).toEqual([
      ['a1-named', 'Trust is shown, not told', 'Ana', false, false],
      ['a2-anon', 'I do not trust the city yet', undefined, true, false],
      ['b3-anon', 'Small projects first', undefined, true, false],
    ]);
    // Nothing in an anonymous card's entry leads to its author: no name, no member id.
    for (const card of inbox.filter((c) => c.anonymous)) {
      const json = JSON.stringify(card);
      expect(json).not.toContain('Ana');
      expect(json).not.toContain('Ben');
      expect(json).not.toContain(ana.participantId);
      expect(Object.keys(card).sort()).toEqual(
        ['anonymous', 'createdAt', 'hidden', 'id', 'kind', 'text'].sort(),
      );
    }

    const projector = s.socket(created.projectorToken);
    await connected(projector);
    for (const other of [phoneB, projector]) {
      expect(await send(other, 'private:list')).toMatchObject({
        ok: false,
        error: { code: 'forbidden' },
      });
      expect(await send(other, 'private:screen', { id: 'a2-anon', action: 'hide' })).toMatchObject({
        ok: false,
        error: { code: 'forbidden' },
      });
    }
    expect(await send(fac, 'private:list', { extra: true })).toMatchObject({
      ok: false,
      error: { code: 'bad_request' },
    });
  });

  it('[J16] hidden and merged cards stay off the board at the reveal, and stop waiting; shown ones go up', async () => {
    const { created, fac, phoneA, phoneB, put } = await privatePhase();
    await put(phoneA, 'a-stray', 'test 123', true);
    await put(phoneA, 'b-first', 'Keep your word in small things', false);
    await put(phoneB, 'c-dup', 'Keep your word, even in small things', true);
    await put(phoneB, 'd-twice', 'Small things: keep your word', false);
    await put(phoneB, 'e-keep', 'Say what you cannot do', true);

    const hidden = (list: InboxCard[]) =>
      list.filter((c) => c.hidden).map((c) => [c.id, c.mergedInto]);
    expect(hidden(await ok(fac, 'private:screen', { id: 'a-stray', action: 'hide' }))).toEqual([
      ['a-stray', undefined],
    ]);
    // Merging a card into itself, into a hidden card, or without a target is refused.
    for (const bad of [
      { id: 'c-dup', action: 'merge' },
      { id: 'c-dup', action: 'merge', into: 'c-dup' },
      { id: 'c-dup', action: 'merge', into: 'a-stray' },
    ]) {
      expect(await send(fac, 'private:screen', bad)).toMatchObject({
        ok: false,
        error: { code: 'bad_request' },
      });
    }
    expect(await send(fac, 'private:screen', { id: 'nope', action: 'hide' })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    await ok(fac, 'private:screen', { id: 'c-dup', action: 'merge', into: 'd-twice' });
    // `twice` is itself a duplicate of `first`: what was merged into it follows it there.
    const merged = await ok<InboxCard[]>(fac, 'private:screen', {
      id: 'd-twice',
      action: 'merge',
      into: 'b-first',
    });
    expect(hidden(merged)).toEqual([
      ['a-stray', undefined],
      ['c-dup', 'b-first'],
      ['d-twice', 'b-first'],
    ]);
    // Hide, then show again: `keep` goes up after all.
    await ok(fac, 'private:screen', { id: 'e-keep', action: 'hide' });
    await ok(fac, 'private:screen', { id: 'e-keep', action: 'show' });
    // The author rewording a hidden card does not bring it back.
    await put(phoneA, 'a-stray', 'test 1234', true);
    expect(hidden(await ok(fac, 'private:list'))).toContainEqual(['a-stray', undefined]);

    const screen = s.board(created.id, created.projectorToken);
    await screen.synced;
    const told = new Promise((r) => phoneB.once('private:mine', r));
    await ok(fac, 'facilitate', { type: 'reveal' });
    await eventually(() =>
      expect(
        written(screen.doc)
          .map((c) => c.id)
          .sort(),
      ).toEqual(['b-first', 'e-keep']),
    );
    // Phones whose cards were left off are told they wait no more, like the others.
    expect(await told).toEqual([]);
    // Nor can its author bring it back by writing it again.
    expect(
      await send(phoneA, 'private:put', {
        id: 'a-stray',
        kind: 'statement',
        text: 'again',
        anonymous: true,
      }),
    ).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await ok(fac, 'private:list')).toEqual([]);
    expect(await send(fac, 'private:screen', { id: 'e-keep', action: 'hide' })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });

    // A second reveal brings nothing: the screened-out cards stay off, kept with their screening.
    await ok(fac, 'facilitate', { type: 'reveal' });
    const stored = await s.app.storage.privateCards(created.id);
    expect(
      stored
        .filter((c) => c.hidden)
        .map((c) => [c.cardId, c.mergedInto, c.revealedAt !== null])
        .sort(),
    ).toEqual([
      ['a-stray', null, true],
      ['c-dup', 'b-first', true],
      ['d-twice', 'b-first', true],
    ]);
    await new Promise((r) => setTimeout(r, 200));
    expect(
      written(screen.doc)
        .map((c) => c.id)
        .sort(),
    ).toEqual(['b-first', 'e-keep']);
  });
});

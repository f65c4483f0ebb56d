import { describe, expect, it } from 'vitest';
import { addCard, cardsOf, readWorkshop } from '@trellis/shared';
import { ok, send } from '../helpers/requests';
import { eventually } from '../helpers/server';
import { useServer } from '../helpers/suite';

const s = useServer();

describe('votes on synthesis points', () => {
  it('[J7] a vote goes to a point or an ungrouped statement, never to a statement inside a point', async () => {
    const created = await s.createSession('Points', { template: 'trust' });
    const ana = await s.join(created.joinCode, 'Ana');
    const fac = await s.control(created.facilitatorToken);
    const phone = await s.control(ana.token);
    const fb = s.board(created.id, created.facilitatorToken);
    await fb.synced;
    addCard(fb.doc, { id: 's1', kind: 'statement', text: 'one', zone: 'statements' });
    addCard(fb.doc, { id: 's2', kind: 'statement', text: 'two', zone: 'statements' });
    addCard(fb.doc, { id: 's3', kind: 'statement', text: 'three', zone: 'statements' });
    addCard(fb.doc, { id: 'p1', kind: 'synthesis', text: 'point', zone: 'synthesis' });
    await ok(fac, 'facilitate', { type: 'vote:configure', perParticipant: 5, hideResults: false });
    await ok(fac, 'facilitate', { type: 'phase:go', index: 2 });
    // s3 got a vote while it stood alone; then it joins the point with s1.
    await eventually(async () =>
      expect(await send(phone, 'vote', { cardId: 's3', delta: 1 })).toMatchObject({ ok: true }),
    );
    cardsOf(fb.doc).get('s1')!.set('group', 'p1');
    cardsOf(fb.doc).get('s3')!.set('group', 'p1');

    // Inside the point: refused, whatever the phone shows.
    const plusOne = async (cardId: string) =>
      (await send(phone, 'vote', { cardId, delta: 1 })).ok || 'refused';
    await eventually(async () => expect(await plusOne('s1')).toBe('refused'));
    expect(await send(phone, 'vote', { cardId: 's3', delta: 1 })).toMatchObject({
      error: { code: 'forbidden' },
    });
    await ok(phone, 'vote', { cardId: 'p1', delta: 1 });
    await ok(phone, 'vote', { cardId: 's2', delta: 1 });
    // The vote s3 had before it was grouped can be taken back.
    const mine = await ok(phone, 'vote', { cardId: 's3', delta: -1 });
    expect(mine).toEqual({ votes: { p1: 1, s2: 1 }, remaining: 3 });

    // A point that is hidden no longer holds its statements: they take votes again.
    cardsOf(fb.doc).get('p1')!.set('hidden', true);
    await eventually(async () =>
      expect(await send(phone, 'vote', { cardId: 's1', delta: 1 })).toMatchObject({ ok: true }),
    );
    await eventually(() => expect(readWorkshop(fb.doc).results).toEqual({ p1: 1, s1: 1, s2: 1 }));
  });
});

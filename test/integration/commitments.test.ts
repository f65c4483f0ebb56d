import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addCard, cardsOf, CloseCode, CommitmentView, listCards } from '@trellis/shared';
import { provider, rawClient, updateFrom, type TrellisSocket } from '../helpers/clients';
import { send } from '../helpers/requests';
import { eventually, ORGANISER_KEY } from '../helpers/server';
import { useServer } from '../helpers/suite';

const s = useServer();
const { cleanups } = s;

const auth = { authorization: `Bearer ${ORGANISER_KEY}` };

async function createSession(body: Record<string, unknown>) {
  const res = await fetch(`${s.url}/api/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...auth },
    body: JSON.stringify(body),
  });
  return {
    status: res.status,
    body: (await res.json()) as { id: string; joinCode: string; facilitatorToken: string },
  };
}

const open = (token: string): TrellisSocket => s.socket(token);

/** A trust session that reached the commitment phase, with Ana's and Ben's commitments. */
async function workshopWithCommitments() {
  const { body: first } = await createSession({ title: 'March meeting', template: 'trust' });
  const ana = await s.join(first.joinCode, 'Ana');
  const ben = await s.join(first.joinCode, 'Ben');
  const fac = open(first.facilitatorToken);
  await new Promise((r) => fac.once('session', r));
  await send(fac, 'facilitate', { type: 'phase:go', index: 3 });
  for (const [who, id, text] of [
    [ana, 'ca', 'I bring my Arabic'],
    [ben, 'cb', 'I bring a van'],
  ] as const) {
    const p = provider(s.wsUrl, first.id, who.token);
    cleanups.push(() => p.provider.destroy());
    await p.synced;
    addCard(p.doc, {
      id,
      kind: 'commitment',
      text,
      authorId: who.participantId,
      org: 'Refugee desk',
      step: 'Call Sam',
      by: 'April',
    });
  }
  const screen = provider(s.wsUrl, first.id, first.facilitatorToken);
  cleanups.push(() => screen.provider.destroy());
  await eventually(() =>
    expect(listCards(screen.doc).filter((c) => c.kind === 'commitment')).toHaveLength(2),
  );
  return { first, ana, ben, fac };
}

describe('commitments that come back', () => {
  it('[K1] a participant keeps a private link to its own commitment, and only its own', async () => {
    const { ana } = await workshopWithCommitments();
    const phone = open(ana.token);
    await new Promise((r) => phone.once('session', r));
    const kept = await send<{ token: string }>(phone, 'commitment:keep', { cardId: 'ca' });
    if (!kept.ok) throw new Error(kept.error.message);
    expect(await send(phone, 'commitment:keep', { cardId: 'cb' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    const view = CommitmentView.parse(
      await (await fetch(`${s.url}/api/commitments/${kept.data.token}`)).json(),
    );
    expect(view).toMatchObject({
      sessionTitle: 'March meeting',
      text: 'I bring my Arabic',
      org: 'Refugee desk',
      step: 'Call Sam',
      by: 'April',
      followUps: [],
    });
    expect((await fetch(`${s.url}/api/commitments/not-a-token`)).status).toBe(404);
  });

  it('[K1] POST /api/commitments keeps a link with the participant token, after the end too, until the purge', async () => {
    const { first, ana, ben, fac } = await workshopWithCommitments();
    await send(fac, 'facilitate', { type: 'session:end' });
    const keep = (token: string | undefined, body: unknown) =>
      fetch(`${s.url}/api/commitments`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(token !== undefined && { authorization: `Bearer ${token}` }),
        },
        body: JSON.stringify(body),
      });
    // Socket.IO refuses an ended session; the HTTP endpoint still answers while the data is kept.
    expect((await keep(ana.token, { cardId: 'ca' })).status).toBe(200);
    const res = await keep(ben.token, { cardId: 'cb' });
    const { token } = (await res.json()) as { token: string };
    const view = CommitmentView.parse(
      await (await fetch(`${s.url}/api/commitments/${token}`)).json(),
    );
    expect(view).toMatchObject({ text: 'I bring a van', sessionTitle: 'March meeting' });

    expect((await keep(ben.token, { cardId: 'ca' })).status).toBe(403);
    expect((await keep(ben.token, { cardId: 'nope' })).status).toBe(404);
    expect((await keep(ben.token, {})).status).toBe(400);
    expect((await keep(undefined, { cardId: 'cb' })).status).toBe(401);
    expect((await keep('not-a-token', { cardId: 'cb' })).status).toBe(401);
    expect((await keep(first.facilitatorToken, { cardId: 'cb' })).status).toBe(403);

    // Purged with the session: the participant's token goes with its data.
    await s.app.retention.purgeExpired(Date.now() + 3651 * 86_400_000);
    expect((await keep(ben.token, { cardId: 'cb' })).status).toBe(401);
  });

  it('[K2] a follow-up session opens with the previous commitments', async () => {
    const { first, fac } = await workshopWithCommitments();
    await send(fac, 'facilitate', { type: 'session:end' });
    expect((await createSession({ title: 'May', followUpOf: 'nope' })).status).toBe(404);
    const { status, body: second } = await createSession({
      title: 'May meeting',
      template: 'trust',
      followUpOf: first.id,
    });
    expect(status).toBe(201);
    const board = provider(s.wsUrl, second.id, second.facilitatorToken);
    cleanups.push(() => board.provider.destroy());
    await board.synced;
    const previous = listCards(board.doc).filter((c) => c.zone === 'previous');
    expect(previous.map((c) => c.text).sort()).toEqual(['I bring a van', 'I bring my Arabic']);
    expect(previous.find((c) => c.text === 'I bring a van')).toMatchObject({
      org: 'Refugee desk',
      step: 'Call Sam',
      by: 'April',
    });
  });

  it('[K3] the keeper marks done / partly / not yet through its link; facilitators may too; others may not', async () => {
    const { first, ana, fac } = await workshopWithCommitments();
    const phone = open(ana.token);
    await new Promise((r) => phone.once('session', r));
    const kept = await send<{ token: string }>(phone, 'commitment:keep', { cardId: 'ca' });
    if (!kept.ok) throw new Error(kept.error.message);
    await send(fac, 'facilitate', { type: 'session:end' });
    const { body: second } = await createSession({
      title: 'May meeting',
      template: 'trust',
      followUpOf: first.id,
    });
    const post = (body: unknown) =>
      fetch(`${s.url}/api/commitments/${kept.data.token}/status`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await post({ sessionId: second.id, status: 'maybe' })).status).toBe(400);
    expect((await post({ sessionId: first.id, status: 'done' })).status).toBe(404);
    const res = await post({ sessionId: second.id, status: 'partly', note: 'Met Sam once' });
    expect(res.status).toBe(200);
    const view = CommitmentView.parse(await res.json());
    expect(view.followUps).toEqual([
      { sessionId: second.id, title: 'May meeting', status: 'partly', note: 'Met Sam once' },
    ]);

    const board = provider(s.wsUrl, second.id, second.facilitatorToken);
    cleanups.push(() => board.provider.destroy());
    await board.synced;
    await eventually(() => expect(cardsOf(board.doc).get('prev-ca')?.get('status')).toBe('partly'));
    cardsOf(board.doc).get('prev-cb')!.set('status', 'done');
    await eventually(async () => {
      const stored = await s.app.storage.loadState(second.id);
      const doc = new Y.Doc();
      // The last checkpoint may already hold the card (and the change): both make the board.
      if (stored.checkpoint) Y.applyUpdate(doc, stored.checkpoint.state);
      for (const e of stored.tail) Y.applyUpdate(doc, e.update);
      expect(cardsOf(doc).get('prev-cb')?.get('status')).toBe('done');
    });
    // A participant of the new session cannot mark someone's commitment.
    const benAgain = await s.join((second as { joinCode: string }).joinCode, 'Ben');
    const raw = rawClient(s.wsUrl, second.id, benAgain.token);
    await raw.opened;
    raw.sendUpdate(
      updateFrom(123456, (d) => cardsOf(d).get('prev-ca')!.set('status', 'not_yet'), board.doc),
    );
    expect((await raw.closed).code).toBe(CloseCode.Forbidden);
  });
});

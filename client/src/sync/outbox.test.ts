import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addCard, cardsOf, deleteCard, listCards, type Ack, type ErrorCode } from '@trellis/shared';
import { putBody, type AnonIntent, type Intent, type ServerIntent } from './intents';
import { Outbox, SETTLE_MS, type OutboxConditions } from './outbox';
import { pendingOf } from './pending';

const ok: Ack<null> = { ok: true, data: null };
const refusal = (code: ErrorCode): Ack<null> => ({ ok: false, error: { code, message: code } });

const body = (id: string, text: string) =>
  putBody({ id, kind: 'statement', text, zone: 'ideas', createdAt: Date.UTC(2026, 0, 1) });
const named = (id: string, text: string): Intent => ({ op: 'card:put', ...body(id, text) });
const anon = (id: string, text: string): AnonIntent => ({ op: 'anon:put', ...body(id, text) });

/**
 * An outbox over a real Y.Doc, with storage in memory, the server's saved clocks in a map and
 * requests answered by `answer` (default: taken).
 */
function phone(stored: Intent[] = [], doc = new Y.Doc()) {
  const saved = new Map<number, number>();
  const requests: ServerIntent[] = [];
  const refused: ErrorCode[] = [];
  const t = { persisted: stored, refreshes: 0, now: 0 };
  let answer = (_intent: ServerIntent): Promise<Ack<unknown> | undefined> => Promise.resolve(ok);
  const outbox = new Outbox(
    { read: () => stored, write: (intents) => void (t.persisted = [...intents]) },
    {
      doc,
      participantId: 'me',
      savedClock: (client) => saved.get(client) ?? 0,
      request: (intent) => {
        requests.push(intent);
        return answer(intent);
      },
      refresh: () => void t.refreshes++,
      onRefused: (_intent, code) => void refused.push(code),
      now: () => t.now,
    },
  );
  const conditions = (patch: Partial<OutboxConditions>): void =>
    outbox.update({ live: false, connected: false, takes: () => true, ...patch });
  /** The server stores everything this doc wrote so far. */
  const serverSaves = (client = doc.clientID): void => {
    saved.set(client, Y.getState(doc.store, client));
    outbox.flush();
  };
  return {
    doc,
    outbox,
    t,
    requests,
    refused,
    conditions,
    serverSaves,
    answerWith: (next: typeof answer) => void (answer = next),
    texts: () => listCards(doc).map((c) => `${c.text}${c.authorId ? ` by ${c.authorId}` : ''}`),
  };
}

/** A change the server writes (under its own clientID) reaching this phone's board. */
function fromServer(doc: Y.Doc, write: (server: Y.Doc) => void): void {
  const server = new Y.Doc();
  Y.applyUpdate(server, Y.encodeStateAsUpdate(doc));
  const before = Y.encodeStateVector(server);
  write(server);
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(server, before));
}

/** Lets answered requests settle. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('the phone outbox: named cards into the document', () => {
  it('keeps a card written offline on the device, and writes it once the board is live', async () => {
    const p = phone();
    p.conditions({ live: false });
    await p.outbox.send(named('c1', 'Written offline'));
    expect(p.texts()).toEqual([]);
    expect(p.t.persisted).toHaveLength(1);
    expect(p.outbox.statusOf('c1')).toBe('sending');
    const shown = pendingOf(p.outbox.getState(), p.doc, 'me');
    expect(shown.queued.map((c) => [c.id, c.text, c.authorId])).toEqual([
      ['c1', 'Written offline', 'me'],
    ]);

    p.conditions({ live: true });
    expect(p.texts()).toEqual(['Written offline by me']);
    expect(p.outbox.statusOf('c1')).toBe('sending');
    expect(pendingOf(p.outbox.getState(), p.doc, 'me').queued).toEqual([]);

    p.serverSaves();
    expect(p.outbox.statusOf('c1')).toBeUndefined();
    expect(p.t.persisted).toEqual([]);
  });

  it('holds what the board would refuse as waiting, and writes it when the board takes it', () => {
    const p = phone();
    p.conditions({ live: true, takes: () => false });
    void p.outbox.send(named('c1', 'While locked'));
    expect(p.texts()).toEqual([]);
    expect(p.outbox.statusOf('c1')).toBe('waiting');
    p.conditions({ live: true, takes: () => true });
    expect(p.texts()).toEqual(['While locked by me']);
  });

  it('after a reload, waits for a write the document still holds instead of writing it again', () => {
    const before = phone();
    before.conditions({ live: true });
    void before.outbox.send(named('c1', 'Before the reload'));
    const [written] = before.t.persisted;
    expect(written).toMatchObject({ mark: { client: before.doc.clientID } });

    // The same board from IndexedDB under a new clientID, the outbox from storage.
    const kept = new Y.Doc();
    Y.applyUpdate(kept, Y.encodeStateAsUpdate(before.doc));
    const after = phone([written!], kept);
    after.conditions({ live: true });
    expect(after.texts()).toEqual(['Before the reload by me']);
    expect(Y.getState(kept.store, kept.clientID)).toBe(0);
    expect(after.outbox.statusOf('c1')).toBe('sending');
    after.serverSaves(before.doc.clientID);
    expect(after.outbox.statusOf('c1')).toBeUndefined();
  });

  it('after a reload that lost the unsaved copy, writes the card again, same id and text', () => {
    const before = phone();
    before.conditions({ live: true });
    void before.outbox.send(named('c1', 'Lost with the page'));
    const after = phone([...before.t.persisted]);
    after.conditions({ live: true });
    expect(after.texts()).toEqual(['Lost with the page by me']);
    expect(after.t.persisted[0]).toMatchObject({ mark: { client: after.doc.clientID } });
  });

  it('counts a card the document held before as saved once the server holds its entry', () => {
    const earlier = new Y.Doc();
    addCard(earlier, { id: 'c1', kind: 'statement', text: 'Same', authorId: 'me', createdAt: 1 });
    const doc = new Y.Doc();
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(earlier));
    const p = phone([named('c1', 'Same')], doc);
    p.conditions({ live: true });
    expect(p.outbox.statusOf('c1')).toBe('sending');
    p.serverSaves(earlier.clientID);
    expect(p.outbox.statusOf('c1')).toBeUndefined();
  });

  it('never brings back a card deleted meanwhile', () => {
    const doc = new Y.Doc();
    addCard(doc, { id: 'c1', kind: 'statement', text: 'Gone', authorId: 'me', createdAt: 1 });
    deleteCard(doc, 'c1');
    const p = phone([named('c1', 'Gone')], doc);
    p.conditions({ live: true });
    expect(p.texts()).toEqual([]);
    expect(p.t.persisted).toEqual([]);
  });

  it('folds later changes into a queued card: a rewrite replaces its text, a deletion drops it', async () => {
    const p = phone();
    await p.outbox.send(named('c1', 'First words'));
    await p.outbox.edit('c1', 'Second thoughts');
    expect(p.t.persisted).toMatchObject([{ op: 'card:put', card: { text: 'Second thoughts' } }]);
    await p.outbox.remove('c1');
    expect(p.t.persisted).toEqual([{ op: 'card:delete', id: 'c1' }]);
    expect(pendingOf(p.outbox.getState(), p.doc, 'me').queued).toEqual([]);
    p.conditions({ live: true });
    expect(p.texts()).toEqual([]);
    expect(p.t.persisted).toEqual([]);
  });

  it('shows rewrites and deletions made offline over the board until they are written', () => {
    const doc = new Y.Doc();
    for (const id of ['a', 'b']) {
      addCard(doc, { id, kind: 'statement', text: id, authorId: 'me', createdAt: 1 });
    }
    const p = phone([], doc);
    void p.outbox.edit('a', 'a, reworded');
    void p.outbox.remove('b');
    expect(pendingOf(p.outbox.getState(), doc, 'me').edits).toEqual({ a: 'a, reworded', b: null });
    p.conditions({ live: true });
    expect(p.texts()).toEqual(['a, reworded by me']);
    expect(pendingOf(p.outbox.getState(), doc, 'me').edits).toEqual({});
  });

  it('asks the board again when the control channel comes back while a write waits for its clock', () => {
    const p = phone();
    p.conditions({ live: true, connected: false });
    p.conditions({ live: true, connected: true });
    expect(p.t.refreshes).toBe(0);
    p.conditions({ live: true, connected: false });
    void p.outbox.send(named('c1', 'Saved while the channel was down'));
    p.conditions({ live: true, connected: true });
    expect(p.t.refreshes).toBe(1);
  });
});

describe('the phone outbox: requests through the server', () => {
  it('writes anonymous cards only through the server, and shows them saved until the board has them', async () => {
    const p = phone();
    p.conditions({ live: true, connected: true });
    expect(await p.outbox.send(anon('a1', 'Nobody knows'))).toBe(true);
    expect(p.requests).toMatchObject([{ op: 'anon:put', card: { id: 'a1' } }]);
    expect(p.texts()).toEqual([]);
    expect(p.outbox.statusOf('a1')).toBe('saved');
    expect(pendingOf(p.outbox.getState(), p.doc, 'me').queued[0]?.authorId).toBeUndefined();

    // The server's write arrives on the board: it shows from there.
    fromServer(p.doc, (server) =>
      addCard(server, { id: 'a1', kind: 'statement', text: 'Nobody knows', createdAt: 1 }),
    );
    p.outbox.flush();
    expect(p.outbox.getState().settled).toEqual([]);

    // A rewrite of a card that names nobody goes through the server too ([J14]).
    await p.outbox.edit('a1', 'Nobody knows, reworded');
    expect(p.requests.at(-1)).toMatchObject({
      op: 'anon:put',
      card: { text: 'Nobody knows, reworded' },
    });
    await p.outbox.remove('a1');
    expect(p.requests.at(-1)).toEqual({ op: 'anon:delete', id: 'a1' });
    expect(Y.getState(p.doc.store, p.doc.clientID)).toBe(0);
  });

  it('lets an answered write go after a while when the board shows something else', async () => {
    const p = phone();
    p.conditions({ live: true, connected: true });
    await p.outbox.send(anon('a1', 'Mine'));
    addCard(p.doc, {
      id: 'a1',
      kind: 'statement',
      text: 'Edited by the facilitator',
      createdAt: 1,
    });
    p.outbox.flush();
    expect(p.outbox.statusOf('a1')).toBe('saved');
    p.t.now = SETTLE_MS;
    p.outbox.flush();
    expect(p.outbox.statusOf('a1')).toBeUndefined();
  });

  it('keeps a request with no answer, or one over the rate limit, and sends it again', async () => {
    const p = phone();
    p.answerWith(() => Promise.resolve(undefined));
    p.conditions({ connected: true, live: true });
    expect(await p.outbox.send(anon('a1', 'Into the void'))).toBe(true);
    p.answerWith(() => Promise.resolve(refusal('rate_limited')));
    p.outbox.flush();
    await settle();
    expect(p.outbox.statusOf('a1')).toBe('sending');
    p.answerWith(() => Promise.resolve(ok));
    p.outbox.flush();
    await settle();
    expect(p.requests).toHaveLength(3);
    expect(p.t.persisted).toEqual([]);
    expect(p.refused).toEqual([]);
  });

  it('sends one request per card at a time', async () => {
    const p = phone();
    let release = (): void => undefined;
    p.answerWith(() => new Promise((resolve) => (release = () => resolve(ok))));
    p.conditions({ connected: true, live: true });
    const sent = p.outbox.send(anon('a1', 'Once'));
    p.outbox.flush();
    p.outbox.flush();
    expect(p.requests).toHaveLength(1);
    release();
    expect(await sent).toBe(true);
  });

  it('sends a rewrite made while the first request was out once that one is answered', async () => {
    const p = phone();
    const answers: (() => void)[] = [];
    p.answerWith(() => new Promise((resolve) => answers.push(() => resolve(ok))));
    p.conditions({ connected: true, live: true });
    const first = p.outbox.send(anon('a1', 'First'));
    void p.outbox.send(anon('a1', 'Second'));
    answers.shift()!();
    await first;
    await settle();
    expect(p.requests.map((r) => r.op === 'anon:put' && r.card.text)).toEqual(['First', 'Second']);
    answers.shift()!();
    await settle();
    expect(p.t.persisted).toEqual([]);
  });

  it('drops a request the server refuses, says why, and gives the text back', async () => {
    const p = phone();
    p.answerWith(() => Promise.resolve(refusal('forbidden')));
    p.conditions({ connected: true, live: true });
    expect(await p.outbox.send(anon('a1', 'Too late'))).toBe(false);
    expect(p.refused).toEqual(['forbidden']);
    expect(p.t.persisted).toEqual([]);
    expect(p.outbox.statusOf('a1')).toBeUndefined();
  });

  it('counts a private card refused because it was revealed meanwhile as sent', async () => {
    const p = phone();
    addCard(p.doc, { id: 'p1', kind: 'statement', text: 'Revealed', createdAt: 1 });
    p.answerWith(() => Promise.resolve(refusal('forbidden')));
    p.conditions({ connected: true, live: true });
    const card = {
      id: 'p1',
      kind: 'statement' as const,
      text: 'Revealed',
      anonymous: true,
      createdAt: 1,
    };
    expect(await p.outbox.send({ op: 'private:put', card })).toBe(true);
    expect(p.refused).toEqual([]);
  });

  it('holds requests the board would refuse, offline or online, and says which', async () => {
    const p = phone();
    await p.outbox.send(anon('a1', 'From the dead spot'));
    expect(p.outbox.statusOf('a1')).toBe('sending');
    p.conditions({ connected: true, live: true, takes: () => false });
    expect(p.outbox.statusOf('a1')).toBe('waiting');
    expect(p.requests).toEqual([]);
    p.conditions({ connected: true, live: true, takes: () => true });
    await settle();
    expect(p.requests).toHaveLength(1);
  });
});

describe('back from a dead spot', () => {
  it('sends a request only once the board is live again, so it asks on the room as it is now', async () => {
    const p = phone();
    await p.outbox.send(anon('a1', 'From the dead spot'));
    p.conditions({ connected: true, live: false });
    await settle();
    expect(p.requests).toEqual([]);
    expect(p.outbox.statusOf('a1')).toBe('sending');
    // The board says writing was locked meanwhile: it waits, and goes once it opens.
    p.conditions({ connected: true, live: true, takes: () => false });
    expect(p.outbox.statusOf('a1')).toBe('waiting');
    expect(p.requests).toEqual([]);
    p.conditions({ connected: true, live: true, takes: () => true });
    await settle();
    expect(p.requests).toHaveLength(1);
  });

  it('keeps a card refused because writing closed in between, instead of dropping it', async () => {
    const p = phone();
    let locked = false;
    p.answerWith(() => {
      locked = true;
      return Promise.resolve(refusal('forbidden'));
    });
    p.conditions({ connected: true, live: true, takes: () => !locked });
    expect(await p.outbox.send(anon('a1', 'Just as it locked'))).toBe(true);
    expect(p.refused).toEqual([]);
    expect(p.t.persisted).toHaveLength(1);
    expect(p.outbox.statusOf('a1')).toBe('waiting');
  });
});

describe('what the phone shows meanwhile', () => {
  it('lays answered writes first and waiting ones over them, newest intent winning', () => {
    const doc = new Y.Doc();
    for (const id of ['b1', 'b2']) addCard(doc, { id, kind: 'statement', text: id, createdAt: 1 });
    const intents: Intent[] = [
      anon('new', 'Queued offline'),
      anon('b1', 'Reworded'),
      { op: 'anon:delete', id: 'b2' },
      {
        op: 'private:put',
        card: { id: 'p', kind: 'statement', text: 'x', anonymous: true, createdAt: 1 },
      },
      { op: 'private:delete', id: 'p2' },
    ];
    const settled = [anon('b1', 'Older rewrite'), anon('landing', 'Landing')];
    const view = pendingOf(
      { intents, settled: settled.map((intent) => ({ intent, at: 0 })) },
      doc,
      'me',
    );
    expect(view.queued.map((c) => [c.id, c.text, c.authorId])).toEqual([
      ['landing', 'Landing', undefined],
      ['new', 'Queued offline', undefined],
    ]);
    expect(view.edits).toEqual({ b1: 'Reworded', b2: null });
    expect(view.privateSending.map((c) => c.id)).toEqual(['p']);
    expect([...view.privateDeleting]).toEqual(['p2']);
    expect(cardsOf(doc).size).toBe(2);
  });
});

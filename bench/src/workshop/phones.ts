/**
 * A load process holding a share of the workshop's phones (forked by scenarios/workshop.ts), so
 * the server never shares an event loop with the clients driving it. It answers the scenario's
 * commands (rpc.ts) one at a time.
 */
import { randomUUID } from 'node:crypto';
import {
  JoinResponse,
  addCard,
  cardsOf,
  groupedUnderPoint,
  readCard,
  type MyVotes,
} from '@trellis/shared';
import { nowMs, sleep } from '../util/clock';
import { received, Screen, type Answer } from './phone';
import type { Acks, Command, JoinTimes, PhoneSetup, Replies, Reply, Request } from './rpc';

interface Phone {
  screen: Screen;
  memberId: string;
  votesUsed: number;
  votedFor: Set<string>;
}

let phones: Phone[] = [];
const LETTERS = 'abcdefghijklmnopqrstuvwxyz ';

const text = (n: number): string =>
  Array.from({ length: n }, (_, i) => LETTERS[(i * 7 + n) % LETTERS.length]).join('');

/**
 * Runs `work` `times` times for every phone, each at a random moment of the window (a phone's
 * next waits for its previous, as a person's would); resolves when all are done.
 */
async function spread(
  windowMs: number,
  times: number,
  work: (phone: Phone, k: number) => Promise<unknown>,
) {
  const t0 = nowMs();
  await Promise.all(
    phones.map(async (phone) => {
      const moments = Array.from({ length: times }, () => Math.random() * windowMs).sort(
        (a, b) => a - b,
      );
      for (const [k, at] of moments.entries()) {
        await sleep(t0 + at - nowMs());
        await work(phone, k);
      }
    }),
  );
}

async function timed<T>(acks: Acks, send: () => Promise<Answer<T>>): Promise<Answer<T>> {
  const t0 = nowMs();
  const res = await send();
  if (res.ok) acks.ms.push(nowMs() - t0);
  else {
    const code = res.error.code;
    acks.refused[code] = (acks.refused[code] ?? 0) + 1;
  }
  return res;
}

/** Joins through the HTTP API as a phone does, waiting out 429s as a person would retry. */
async function joinOne(setup: PhoneSetup, i: number, out: JoinTimes) {
  const { httpBase, joinCode, names, address } = setup;
  for (;;) {
    const res = await fetch(`${httpBase}/api/join`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
      body: JSON.stringify({ code: joinCode, name: names[i] }),
    });
    if (res.status === 429) {
      out.refused++;
      await res.arrayBuffer();
      await sleep(Number(res.headers.get('retry-after') ?? 1) * 1000);
      continue;
    }
    if (!res.ok) throw new Error(`join: ${res.status} ${await res.text()}`);
    return JoinResponse.parse(await res.json());
  }
}

async function join(cmd: Command & { type: 'join' }): Promise<Replies['join']> {
  const { setup } = cmd;
  const out: Replies['join'] = { syncedMs: [], syncedAt: [], refused: 0 };
  phones = await Promise.all(
    setup.names.map(async (_, i) => {
      await sleep(Math.max(0, setup.startAt + setup.offsets[i]! - nowMs()));
      const t0 = nowMs();
      const joined = await joinOne(setup, i, out);
      const screen = new Screen(setup.httpBase, setup.sessionId, joined.token);
      await screen.ready;
      const at = nowMs();
      out.syncedMs[i] = at - t0;
      out.syncedAt[i] = at;
      return { screen, memberId: joined.participantId, votesUsed: 0, votedFor: new Set<string>() };
    }),
  );
  return out;
}

/** Phones that have not all their cards when the wait ends are reported, not waited for. */
async function arrivals(cmd: Command & { type: 'arrivals' }): Promise<Replies['arrivals']> {
  const deadline = nowMs() + cmd.timeoutMs;
  while (phones.some((p) => p.screen.statements < cmd.statements) && nowMs() < deadline) {
    await sleep(20);
  }
  const done = phones.filter((p) => p.screen.statements >= cmd.statements);
  return { at: done.map((p) => p.screen.lastStatementAt), missing: phones.length - done.length };
}

/** What a phone may vote for, as its screen shows it: points and statements no point holds. */
function candidates(phone: Phone): string[] {
  const cards = cardsOf(phone.screen.doc);
  const find = (id: string) => readCard(id, cards.get(id));
  const out: string[] = [];
  for (const id of cards.keys()) {
    const card = find(id);
    if (!card || card.hidden || (card.kind !== 'statement' && card.kind !== 'synthesis')) continue;
    if (!groupedUnderPoint(card, find)) out.push(id);
  }
  return out;
}

async function vote(cmd: Command & { type: 'vote' }): Promise<Acks> {
  const acks: Acks = { ms: [], refused: {} };
  await spread(cmd.windowMs, cmd.votesEach, async (phone) => {
    // What the phone's screen offers now, less what it already voted for.
    const pool = candidates(phone).filter((id) => !phone.votedFor.has(id));
    const cardId = pool[Math.floor(Math.random() * pool.length)];
    if (cardId === undefined) return;
    phone.votedFor.add(cardId);
    const res = await timed(acks, () =>
      phone.screen.request<MyVotes>('vote', { cardId, delta: 1 }),
    );
    if (res.ok) phone.votesUsed = sumVotes(res.data);
  });
  return acks;
}

const sumVotes = (mine: MyVotes): number => Object.values(mine.votes).reduce((a, b) => a + b, 0);

async function handle(cmd: Command): Promise<unknown> {
  switch (cmd.type) {
    case 'join':
      return join(cmd);
    case 'signal': {
      const acks: Acks = { ms: [], refused: {} };
      await spread(cmd.windowMs, 1, (p) =>
        timed(acks, () => p.screen.request('signal', { type: 'agree', on: true })),
      );
      return acks;
    }
    case 'write': {
      const acks: Acks = { ms: [], refused: {} };
      await spread(cmd.windowMs, cmd.cardsEach, async (p, k) => {
        const card = {
          id: randomUUID(),
          kind: 'statement',
          text: text(40 + k * 30),
          anonymous: true,
        };
        await timed(acks, () => p.screen.request('private:put', card));
      });
      return acks;
    }
    case 'arrivals':
      return arrivals(cmd);
    case 'vote':
      return vote(cmd);
    case 'commit': {
      const at: Record<string, number> = {};
      await spread(cmd.windowMs, 1, async (p) => {
        const id = randomUUID();
        at[id] = nowMs();
        addCard(p.screen.doc, {
          id,
          kind: 'commitment',
          text: text(60),
          authorId: p.memberId,
          zone: 'commitments',
          org: 'Bench',
          step: text(30),
          by: '2027-01-31',
        });
      });
      return { at };
    }
    case 'check':
      return {
        statements: phones.map((p) => p.screen.statements),
        commitments: phones.map((p) => p.screen.commitmentsAt.size),
        votesUsed: phones.map((p) => p.votesUsed),
      } satisfies Replies['check'];
    case 'counts':
      return { ...received };
  }
}

const reply = (msg: Reply): void => void process.send?.(msg);

process.on('message', (msg: Request) => {
  handle(msg.command).then(
    (result) => reply({ id: msg.id, result }),
    (err: unknown) =>
      reply({ id: msg.id, error: err instanceof Error ? err.message : String(err) }),
  );
});
process.on('disconnect', () => {
  for (const p of phones) p.screen.close();
  process.exit(0);
});

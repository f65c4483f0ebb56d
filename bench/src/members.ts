import { randomUUID } from 'node:crypto';
import { ORGANISER_KEY, type RunningServer } from './servers';

/** One participant as the load sees it: its credential and the id its cards carry. */
export interface Member {
  token: string;
  memberId: string;
}

export interface RoomPlan {
  room: string;
  members: Member[];
  /** Trellis: the code more participants join with. */
  joinCode?: string;
}

async function post<T>(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<T> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`POST ${url} → ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** Runs `work` over `items` with at most `limit` in flight. */
export async function pool<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>) {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await work(items[i]!);
    }
  });
  await Promise.all(lanes);
  return out;
}

export async function createTrellisSession(httpBase: string, title: string) {
  return post<{ id: string; joinCode: string; facilitatorToken: string; projectorToken: string }>(
    `${httpBase}/api/sessions`,
    // The durability writers make 66 cards each: above the default cap of 50 ([G12]).
    { title, template: 'open', cardsPerParticipant: 500 },
    { authorization: `Bearer ${ORGANISER_KEY}` },
  );
}

/**
 * Trellis limits joins per address ([L2]: 600/min, sized for a venue NAT). Thousands of bench
 * phones come from 127.0.0.1, so each join names its own address the way a reverse proxy would;
 * Trellis trusts X-Forwarded-For from loopback only.
 */
let phones = 0;
const phoneAddress = (): string => {
  const n = ++phones;
  return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
};

export async function joinTrellis(httpBase: string, code: string, name: string): Promise<Member> {
  const joined = await post<{ participantId: string; token: string }>(
    `${httpBase}/api/join`,
    { code, name },
    { 'x-forwarded-for': phoneAddress() },
  );
  return { token: joined.token, memberId: joined.participantId };
}

/**
 * A room with `n` participants. Trellis participants join through the real HTTP API (each gets
 * its own token and member id, as phones do); the peers have no accounts, so their members are
 * just distinct ids the cards can carry.
 */
export async function prepareRoom(
  server: RunningServer,
  n: number,
  tag: string,
  /** Several nodes: where the participants join, once the session's id is known. */
  joinAt: (sessionId: string) => RunningServer = () => server,
): Promise<RoomPlan> {
  if (server.kind !== 'trellis') {
    const members = Array.from({ length: n }, (_, i) => ({ token: '', memberId: `${tag}-m${i}` }));
    return { room: `${tag}-${randomUUID().slice(0, 8)}`, members };
  }
  const session = await createTrellisSession(server.httpBase, `bench ${tag}`);
  const home = joinAt(session.id).httpBase;
  const members = await pool(
    Array.from({ length: n }, (_, i) => i),
    8,
    (i) => joinTrellis(home, session.joinCode, `p${i}`),
  );
  return { room: session.id, members, joinCode: session.joinCode };
}

import { addCard, cardsOf, type Ack } from '@trellis/shared';
import { provider, socket, type TrellisSocket } from './clients';
import type { TestServer } from './server';

export async function command(sock: TrellisSocket, cmd: unknown): Promise<void> {
  const res = await (
    sock as unknown as { emitWithAck: (e: string, p: unknown) => Promise<Ack<null>> }
  ).emitWithAck('facilitate', cmd);
  if (!res.ok) throw new Error(res.error.message);
}

export const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface RecordOptions {
  /** Amira's name, so an erasure test can look for a unique one. */
  name?: string;
  title?: string;
  /** Between moments: the browser's scrubber needs them further apart than the API does. */
  pauseMs?: number;
  /** Texts the exports must escape (Markdown, CSV formulas), or plain ones for the screen. */
  statement?: string;
  commitment?: { text: string; org: string };
}

/**
 * A short trust workshop through the real server — ground rules, two statements (one Amira's),
 * a synthesis point with a vote (on the point, [J7]), a commitment, a manual snapshot, the end —
 * returning the times between its phases (t1 after the rules, t2 after the statements, t3 after
 * the end).
 */
export async function recordWorkshop(
  s: TestServer,
  cleanups: { push(...fns: (() => unknown)[]): void },
  {
    name = 'Amira',
    title = 'Care network, March',
    pauseMs = 30,
    statement = 'Trust is earned <b>slowly</b>',
    commitment = { text: 'Host a lunch', org: 'Maison Quartier' },
  }: RecordOptions = {},
) {
  const created = await s.createSession(title, { template: 'trust' });
  const amira = await s.join(created.joinCode, name);
  const fac = socket(s.url, created.facilitatorToken);
  cleanups.push(() => fac.disconnect());
  await new Promise((r) => fac.once('session', r));
  const board = provider(s.wsUrl, created.id, created.facilitatorToken);
  cleanups.push(() => board.provider.destroy());
  await board.synced;

  await command(fac, { type: 'phase:go', index: 0 });
  addCard(board.doc, { id: 'r1', kind: 'note', text: 'We listen before we answer', zone: 'rules' });
  await pause(pauseMs);
  const t1 = Date.now();
  await pause(pauseMs);
  await command(fac, { type: 'phase:go', index: 1 });
  addCard(board.doc, { id: 's1', kind: 'statement', text: statement, zone: 'statements' });
  addCard(board.doc, {
    id: 's2',
    kind: 'statement',
    text: 'Small projects first',
    zone: 'statements',
    authorId: amira.participantId,
  });
  await pause(pauseMs);
  const t2 = Date.now();
  await pause(pauseMs);
  await command(fac, { type: 'phase:go', index: 2 });
  addCard(board.doc, { id: 'syn', kind: 'synthesis', text: 'Working trust', zone: 'synthesis' });
  cardsOf(board.doc).get('s1')!.set('group', 'syn');
  const phone = socket(s.url, amira.token);
  cleanups.push(() => phone.disconnect());
  await new Promise((r) => phone.once('session', r));
  await (
    phone as unknown as { emitWithAck: (e: string, p: unknown) => Promise<unknown> }
  ).emitWithAck('vote', { cardId: 'syn', delta: 1 });
  await pause(pauseMs);
  await command(fac, { type: 'phase:go', index: 3 });
  addCard(board.doc, {
    id: 'c1',
    kind: 'commitment',
    text: commitment.text,
    zone: 'commitments',
    org: commitment.org,
    step: 'Ask Jo',
    by: 'May',
  });
  await pause(pauseMs / 2);
  await command(fac, { type: 'snapshot', label: 'Before closing' });
  await command(fac, { type: 'session:end' });
  return { created, amira, board, t1, t2, t3: Date.now() };
}

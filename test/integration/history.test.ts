import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addCard,
  BoardAt,
  cardsOf,
  CreateSessionResponse,
  isSeededRule,
  listCards,
  SessionDetail,
  SessionExport,
  SessionList,
  setCardText,
  TEMPLATES,
  UpdatesPage,
  type SnapshotView,
} from '@trellis/shared';
import { provider, socket } from '../helpers/clients';
import { command, pause, recordWorkshop } from '../helpers/record';
import { ok } from '../helpers/requests';
import { eventually, ORGANISER_KEY, storedBytes } from '../helpers/server';
import { useServer } from '../helpers/suite';

/** The cards people wrote: the trust template's seeded ground rules left out. */
const written = (doc: Y.Doc) => listCards(doc).filter((c) => !isSeededRule(c.id));

const s = useServer();
const { cleanups } = s;

const auth = { authorization: `Bearer ${ORGANISER_KEY}` };
const get = (path: string, headers: Record<string, string> = auth) =>
  fetch(`${s.url}/api/history${path}`, { headers });
/** GETs a history endpoint; the answer must pass its shared schema (shared/src/protocol). */
const read = async <T>(path: string, schema: { parse(x: unknown): T }): Promise<T> =>
  schema.parse(await (await get(path)).json());

/** Texts the exports must escape: Markdown in a statement, a CSV formula in a commitment. */
const record = (name?: string, title?: string) =>
  recordWorkshop(s, cleanups, {
    ...(name !== undefined && { name }),
    ...(title !== undefined && { title }),
    statement: 'Trust is *earned* <b>slowly</b>',
    commitment: { text: '=HYPERLINK("x") Host a lunch', org: 'Maison, "Quartier"' },
  });

describe('history', () => {
  it('[Y2] the history API is for organisers only', async () => {
    const res = await get('/sessions', {});
    expect(res.status).toBe(401);
    expect((await get('/sessions/nope')).status).toBe(404);
    expect((await get('/sessions/nope/members')).status).toBe(404);
  });

  it('[Y1] snapshots are taken at every phase change, on request and at the end, each a checkpoint in the log', async () => {
    const { created } = await record();
    const detail = await read(`/sessions/${created.id}`, SessionDetail);
    expect(detail.snapshots.map((x) => x.kind)).toEqual([
      'phase',
      'phase',
      'phase',
      'phase',
      'manual',
      'end',
    ]);
    expect(detail.snapshots.map((x) => x.label)).toContain('Before closing');
    expect(detail.cards).toBe(5 + TEMPLATES.trust.groundRules.length);
    expect(detail.activity.reduce((a, m) => a + m.updates, 0)).toBeGreaterThan(5);
    for (const snap of detail.snapshots) {
      const cp = await s.app.storage.checkpointAtOrBefore(created.id, snap.seq);
      expect(cp?.seq).toBe(snap.seq);
    }
    const list = await read('/sessions', SessionList);
    const row = list.sessions.find((x) => x.id === created.id)!;
    expect(row.participants).toBe(1);
    expect(row.durationMs).toBeGreaterThan(0);
  });

  it('[Y1] a reveal that puts private cards on the board is a snapshot of its own (kind reveal)', async () => {
    const created = await s.createSession('Reveal', { template: 'trust' });
    const ana = await s.join(created.joinCode, 'Ana');
    const fac = await s.control(created.facilitatorToken);
    const phone = await s.control(ana.token);
    await command(fac, { type: 'phase:go', index: 1 });
    // Nothing waiting: nothing goes on the board, and no moment to mark.
    await command(fac, { type: 'reveal' });
    await ok(phone, 'private:put', {
      id: 'p1',
      kind: 'statement',
      text: 'Shown',
      anonymous: false,
    });
    await command(fac, { type: 'reveal' });
    const detail = await read(`/sessions/${created.id}`, SessionDetail);
    const reveals = detail.snapshots.filter((x) => x.kind === 'reveal');
    expect(reveals).toHaveLength(1);
    const cp = await s.app.storage.checkpointAtOrBefore(created.id, reveals[0]!.seq);
    expect(cp?.seq).toBe(reveals[0]!.seq);
  });

  it('[Y3] the board at any moment, and the update stream between moments, rebuild the session', async () => {
    const { created, t1, t2, t3 } = await record();
    const at = async (t: number) => {
      const body = await read(`/sessions/${created.id}/state?t=${t}`, BoardAt);
      const doc = new Y.Doc();
      Y.applyUpdate(doc, Buffer.from(body.update, 'base64'));
      return {
        ids: written(doc)
          .map((c) => c.id)
          .sort(),
        seq: body.seq,
      };
    };
    expect((await at(t1)).ids).toEqual(['r1']);
    expect((await at(t2)).ids).toEqual(['r1', 's1', 's2']);
    const end = await at(t3);
    expect(end.ids).toEqual(['c1', 'r1', 's1', 's2', 'syn']);
    const start = await at(t1);
    const stream = await read(
      `/sessions/${created.id}/updates?after=${start.seq}&to=${end.seq}`,
      UpdatesPage,
    );
    const replay = new Y.Doc();
    const base = await read(`/sessions/${created.id}/state?t=${t1}`, BoardAt);
    Y.applyUpdate(replay, Buffer.from(base.update, 'base64'));
    for (const u of stream.updates) Y.applyUpdate(replay, Buffer.from(u.update, 'base64'));
    expect(
      written(replay)
        .map((c) => c.id)
        .sort(),
    ).toEqual(end.ids);
    expect(stream.updates.every((u, i, all) => i === 0 || u.seq > all[i - 1]!.seq)).toBe(true);
    expect((await get(`/sessions/${created.id}/state?t=soon`)).status).toBe(400);
  });

  it('[Y4] the Markdown export reads as the story of the session and respects anonymity', async () => {
    const { created, t2 } = await record();
    const story = await (await get(`/sessions/${created.id}/export.md?tz=Europe/Brussels`)).text();
    expect(story).toMatch(/^# Care network, March\n\nTrust workshop · /);
    expect(story).toContain('1 person took part: Amira.');
    expect(story).toContain('- **My commitment**: What can I bring to another organisation');
    expect(story).toMatch(/## Ground rules\n\n(- .*\n)*- We listen before we answer\n/);
    // The point with its vote ([J7]) and its statement, escaped only where Markdown would act.
    expect(story).toContain(
      '## Synthesis\n\nThe points the group drew from the statements, most voted first.\n\n### Working trust (1 vote)\n\n- Trust is \\*earned\\* \\<b>slowly\\</b>\n',
    );
    expect(story).toMatch(
      /## What was said\n\n.*this one stands on its own\.\n\n- Small projects first — Amira\n/,
    );
    expect(story).toContain(
      '## Commitments\n\n- =HYPERLINK("x") Host a lunch (to Maison, "Quartier"; first step: Ask Jo; by when: May)',
    );
    // Clock times in the reader's zone, each with the time since the start as the replay shows it.
    const { snapshots } = await read(`/sessions/${created.id}`, SessionDetail);
    const clock = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/Brussels',
      hour: '2-digit',
      minute: '2-digit',
    });
    const rules = snapshots.find((x) => x.label === 'Ground rules')!;
    expect(story).toContain(`- ${clock.format(rules.time)} (00:00) Ground rules`);
    expect(story).toContain('Session ended');
    expect((await get(`/sessions/${created.id}/export.md?tz=Mars/Olympus`)).status).toBe(400);
    const earlier = await (await get(`/sessions/${created.id}/export.md?t=${t2}`)).text();
    expect(earlier).not.toContain('Commitments');
    expect(earlier).toContain('Small projects first');
  });

  it('[Y5] JSON and CSV exports', async () => {
    const { created } = await record();
    const json = await read(`/sessions/${created.id}/export.json`, SessionExport);
    expect(json.format).toBe('trellis-session/1');
    expect(json.board.cards).toHaveLength(5 + TEMPLATES.trust.groundRules.length);
    expect(json.members.find((m) => m.role === 'participant')?.name).toBe('Amira');
    const doc = new Y.Doc();
    Y.applyUpdate(doc, Buffer.from(json.state, 'base64'));
    expect(written(doc)).toHaveLength(5);
    const csv = await (await get(`/sessions/${created.id}/commitments.csv`)).text();
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toBe(
      'commitment,organisation,first_step,by_when,author,author_organisation,created_at',
    );
    expect(lines[1]).toMatch(
      /^"'=HYPERLINK\(""x""\) Host a lunch","Maison, ""Quartier""",Ask Jo,May,,/,
    );
  });

  it('[Y5] the commitments CSV neutralises formulas however they are disguised, split on , or ;', async () => {
    const created = await s.createSession('CSV', { template: 'open' });
    const fac = provider(s.wsUrl, created.id, created.facilitatorToken);
    cleanups.push(() => fac.provider.destroy());
    await fac.synced;
    const hostile = [
      "fine;=cmd|' /C calc'!A0;x",
      ' =1+1',
      '\uFF1D1+1',
      '\t=1',
      '\r=1',
      '\u3000\uFF0B1',
      '\u00A0@SUM(A1)',
      '-2+3',
      'a,=1,b',
      'quote"; =HYPERLINK(""x"")',
    ];
    hostile.forEach((text, i) =>
      addCard(fac.doc, {
        id: `c${i}`,
        kind: 'commitment',
        text,
        org: hostile[(i + 1) % hostile.length],
        step: hostile[(i + 2) % hostile.length],
        by: hostile[(i + 3) % hostile.length],
      }),
    );
    const csv = await eventually(async () => {
      const text = await (await get(`/sessions/${created.id}/commitments.csv`)).text();
      expect(parseCsv(text, ',')).toHaveLength(hostile.length + 1);
      return text;
    });
    const texts = new Set(hostile);
    for (const delimiter of [',', ';']) {
      const rows = parseCsv(csv, delimiter);
      expect(rows.length).toBeGreaterThan(hostile.length);
      for (const cell of rows.flat()) {
        // Whatever a spreadsheet would read as a formula, nothing here starts one.
        expect(cell.normalize('NFKC').replace(/^[^\S\t\r]+/, '')).not.toMatch(/^[=+\-@\t\r]/);
      }
    }
    // Split the RFC way, each cell is the participant's text with a quote before each formula.
    const cells = parseCsv(csv, ',').slice(1);
    expect(cells).toHaveLength(hostile.length);
    for (const row of cells) {
      for (const cell of row.slice(0, 4)) {
        expect(texts.has(cell.replace(/(^|[,;\r])'/g, '$1'))).toBe(true);
      }
    }
    expect(cells.map((row) => row[0])).toEqual([
      "fine;'=cmd|' /C calc'!A0;x",
      "' =1+1",
      "'\uFF1D1+1",
      "'\t=1",
      "'\r'=1",
      "'\u3000\uFF0B1",
      "'\u00A0@SUM(A1)",
      "'-2+3",
      "a,'=1,b",
      'quote";\' =HYPERLINK(""x"")',
    ]);
  });

  it('[Y6] a session is purged, everywhere, once its retention has passed', async () => {
    const title = `Old workshop ${Math.random().toString(36).slice(2)}`;
    const { created } = await record('Old Timer', title);
    expect(await s.app.retention.purgeExpired(Date.now() + 179 * 86_400_000)).not.toContain(
      created.id,
    );
    const purged = await s.app.retention.purgeExpired(Date.now() + 181 * 86_400_000);
    expect(purged).toContain(created.id);
    expect((await get(`/sessions/${created.id}`)).status).toBe(404);
    const raw = await storedBytes(s.dataDir);
    expect(raw.includes(title)).toBe(false);
    expect(raw.includes(created.id)).toBe(false);
  });

  it('[Y9] an organiser can keep one session for less (or more) than RETENTION_DAYS', async () => {
    const create = (body: object) =>
      fetch(`${s.url}/api/sessions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...auth },
        body: JSON.stringify({ title: 'Short-lived', ...body }),
      });
    expect((await create({ retentionDays: 0 })).status).toBe(400);
    expect((await create({ retentionDays: 1.5 })).status).toBe(400);
    const short = CreateSessionResponse.parse(await (await create({ retentionDays: 7 })).json());
    const usual = CreateSessionResponse.parse(await (await create({})).json());
    const later = await s.app.retention.purgeExpired(Date.now() + 8 * 86_400_000);
    expect(later).toContain(short.id);
    expect(later).not.toContain(usual.id);
    expect((await get(`/sessions/${short.id}`)).status).toBe(404);
    expect((await get(`/sessions/${usual.id}`)).status).toBe(200);
  });

  it('[Y8] restoring a snapshot is a forward change: the board comes back, history keeps both, authors keep their cards', async () => {
    const res = await fetch(`${s.url}/api/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...auth },
      body: JSON.stringify({ title: 'Restore me', template: 'trust' }),
    });
    const created = CreateSessionResponse.parse(await res.json());
    const ana = await s.join(created.joinCode, 'Ana');
    const fac = socket(s.url, created.facilitatorToken);
    cleanups.push(() => fac.disconnect());
    await new Promise((r) => fac.once('session', r));
    await command(fac, { type: 'phase:go', index: 3 });
    const phone = provider(s.wsUrl, created.id, ana.token);
    cleanups.push(() => phone.provider.destroy());
    await phone.synced;
    addCard(phone.doc, {
      id: 'keep',
      kind: 'commitment',
      text: 'I bring soup',
      authorId: ana.participantId,
    });
    await pause(50);
    await command(fac, { type: 'snapshot', label: 'Good moment' });
    cardsOf(phone.doc).delete('keep');
    addCard(phone.doc, {
      id: 'later',
      kind: 'commitment',
      text: 'Second thoughts',
      authorId: ana.participantId,
    });
    await pause(50);
    const between = Date.now();
    await pause(20);
    const list = await ok<SnapshotView[]>(fac, 'snapshots');
    const good = list.find((x) => x.label === 'Good moment')!;
    await command(fac, { type: 'restore', seq: good.seq });
    await eventually(() => expect(written(phone.doc).map((c) => c.id)).toEqual(['keep']));
    setCardText(phone.doc, 'keep', 'I bring soup and bread');
    const watcher = provider(s.wsUrl, created.id, created.facilitatorToken);
    cleanups.push(() => watcher.provider.destroy());
    await eventually(() =>
      expect(written(watcher.doc).map((c) => c.text)).toEqual(['I bring soup and bread']),
    );
    const past = await read(`/sessions/${created.id}/state?t=${between}`, BoardAt);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, Buffer.from(past.update, 'base64'));
    expect(written(doc).map((c) => c.id)).toEqual(['later']);
  });
});

/** RFC 4180 as a spreadsheet reads it, with the delimiter of the reader's locale. */
function parseCsv(text: string, delimiter: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted && ch === '"' && text[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (quoted && ch === '"') {
      quoted = false;
    } else if (quoted) {
      cell += ch;
    } else if (ch === '"' && cell === '') {
      quoted = true;
    } else if (ch === delimiter) {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      rows.push([...row, cell]);
      row = [];
      cell = '';
      i++;
    } else {
      cell += ch;
    }
  }
  return rows;
}

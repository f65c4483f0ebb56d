import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect } from 'vitest';
import * as Y from 'yjs';
import type { LogEntry, NewMember, SessionExtras, SessionRecord, Storage } from '@trellis/server';

/**
 * One storage under test. `files`: where it keeps its bytes on this machine, if anywhere a test
 * can read (SQLite's database and WAL); erasure and purge are then also checked byte by byte.
 * `traces`: where in the storage's tables, read past the Storage interface, a needle still
 * occurs (PostgreSQL: every row of every table); erasure and purge must leave none.
 */
export interface StorageFixture {
  storage: Storage;
  close(): Promise<void>;
  files?: string[];
  traces?(needle: string): Promise<string[]>;
}
export type OpenStorage = () => Promise<StorageFixture>;

/** A `describe` whose tests each get a fresh storage from `open`, through `fx()`. */
export function describeStorage(
  title: string,
  open: OpenStorage,
  body: (fx: () => StorageFixture) => void,
): void {
  describe(title, () => {
    let current: StorageFixture | undefined;
    beforeEach(async () => {
      current = await open();
    });
    afterEach(async () => {
      await current?.close();
      current = undefined;
    });
    body(() => {
      if (!current) throw new Error('no storage is open');
      return current;
    });
  });
}

let counter = 0;
/** Ids no other test uses, so a factory may hand every test the same database. */
export const uid = (prefix: string): string =>
  `${prefix}-${process.pid}-${++counter}-${Math.random().toString(36).slice(2, 8)}`;

const encoder = new TextEncoder();
const decoder = new TextDecoder();
/** Log payloads are opaque to the storage: labelled bytes make order visible. */
export const bytesOf = (label: string): Uint8Array => encoder.encode(label);
export const labelOf = (bytes: Uint8Array): string => decoder.decode(bytes);

export const entry = (
  sessionId: string,
  label: string,
  memberId: string | null = null,
  time = Date.now(),
): LogEntry => ({ sessionId, time, memberId, update: bytesOf(label) });

export interface TestSession {
  id: string;
  title: string;
  joinCode: string;
  createdAt: number;
  facilitator: string;
  /** Participant member ids, with the names and device hashes they joined with. */
  participants: { id: string; name: string; tokenHash: string; deviceHash: string }[];
}

/** A session with a facilitator, `participants` named members and a seed (log entry 1). */
async function createSession(
  storage: Storage,
  options: {
    id?: string;
    participants?: number;
    createdAt?: number;
    joinCode?: string;
    seed?: Uint8Array;
    extras?: (id: string) => SessionExtras;
  } = {},
): Promise<TestSession> {
  const id = options.id ?? uid('s');
  const createdAt = options.createdAt ?? Date.now();
  const session: SessionRecord = {
    id,
    title: `Title of ${id}`,
    template: 'open',
    joinCode: options.joinCode ?? uid('J'),
    createdAt,
    endedAt: null,
  };
  const facilitator: NewMember = {
    id: uid('f'),
    sessionId: id,
    role: 'facilitator',
    name: undefined,
    createdAt,
    tokenHash: uid('tf'),
  };
  const participants = Array.from({ length: options.participants ?? 2 }, (_, i) => ({
    id: uid('m'),
    name: `Participant ${i} of ${id}`,
    tokenHash: uid('tp'),
    deviceHash: uid('d'),
  }));
  const members: NewMember[] = [
    facilitator,
    ...participants.map((p): NewMember => ({
      ...p,
      sessionId: id,
      role: 'participant',
      createdAt,
    })),
  ];
  const seed = {
    sessionId: id,
    time: createdAt,
    memberId: null,
    update: options.seed === undefined ? bytesOf('seed') : options.seed,
  };
  await storage.createSession(session, members, seed, options.extras?.(id));
  return {
    id,
    title: session.title,
    joinCode: session.joinCode,
    createdAt,
    facilitator: facilitator.id,
    participants,
  };
}

/** Two sessions side by side, to show that one does not see the other's data. */
const twoSessions = async (storage: Storage): Promise<[TestSession, TestSession]> => [
  await createSession(storage),
  await createSession(storage),
];

/** A participant that joins after the session was created, with a device unless told not to. */
async function joinLater(
  storage: Storage,
  session: TestSession,
  options: { name?: string; device?: boolean } = {},
) {
  const id = uid('m');
  const member = {
    id,
    name: options.name,
    tokenHash: uid('t'),
    deviceHash: options.device === false ? undefined : uid('d'),
  };
  await storage.addMember({ ...member, sessionId: session.id, role: 'participant', createdAt: 1 });
  return member;
}

/** A session's first two participants' member ids. */
function twoMembers(s: TestSession): [string, string] {
  const [a, b] = s.participants;
  if (!a || !b) throw new Error('the session has fewer than two participants');
  return [a.id, b.id];
}

/** Sessions and members to test with. */
export const make = { session: createSession, twoSessions, member: joinLater, twoMembers };

/** A Yjs document whose changes become log entries, as a room's would. */
export class Board {
  readonly doc = new Y.Doc();
  /** Applies `fn` and returns what it changed. */
  change(fn: (cards: Y.Map<unknown>) => void): Uint8Array {
    const before = Y.encodeStateVector(this.doc);
    this.doc.transact(() => fn(this.doc.getMap('cards')));
    return Y.encodeStateAsUpdate(this.doc, before);
  }
  state(): Uint8Array {
    return Y.encodeStateAsUpdate(this.doc);
  }
}

/** The cards of a board rebuilt from stored updates, in key order. */
export function cardsFrom(updates: Uint8Array[]): unknown {
  const doc = new Y.Doc();
  for (const u of updates) Y.applyUpdate(doc, u);
  return sortKeys(doc.getMap('cards').toJSON());
}
const sortKeys = (o: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
export const cardsOf = (board: Board): unknown => sortKeys(board.doc.getMap('cards').toJSON());

/** Asserts that none of `needles` is left in the storage's files or tables (where it can tell). */
export async function expectGone(fixture: StorageFixture, needles: string[]): Promise<void> {
  for (const file of fixture.files ?? []) {
    if (!fs.existsSync(file)) continue;
    const content = fs.readFileSync(file);
    for (const needle of needles) {
      expect(content.includes(Buffer.from(needle)), `${needle} in ${file}`).toBe(false);
    }
  }
  if (!fixture.traces) return;
  for (const needle of needles) expect(await fixture.traces(needle), needle).toEqual([]);
}

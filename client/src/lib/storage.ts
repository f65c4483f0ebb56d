import { z } from 'zod/mini';
import { AnonCardInput, CARD_KINDS, Limits, PrivateCardView, type CardKind } from '@trellis/shared';

/**
 * Everything this device remembers. Storage can throw (private mode, quota, disabled cookies), and
 * a phone that cannot remember must still work for this page view, so every access is guarded.
 */
const read = (store: () => Storage, key: string): string | null => {
  try {
    return store().getItem(key);
  } catch {
    return null;
  }
};

const write = (store: () => Storage, key: string, value: string | null): void => {
  try {
    if (value === null) store().removeItem(key);
    else store().setItem(key, value);
  } catch {
    // Not remembered; the current page keeps working from memory.
  }
};

const local = (): Storage => window.localStorage;
const session = (): Storage => window.sessionStorage;

const readJson = (key: string): unknown => {
  const raw = read(local, key);
  if (raw === null) return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return undefined;
  }
};

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

// ---- membership: what /api/join gave this device for one session

export interface Membership {
  token: string;
  participantId: string;
  name?: string | undefined;
}

const memberKey = (sessionId: string): string => `trellis:member:${sessionId}`;

export function readMembership(sessionId: string): Membership | undefined {
  const v = readJson(memberKey(sessionId));
  if (!isRecord(v) || typeof v.token !== 'string' || typeof v.participantId !== 'string') {
    return undefined;
  }
  return {
    token: v.token,
    participantId: v.participantId,
    name: typeof v.name === 'string' ? v.name : undefined,
  };
}

export function saveMembership(sessionId: string, membership: Membership): void {
  write(local, memberKey(sessionId), JSON.stringify(membership));
}

export function forgetMembership(sessionId: string): void {
  write(local, memberKey(sessionId), null);
}

// ---- cards this device created: anonymous cards carry no authorId, so only we know they are ours

const mineKey = (sessionId: string): string => `trellis:mine:${sessionId}`;

export function readMine(sessionId: string): Set<string> {
  const v = readJson(mineKey(sessionId));
  return new Set(Array.isArray(v) ? v.filter((id): id is string => typeof id === 'string') : []);
}

export function rememberMine(sessionId: string, cardId: string): void {
  const mine = readMine(sessionId);
  mine.add(cardId);
  write(local, mineKey(sessionId), JSON.stringify([...mine]));
}

// ---- cards added but not yet confirmed saved, so a reload while offline does not lose them

export interface PendingCard {
  id: string;
  /** Absent in cards remembered before phases existed: those were statements. */
  kind: CardKind;
  text: string;
  zone: string | undefined;
  anonymous: boolean;
  createdAt: number;
  /** A commitment's structure. */
  org?: string | undefined;
  step?: string | undefined;
  by?: string | undefined;
}

const optionalString = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

const pendingKey = (sessionId: string): string => `trellis:pending:${sessionId}`;

export function readPending(sessionId: string): PendingCard[] {
  const v = readJson(pendingKey(sessionId));
  if (!Array.isArray(v)) return [];
  return v.flatMap((p): PendingCard[] =>
    isRecord(p) &&
    typeof p.id === 'string' &&
    typeof p.text === 'string' &&
    typeof p.createdAt === 'number'
      ? [
          {
            id: p.id,
            kind: (CARD_KINDS as readonly unknown[]).includes(p.kind)
              ? (p.kind as CardKind)
              : 'statement',
            text: p.text,
            zone: optionalString(p.zone),
            anonymous: p.anonymous === true,
            createdAt: p.createdAt,
            org: optionalString(p.org),
            step: optionalString(p.step),
            by: optionalString(p.by),
          },
        ]
      : [],
  );
}

export function writePending(sessionId: string, cards: readonly PendingCard[]): void {
  write(local, pendingKey(sessionId), cards.length ? JSON.stringify(cards) : null);
}

// ---- the composer's half-written text

const draftKey = (sessionId: string): string => `trellis:draft:${sessionId}`;

export const readDraft = (sessionId: string): string => read(local, draftKey(sessionId)) ?? '';

export const writeDraft = (sessionId: string, text: string): void =>
  write(local, draftKey(sessionId), text === '' ? null : text);

// ---- the commitment form's half-written fields

export interface CommitmentDraft {
  text: string;
  org: string;
  step: string;
  by: string;
}

const commitmentKey = (sessionId: string): string => `trellis:commitment:${sessionId}`;

export function readCommitmentDraft(sessionId: string): CommitmentDraft {
  const v = readJson(commitmentKey(sessionId));
  const field = (key: string): string =>
    isRecord(v) && typeof v[key] === 'string' ? (v[key] as string) : '';
  return { text: field('text'), org: field('org'), step: field('step'), by: field('by') };
}

export function writeCommitmentDraft(sessionId: string, draft: CommitmentDraft): void {
  const empty = Object.values(draft).every((value) => value === '');
  write(local, commitmentKey(sessionId), empty ? null : JSON.stringify(draft));
}

// ---- "I agree" to the ground rules: the server keeps it, but never tells the phone its own state

const agreedKey = (sessionId: string): string => `trellis:agreed:${sessionId}`;
export const readAgreed = (sessionId: string): boolean => read(local, agreedKey(sessionId)) === '1';
export const writeAgreed = (sessionId: string, on: boolean): void =>
  write(local, agreedKey(sessionId), on ? '1' : null);

// ---- private links to this device's commitments, so "keep a copy" survives a reload

const keptKey = (sessionId: string): string => `trellis:kept:${sessionId}`;

export function readKept(sessionId: string): Record<string, string> {
  const v = readJson(keptKey(sessionId));
  if (!isRecord(v)) return {};
  return Object.fromEntries(
    Object.entries(v).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  );
}

export function rememberKept(sessionId: string, cardId: string, token: string): void {
  write(local, keptKey(sessionId), JSON.stringify({ ...readKept(sessionId), [cardId]: token }));
}

/**
 * The token this device kept for a commitment card, in whichever session it was made: a
 * follow-up session names the original card (`from`) but not the session it came from.
 */
export function findKeptToken(cardId: string): string | undefined {
  const prefix = keptKey('');
  try {
    const store = local();
    for (let i = 0; i < store.length; i++) {
      const key = store.key(i);
      if (key === null || !key.startsWith(prefix)) continue;
      const token = readKept(key.slice(prefix.length))[cardId];
      if (token) return token;
    }
  } catch {
    // Storage refused: nothing kept that we can find.
  }
  return undefined;
}

// ---- small conveniences

/**
 * This browser's device id, sent with every join so a participant the facilitator removed cannot
 * come straight back with the same code ([J13]). Random and nothing else: it must not say
 * anything about the device. Kept for this page view when storage refuses.
 */
const deviceKey = 'trellis:device';
const DEVICE_PATTERN = /^[A-Za-z0-9_-]+$/;
let deviceFallback: string | undefined;

const validDevice = (id: string | null): id is string =>
  id !== null &&
  id.length >= Limits.deviceIdMin &&
  id.length <= Limits.deviceIdMax &&
  DEVICE_PATTERN.test(id);

export function readDeviceId(): string {
  const stored = read(local, deviceKey);
  if (validDevice(stored)) return stored;
  if (deviceFallback === undefined) {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const bytes = new Uint8Array(24);
    crypto.getRandomValues(bytes);
    deviceFallback = Array.from(bytes, (b) => alphabet[b & 63]).join('');
  }
  write(local, deviceKey, deviceFallback);
  return deviceFallback;
}

const nameKey = 'trellis:name';
export const readLastName = (): string => read(local, nameKey) ?? '';
export const writeLastName = (name: string): void => write(local, nameKey, name || null);

// The organiser key opens every session on the instance: keep it for this tab only.
const organiserKey = 'trellis:organiserKey';
export const readOrganiserKey = (): string => read(session, organiserKey) ?? '';
export const writeOrganiserKey = (key: string): void => write(session, organiserKey, key || null);

// ---- requests for the control channel, kept until the server answers them

/**
 * One request waiting for the server, per card: a private card, or a write of an anonymous card
 * that only the server may put in the board ([J14]). `zone` and `createdAt` of `anon:put` only
 * place the card on this screen until the board holds it; the server picks its own.
 */
export const OutboxEntry = z.discriminatedUnion('op', [
  z.object({ op: z.literal('private:put'), card: PrivateCardView }),
  z.object({
    op: z.literal('anon:put'),
    card: AnonCardInput,
    zone: z.optional(z.string()),
    createdAt: z.number(),
  }),
  z.object({ op: z.literal('anon:delete'), id: z.string() }),
]);
export type OutboxEntry = z.infer<typeof OutboxEntry>;

const outboxKey = (sessionId: string): string => `trellis:outbox:${sessionId}`;
/** Where private cards waited before the outbox took every request. */
const legacyOutboxKey = (sessionId: string): string => `trellis:private-outbox:${sessionId}`;

/** Entry by entry: one unreadable request must not cost the others. */
const parseEach = <T>(raw: unknown, parse: (item: unknown) => T | undefined): T[] =>
  Array.isArray(raw) ? raw.flatMap((item) => parse(item) ?? []) : [];

export function readOutbox(sessionId: string): OutboxEntry[] {
  const entries = parseEach(readJson(outboxKey(sessionId)), (item) => {
    const parsed = OutboxEntry.safeParse(item);
    return parsed.success ? parsed.data : undefined;
  });
  const legacy = parseEach(
    readJson(legacyOutboxKey(sessionId)),
    (item): OutboxEntry | undefined => {
      const parsed = PrivateCardView.safeParse(item);
      return parsed.success ? { op: 'private:put', card: parsed.data } : undefined;
    },
  );
  return [...legacy, ...entries];
}

export function writeOutbox(sessionId: string, entries: readonly OutboxEntry[]): void {
  write(local, legacyOutboxKey(sessionId), null);
  write(local, outboxKey(sessionId), entries.length ? JSON.stringify(entries) : null);
}

// ---- edits to one's saved cards made while the board was not live: card id → text, or null to delete

const editsKey = (sessionId: string): string => `trellis:edits:${sessionId}`;

export type PendingEdits = Readonly<Record<string, string | null>>;

export function readEdits(sessionId: string): PendingEdits {
  const parsed = z
    .record(z.string(), z.nullable(z.string()))
    .safeParse(readJson(editsKey(sessionId)));
  return parsed.success ? parsed.data : {};
}

export function writeEdits(sessionId: string, edits: PendingEdits): void {
  write(local, editsKey(sessionId), Object.keys(edits).length ? JSON.stringify(edits) : null);
}

// ---- boards kept in IndexedDB on this device, by name → last opened, so old ones can be dropped

const boardsKey = 'trellis:local-boards';
/** A phone used at a workshop a week keeps a few boards, not a year of them. */
const KEEP_BOARDS_MS = 30 * 86_400_000;

export function readLocalBoards(): Record<string, number> {
  const parsed = z.record(z.string(), z.number()).safeParse(readJson(boardsKey));
  return parsed.success ? parsed.data : {};
}

/**
 * Notes that `name` was opened now and returns the boards not opened for a month, which the
 * caller deletes from IndexedDB; they are forgotten here at once.
 */
export function touchLocalBoard(name: string, now = Date.now()): string[] {
  const boards = readLocalBoards();
  const stale = Object.keys(boards).filter((b) => b !== name && now - boards[b]! > KEEP_BOARDS_MS);
  for (const b of stale) delete boards[b];
  boards[name] = now;
  write(local, boardsKey, JSON.stringify(boards));
  return stale;
}

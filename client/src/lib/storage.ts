import { z } from 'zod/mini';
import { Limits } from '@trellis/shared';

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

/** What is stored under `key`, for the caller to validate; `undefined` when nothing readable is. */
export const readJson = (key: string): unknown => {
  const raw = read(local, key);
  if (raw === null) return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return undefined;
  }
};

/** Stores `value` as JSON under `key`; `null` forgets it. */
export const writeJson = (key: string, value: unknown): void =>
  write(local, key, value === null ? null : JSON.stringify(value));

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

/** The organisation a person signs commitments with, offered again at the next meeting. */
const authorOrgKey = 'trellis:authorOrg';
export const readAuthorOrg = (): string => read(local, authorOrgKey) ?? '';
export const writeAuthorOrg = (org: string): void => write(local, authorOrgKey, org || null);

const nameKey = 'trellis:name';
export const readLastName = (): string => read(local, nameKey) ?? '';
export const writeLastName = (name: string): void => write(local, nameKey, name || null);

// The organiser key opens every session on the instance: keep it for this tab only.
const organiserKey = 'trellis:organiserKey';
export const readOrganiserKey = (): string => read(session, organiserKey) ?? '';
export const writeOrganiserKey = (key: string): void => write(session, organiserKey, key || null);

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

import { CARD_KINDS, Role, SNAPSHOT_KINDS, type CardKind } from '@trellis/shared';
import type { SessionSummaryRow, Snapshot } from './historyTypes';
import type { MemberRecord, SessionRecord } from './types';
import type { CommitmentLink, PrivateCard } from './workshopTypes';

/**
 * The rows both storages read (SQLite and PostgreSQL share table and column names) and how they
 * become records: one mapping, so the two cannot drift apart.
 */
export interface SessionRow {
  id: string;
  title: string;
  template: string;
  join_code: string;
  created_at: number;
  ended_at: number | null;
}

export interface MemberRow {
  id: string;
  session_id: string;
  role: string;
  name: string | null;
  created_at: number;
}

export interface PrivateRow {
  session_id: string;
  card_id: string;
  member_id: string;
  kind: string;
  text: string;
  /** 0/1 in SQLite, a boolean in PostgreSQL. */
  anonymous: number | boolean;
  created_at: number;
  revealed_at: number | null;
  /** 0/1 in SQLite, a boolean in PostgreSQL. */
  hidden: number | boolean;
  merged_into: string | null;
}

export interface SummaryRow {
  id: string;
  title: string;
  template: string;
  created_at: number;
  ended_at: number | null;
  participants: number;
  last_activity: number | null;
  updates: number;
}

export const toSession = (r: SessionRow): SessionRecord => ({
  id: r.id,
  title: r.title,
  template: r.template,
  joinCode: r.join_code,
  createdAt: r.created_at,
  endedAt: r.ended_at,
});

export const toMember = (r: MemberRow): MemberRecord => ({
  id: r.id,
  sessionId: r.session_id,
  // Rows are ours, but a role outside the enum would grant rights by accident: parse it.
  role: Role.parse(r.role),
  name: r.name ?? undefined,
  createdAt: r.created_at,
});

const toKind = (k: string): CardKind =>
  (CARD_KINDS as readonly string[]).includes(k) ? (k as CardKind) : 'note';

/** A boolean column: 0/1 in SQLite, a boolean in PostgreSQL. */
const flag = (v: number | boolean): boolean => v === true || v === 1;

export const toPrivate = (r: PrivateRow): PrivateCard => ({
  sessionId: r.session_id,
  cardId: r.card_id,
  memberId: r.member_id,
  kind: toKind(r.kind),
  text: r.text,
  anonymous: flag(r.anonymous),
  createdAt: r.created_at,
  revealedAt: r.revealed_at,
  hidden: flag(r.hidden),
  mergedInto: r.merged_into,
});

const KINDS: readonly Snapshot['kind'][] = SNAPSHOT_KINDS;

export const toSnapshot = (
  sessionId: string,
  r: { seq: number; time: number; label: string; kind: string },
): Snapshot => ({
  sessionId,
  seq: r.seq,
  time: r.time,
  label: r.label,
  kind: KINDS.includes(r.kind as Snapshot['kind']) ? (r.kind as Snapshot['kind']) : 'manual',
});

/** Every session with its participants, last change and log length, newest first. */
export const LIST_SESSIONS = `SELECT s.id, s.title, s.template, s.created_at, s.ended_at,
  (SELECT COUNT(*) FROM members m WHERE m.session_id = s.id AND m.role = 'participant') AS participants,
  (SELECT MAX(time) FROM updates u WHERE u.session_id = s.id) AS last_activity,
  (SELECT COUNT(*) FROM updates u WHERE u.session_id = s.id) AS updates
FROM sessions s ORDER BY s.created_at DESC`;

export const toSummary = (r: SummaryRow): SessionSummaryRow => ({
  id: r.id,
  title: r.title,
  template: r.template,
  createdAt: r.created_at,
  endedAt: r.ended_at,
  participants: r.participants,
  lastActivity: r.last_activity,
  updates: r.updates,
});

export interface LinkRow {
  token_hash: string;
  session_id: string;
  card_id: string;
  member_id: string;
  created_at: number;
}

export const toLink = (r: LinkRow): CommitmentLink => ({
  tokenHash: r.token_hash,
  sessionId: r.session_id,
  cardId: r.card_id,
  memberId: r.member_id,
  createdAt: r.created_at,
});

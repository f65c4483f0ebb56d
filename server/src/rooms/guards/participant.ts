import * as Y from 'yjs';
import { Limits, mayAddCard } from '@trellis/shared';
import { reject, type Guard, type GuardContext, type Verdict } from './context';
import type { Location } from './locate';
import { deletedItems, newItems } from './structure';

/** Card kinds a participant may create; synthesis points are the facilitator's. */
const PARTICIPANT_KINDS: readonly unknown[] = ['statement', 'commitment', 'note'];
const MAX_ZONE_ID = 64;
const MAX_COMMITMENT_FIELD = 200;
/** setCardText deletes then inserts, so an honest edit can briefly carry twice the limit. */
const MAX_TEXT_IN_FLIGHT = 2 * Limits.cardTextMax;

/** The single value of a map field, when the content is a plain JSON value. */
function anyValue(item: Y.Item): { ok: true; value: unknown } | { ok: false } {
  const c = item.content;
  if (c instanceof Y.ContentAny && c.arr.length === 1) return { ok: true, value: c.arr[0] };
  return { ok: false };
}

const isDeletedContent = (item: Y.Item): boolean => item.content instanceof Y.ContentDeleted;

/** Field rules for a participant's own card: what each key may hold. */
function checkField(field: string, item: Y.Item, memberId: string): Verdict {
  if (isDeletedContent(item)) return undefined;
  if (field === 'text') {
    const c = item.content;
    return c instanceof Y.ContentType && c.type instanceof Y.Text
      ? undefined
      : reject('G5', 'card text must be a Y.Text');
  }
  const v = anyValue(item);
  if (!v.ok) return reject('G5', `card field ${field} must be a plain value`);
  switch (field) {
    case 'authorId':
      return v.value === memberId ? undefined : reject('G1', 'a card may name only its own author');
    case 'kind':
      return PARTICIPANT_KINDS.includes(v.value)
        ? undefined
        : reject('G5', 'participants may not create this kind of card');
    case 'zone':
      return typeof v.value === 'string' && v.value.length <= MAX_ZONE_ID
        ? undefined
        : reject('G5', 'zone must be a short string');
    case 'org':
    case 'step':
    case 'by':
      // A commitment's structure: to which organisation, my first small step, by when.
      return typeof v.value === 'string' && v.value.length <= MAX_COMMITMENT_FIELD
        ? undefined
        : reject('G5', `${field} must be a short string`);
    case 'createdAt':
    case 'x':
    case 'y':
      return typeof v.value === 'number' && Number.isFinite(v.value)
        ? undefined
        : reject('G5', `${field} must be a number`);
    default:
      return reject('G5', `participants may not set card field ${field}`);
  }
}

/**
 * Who owns a card entry: the member the server recorded (revealed private cards), else the member
 * bound to the clientID that created it ([P2]).
 */
function ownerOf(ctx: GuardContext, entry: Y.Item, entryIsNew: boolean): string | undefined {
  if (entryIsNew) return ctx.peer.member.id;
  const key = entry.parentSub;
  return (key !== null ? ctx.owners.get(key) : undefined) ?? ctx.bindings.get(entry.id.client);
}

function checkInsert(
  ctx: GuardContext,
  item: Y.Item,
  at: Location,
  textIn: Map<Y.Item, number>,
): Verdict {
  const [root, key, field] = at.path;
  if (root === 'meta' || root === 'zones') {
    return reject('G4', `participants may not change ${root}`);
  }
  if (root !== 'cards' || key === undefined) return reject('G5', `unknown document root ${root}`);
  const me = ctx.peer.member.id;
  if (at.path.length === 2) {
    if (ctx.workshop.locked || ctx.workshop.ended) return reject('J1', 'writing is locked');
    if (!isDeletedContent(item) && !phaseAllowsWriting(ctx)) {
      return reject('J2', 'this phase does not take cards from phones');
    }
    if (!isDeletedContent(item)) {
      const c = item.content;
      if (!(c instanceof Y.ContentType && c.type instanceof Y.Map)) {
        return reject('G5', 'a card must be a Y.Map');
      }
    }
    // Setting a key replaces (deletes) its current value: only the owner may do that.
    const current = ctx.doc.getMap('cards')._map.get(key);
    if (current && !current.deleted && ownerOf(ctx, current, false) !== me) {
      return reject('G3', 'a card may be replaced only by its owner');
    }
    return undefined;
  }
  if (!at.entry || ownerOf(ctx, at.entry, at.entryIsNew) !== me) {
    return reject('G2', 'participants may change only their own cards');
  }
  if (ctx.workshop.locked || ctx.workshop.ended) return reject('J1', 'writing is locked');
  if (at.path.length === 3) {
    if (field === 'kind' && at.entryIsNew && !isDeletedContent(item)) {
      const v = anyValue(item);
      if (v.ok && typeof v.value === 'string' && !mayAddCard(ctx.workshop, v.value)) {
        return reject('J2', `this phase does not take ${v.value} cards from phones`);
      }
    }
    return checkField(field!, item, me);
  }
  if (at.path.length === 4 && field === 'text') {
    if (isDeletedContent(item)) return undefined;
    if (!(item.content instanceof Y.ContentString)) {
      return reject('G5', 'card text is plain text');
    }
    const sum = (textIn.get(at.entry) ?? 0) + item.length;
    textIn.set(at.entry, sum);
    const existing = at.entryIsNew ? 0 : textLength(at.entry);
    if (existing + sum > MAX_TEXT_IN_FLIGHT) {
      return reject('G6', `card text is limited to ${Limits.cardTextMax} characters`);
    }
    return undefined;
  }
  return reject('G5', 'participants may not nest content in cards');
}

/** Templates without phases take cards any time; otherwise only open-writing phases do. */
function phaseAllowsWriting(ctx: GuardContext): boolean {
  const { workshop } = ctx;
  if (workshop.template.phases.length === 0) return true;
  return workshop.phase?.spec.writing === 'open';
}

function textLength(entry: Y.Item): number {
  const c = entry.content;
  if (!(c instanceof Y.ContentType) || !(c.type instanceof Y.Map)) return 0;
  const text: unknown = c.type.get('text');
  return text instanceof Y.Text ? text.length : 0;
}

/**
 * [G1]–[G6]: what a participant may write. Cards it creates name itself or nobody; it edits and
 * deletes only cards it created (ownership follows the member, through clientID bindings, so an
 * anonymous card stays editable after a reload); it never touches meta, zones or unknown roots.
 */
export const participantRules: Guard = (ctx) => {
  if (ctx.peer.member.role !== 'participant') return undefined;
  const textIn = new Map<Y.Item, number>();
  for (const item of newItems(ctx)) {
    const at = ctx.locator.locate(item, true);
    if (typeof at === 'string') continue; // gc'd; unresolved/invalid are the structure guard's
    const verdict = checkInsert(ctx, item, at, textIn);
    if (verdict) return verdict;
  }
  const me = ctx.peer.member.id;
  for (const item of deletedItems(ctx).items) {
    const at = ctx.locator.locate(item, false);
    if (typeof at === 'string') continue;
    if (at.path[0] !== 'cards' || at.path.length < 2) {
      return reject(
        at.path[0] === 'meta' || at.path[0] === 'zones' ? 'G4' : 'G5',
        'not yours to delete',
      );
    }
    const entry = at.path.length === 2 ? item : at.entry;
    if (!entry || ownerOf(ctx, entry, false) !== me) {
      return reject('G3', 'participants may delete only their own cards');
    }
    if (ctx.workshop.locked || ctx.workshop.ended) return reject('J1', 'writing is locked');
  }
  return undefined;
};

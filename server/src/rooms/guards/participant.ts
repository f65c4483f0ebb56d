import * as Y from 'yjs';
import {
  cardEntry,
  CARD_FIELDS,
  CloseCode,
  isCardField,
  Limits,
  mayWrite,
  PHONE_KINDS,
  phoneWriting,
  phoneZones,
  writingOpen,
  zonesOf,
  type WorkshopState,
} from '@trellis/shared';
import { reject, type Guard, type GuardContext, type Verdict } from './context';
import type { Location } from './locate';
import { deletedItems, newItems } from './structure';

/** setCardText deletes then inserts, so an honest edit can briefly carry twice the limit. */
const MAX_TEXT_IN_FLIGHT = 2 * Limits.cardTextMax;

/** The single value of a map field, when the content is a plain JSON value. */
function anyValue(item: Y.Item): { ok: true; value: unknown } | { ok: false } {
  const c = item.content;
  if (c instanceof Y.ContentAny && c.arr.length === 1) return { ok: true, value: c.arr[0] };
  return { ok: false };
}

const isDeletedContent = (item: Y.Item): boolean => item.content instanceof Y.ContentDeleted;

/** The card map an entry item holds, if it is one. */
function cardMap(entry: Y.Item): Y.Map<unknown> | undefined {
  const c = entry.content;
  return c instanceof Y.ContentType && c.type instanceof Y.Map ? c.type : undefined;
}

/** Field rules for a participant's own card, from the card schema ([G5], shared's fields.ts). */
function checkField(ctx: GuardContext, field: string, item: Y.Item, at: Location): Verdict {
  if (isDeletedContent(item)) return undefined;
  if (field === 'text') {
    const c = item.content;
    // Y.XmlText is a Y.Text too; formatting, embeds and keyed children would hide content.
    return c instanceof Y.ContentType && c.type instanceof Y.Text && !(c.type instanceof Y.XmlText)
      ? undefined
      : reject('G5', 'card text must be a Y.Text');
  }
  if (!isCardField(field)) return reject('G5', `participants may not set card field ${field}`);
  const spec = CARD_FIELDS[field];
  if (spec.phone === 'never') return reject('G5', `participants may not set card field ${field}`);
  const v = anyValue(item);
  if (!v.ok || !spec.schema.safeParse(v.value).success) {
    return reject('G5', `card field ${field} holds the wrong value`);
  }
  switch (spec.phone) {
    case 'self':
      return v.value === ctx.peer.member.id
        ? undefined
        : reject('G1', 'a card may name only its own author');
    case 'once':
      if (!at.entryIsNew) return reject('G5', `a card keeps its ${field}`);
      return field === 'kind' && !(PHONE_KINDS as readonly unknown[]).includes(v.value)
        ? reject('G5', 'participants may not create this kind of card')
        : undefined;
    case 'zone':
      return zoneAllowed(ctx, v.value) ? undefined : reject('G5', 'not a zone phones write in');
    case 'edit':
      return undefined;
  }
}

function zoneAllowed(ctx: GuardContext, zone: unknown): boolean {
  if (typeof zone !== 'string') return false;
  const allowed = phoneZones(ctx.workshop);
  return allowed ? allowed.has(zone as string) : zonesOf(ctx.doc).has(zone as string);
}

/** Who owns a card entry: the sender when it arrives in this update, else [P2]/recorded owner. */
function ownerOf(ctx: GuardContext, entry: Y.Item, entryIsNew: boolean): string | undefined {
  if (entryIsNew) return ctx.peer.member.id;
  return ctx.ownership.ownerOfEntry(entry.parentSub, entry);
}

/**
 * [J14] A phone changes through the document only cards that name it: an anonymous card written
 * or edited under the phone's clientID would name it to everyone who reads the structs.
 */
function namesSender(ctx: GuardContext, entry: Y.Item): boolean {
  return cardMap(entry)?.get('authorId') === ctx.peer.member.id;
}

/** Per update: new card entries, and which of them name their author. */
interface Tally {
  textIn: Map<Y.Item, number>;
  newEntries: Set<Y.Item>;
  named: Set<Y.Item>;
}

const locked = (w: WorkshopState): boolean => !writingOpen(w);

function checkInsert(ctx: GuardContext, item: Y.Item, at: Location, tally: Tally): Verdict {
  const [root, key, field] = at.path;
  if (root === 'meta' || root === 'zones') {
    return reject('G4', `participants may not change ${root}`);
  }
  if (root !== 'cards' || key === undefined) return reject('G5', `unknown document root ${root}`);
  const me = ctx.peer.member.id;
  if (at.path.length === 2) {
    if (locked(ctx.workshop)) return reject('J1', 'writing is locked');
    if (!isDeletedContent(item) && !phaseAllowsWriting(ctx.workshop)) {
      return reject('J2', 'this phase does not take cards from phones');
    }
    if (!isDeletedContent(item)) {
      if (!cardMap(item)) return reject('G5', 'a card must be a Y.Map');
      tally.newEntries.add(item);
    }
    // Setting a key replaces (deletes) its current value: only the owner may do that.
    const current = cardEntry(ctx.doc, key);
    if (current && !current.deleted) {
      if (ownerOf(ctx, current, false) !== me) {
        return reject('G3', 'a card may be replaced only by its owner');
      }
      if (!namesSender(ctx, current)) {
        return reject('J14', 'anonymous cards are changed through anon:put');
      }
    }
    return undefined;
  }
  if (!at.entry || ownerOf(ctx, at.entry, at.entryIsNew) !== me) {
    return reject('G2', 'participants may change only their own cards');
  }
  if (!at.entryIsNew && !namesSender(ctx, at.entry)) {
    return reject('J14', 'anonymous cards are changed through anon:put');
  }
  if (locked(ctx.workshop)) return reject('J1', 'writing is locked');
  if (at.path.length === 3) {
    if (field === 'kind' && at.entryIsNew && !isDeletedContent(item)) {
      const v = anyValue(item);
      const phoneKind = v.ok && (PHONE_KINDS as readonly unknown[]).includes(v.value);
      if (phoneKind && !mayWrite(ctx.workshop, 'open', v.value as string)) {
        return reject('J2', `this phase does not take ${String(v.value)} cards from phones`);
      }
    }
    if (field === 'authorId' && !isDeletedContent(item)) tally.named.add(at.entry);
    return checkField(ctx, field!, item, at);
  }
  if (at.path.length === 4 && field === 'text') {
    if (isDeletedContent(item)) return undefined;
    // [G6] Only characters in sequence: a keyed child of the text would be content nobody sees
    // and no limit counts.
    if (at.path[3] !== '' || !(item.content instanceof Y.ContentString)) {
      return reject('G5', 'card text is plain text');
    }
    const sum = (tally.textIn.get(at.entry) ?? 0) + item.length;
    tally.textIn.set(at.entry, sum);
    const existing = at.entryIsNew ? 0 : textLength(at.entry);
    if (existing + sum > MAX_TEXT_IN_FLIGHT) {
      return reject('G6', `card text is limited to ${Limits.cardTextMax} characters`);
    }
    return undefined;
  }
  return reject('G5', 'participants may not nest content in cards');
}

/** Templates without phases take cards any time; otherwise only open-writing phases do. */
const phaseAllowsWriting = (workshop: WorkshopState): boolean =>
  phoneWriting(workshop).mode === 'open';

function textLength(entry: Y.Item): number {
  const text: unknown = cardMap(entry)?.get('text');
  return text instanceof Y.Text ? text.length : 0;
}

/** [G1] New cards name their author; [G12] within the member's card cap. */
function checkNewCards(ctx: GuardContext, tally: Tally): Verdict {
  if (tally.newEntries.size === 0) return undefined;
  for (const entry of tally.newEntries) {
    if (!tally.named.has(entry)) {
      return reject('G1', 'a new card names its author; anonymous cards go through anon:put');
    }
  }
  const owned = ctx.ownership.countOwned(ctx.doc, ctx.peer.member.id);
  if (owned + tally.newEntries.size > ctx.workshop.cardLimit) {
    return reject(
      'G12',
      `at most ${ctx.workshop.cardLimit} cards per participant`,
      CloseCode.TooLarge,
    );
  }
  return undefined;
}

/**
 * [G1]–[G6], [G12], [J14]: what a participant may write. Cards it creates name itself; it edits
 * and deletes only cards it created that name it (ownership follows the member, through clientID
 * bindings); anonymous cards go through the server; it never touches meta, zones or unknown roots.
 */
export const participantRules: Guard = (ctx) => {
  if (ctx.peer.member.role !== 'participant') return undefined;
  if (ctx.budget.spent >= ctx.budget.limit) {
    return reject('G12', 'this participant has written all it may', CloseCode.TooLarge);
  }
  const tally: Tally = { textIn: new Map(), newEntries: new Set(), named: new Set() };
  for (const item of newItems(ctx)) {
    const at = ctx.locator.locate(item, true);
    if (typeof at === 'string') continue; // gc'd; unresolved/invalid are the structure guard's
    const verdict = checkInsert(ctx, item, at, tally);
    if (verdict) return verdict;
  }
  const newCards = checkNewCards(ctx, tally);
  if (newCards) return newCards;
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
    if (!namesSender(ctx, entry)) {
      return reject('J14', 'anonymous cards are deleted through anon:delete');
    }
    if (locked(ctx.workshop)) return reject('J1', 'writing is locked');
  }
  return undefined;
};

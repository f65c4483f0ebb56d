import * as Y from 'yjs';
import type { CardKind } from '../cardKinds';
import { Limits } from '../protocol/http';
import { commitmentFields, parseField, type CardFields } from './fields';

/**
 * The board's document layout (PROTOCOL.md "Document layout"). Every read goes through these
 * accessors so a malformed or hostile value in the CRDT is never trusted as a typed object.
 */
export { CARD_KINDS, type CardKind } from '../cardKinds';

export interface Card {
  id: string;
  kind: CardKind;
  text: string;
  authorId: string | undefined;
  zone: string | undefined;
  x: number | undefined;
  y: number | undefined;
  createdAt: number;
  /** Facilitator moderation: hidden cards stay in the document but phones and projector skip them. */
  hidden: boolean;
  /** The synthesis point (a `synthesis` card id) this statement is grouped under. */
  group: string | undefined;
  /** Commitment structure (`COMMITMENT_FIELDS`). */
  org: string | undefined;
  step: string | undefined;
  by: string | undefined;
  authorOrg: string | undefined;
}

export interface Zone {
  id: string;
  title: string | undefined;
  titleKey: string | undefined;
  order: number;
}

/**
 * A card as screens show it before the board holds it (a queued or private card): what is not
 * given is the default a stored card without that field reads as.
 */
export const cardView = (
  card: Pick<Card, 'id' | 'kind' | 'text' | 'createdAt'> & Partial<Card>,
): Card => ({
  authorId: undefined,
  zone: undefined,
  x: undefined,
  y: undefined,
  hidden: false,
  group: undefined,
  org: undefined,
  step: undefined,
  by: undefined,
  authorOrg: undefined,
  ...card,
});

export const cardsOf = (doc: Y.Doc): Y.Map<Y.Map<unknown>> => doc.getMap('cards');
export const zonesOf = (doc: Y.Doc): Y.Map<Y.Map<unknown>> => doc.getMap('zones');

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const num = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isFinite(v) ? v : undefined;

/**
 * A card as screens use it. Fields parse with the schema in fields.ts; positions and times only
 * need to be finite here (screens clamp them, and old boards hold small test times).
 */
export function readCard(id: string, value: unknown): Card | undefined {
  if (!(value instanceof Y.Map)) return undefined;
  const field = <K extends keyof CardFields>(key: K) => parseField(key, value.get(key));
  const text = value.get('text');
  return {
    id,
    kind: field('kind') ?? 'note',
    text: text instanceof Y.Text ? text.toString() : (str(text) ?? ''),
    authorId: field('authorId'),
    zone: field('zone'),
    x: num(value.get('x')),
    y: num(value.get('y')),
    createdAt: num(value.get('createdAt')) ?? 0,
    hidden: field('hidden') === true,
    group: field('group'),
    org: field('org'),
    step: field('step'),
    by: field('by'),
    authorOrg: field('authorOrg'),
  };
}

/** The follow-up fields of a card ([K2], [K3]); `from` is set only on copies. */
export function readCopyFields(
  value: unknown,
): Pick<Partial<CardFields>, 'from' | 'status' | 'note'> {
  if (!(value instanceof Y.Map)) return {};
  return {
    from: parseField('from', value.get('from')),
    status: parseField('status', value.get('status')),
    note: parseField('note', value.get('note')),
  };
}

/** Cards in creation order (ties by id), so every screen lists them the same way. */
export function listCards(doc: Y.Doc): Card[] {
  const out: Card[] = [];
  cardsOf(doc).forEach((value, id) => {
    const card = readCard(id, value);
    if (card) out.push(card);
  });
  return out.sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
}

export function listZones(doc: Y.Doc): Zone[] {
  const out: Zone[] = [];
  zonesOf(doc).forEach((value, id) => {
    if (!(value instanceof Y.Map)) return;
    out.push({
      id,
      title: str(value.get('title')),
      titleKey: str(value.get('titleKey')),
      order: num(value.get('order')) ?? 0,
    });
  });
  return out.sort((a, b) => a.order - b.order || a.id.localeCompare(b.id));
}

export interface NewCard {
  id: string;
  kind: CardKind;
  text: string;
  /** Omit to post anonymously. */
  authorId?: string | undefined;
  zone?: string | undefined;
  createdAt?: number;
  /** Commitment structure, for `commitment` cards. */
  org?: string;
  step?: string;
  by?: string;
  authorOrg?: string;
}

export function addCard(doc: Y.Doc, card: NewCard): void {
  doc.transact(() => {
    const map = new Y.Map<unknown>();
    map.set('text', new Y.Text(card.text.slice(0, Limits.cardTextMax)));
    const fields: Partial<CardFields> = {
      kind: card.kind,
      authorId: card.authorId,
      zone: card.zone,
      createdAt: card.createdAt ?? Date.now(),
      ...commitmentFields(card),
    };
    setFields(map, fields);
    cardsOf(doc).set(card.id, map);
  });
}

/**
 * The one writer of a card's plain fields: `undefined` removes a field (absent means default:
 * shown, ungrouped, no status), and a value equal to the stored one is not rewritten (a no-op
 * write would still grow the log). The facilitator's and the server's writes go through here.
 */
export function writeCard(doc: Y.Doc, id: string, patch: Partial<CardFields>): void {
  const card = cardsOf(doc).get(id);
  if (!card) return;
  doc.transact(() => setFields(card, patch));
}

function setFields(card: Y.Map<unknown>, patch: Partial<CardFields>): void {
  // A map not yet in a document holds nothing to compare with (and Yjs warns when read).
  const fresh = card.doc === null;
  for (const [key, value] of Object.entries(patch) as [keyof CardFields, unknown][]) {
    if (value === undefined) {
      if (!fresh && card.has(key)) card.delete(key);
    } else if (fresh || card.get(key) !== value) card.set(key, value);
  }
}

/** Replaces a card's text with a minimal diff so concurrent edits to other parts survive. */
export function setCardText(doc: Y.Doc, id: string, next: string): void {
  const text = cardsOf(doc).get(id)?.get('text');
  if (!(text instanceof Y.Text)) return;
  const prev = text.toString();
  const bounded = next.slice(0, Limits.cardTextMax);
  if (prev === bounded) return;
  let start = 0;
  while (start < prev.length && start < bounded.length && prev[start] === bounded[start]) start++;
  let endPrev = prev.length;
  let endNext = bounded.length;
  while (endPrev > start && endNext > start && prev[endPrev - 1] === bounded[endNext - 1]) {
    endPrev--;
    endNext--;
  }
  doc.transact(() => {
    if (endPrev > start) text.delete(start, endPrev - start);
    if (endNext > start) text.insert(start, bounded.slice(start, endNext));
  });
}

export function moveCard(doc: Y.Doc, id: string, zone: string): void {
  writeCard(doc, id, { zone });
}

export function deleteCard(doc: Y.Doc, id: string): void {
  cardsOf(doc).delete(id);
}

/**
 * Card ids are made on the device, offline included: 96 random bits make clashes moot. Nothing
 * else goes in: a device clock in the id would tie an anonymous card to the same phone's named
 * ones by its skew ([J14]).
 */
export function newCardId(): string {
  const bytes = new Uint8Array(12);
  crypto.getRandomValues(bytes);
  let out = '';
  for (const b of bytes) out += ID_ALPHABET[b & 63];
  return out;
}
const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/**
 * Whether a card with this id is or ever was on the board: a deleted entry keeps its key in the
 * map, so an id once used can never be claimed again ([J6], [J14]).
 */
export function cardIdTaken(doc: Y.Doc, id: string): boolean {
  return cardsOf(doc)._map.has(id);
}

/**
 * The Yjs item holding a card's entry (deleted or not): its creator's clientID is what ownership
 * and the guards go by. The one place outside Yjs that reads the map's items.
 */
export function cardEntry(doc: Y.Doc, id: string): Y.Item | undefined {
  return cardsOf(doc)._map.get(id);
}

/** Every card entry item, deleted ones included, by card id. */
export function cardEntries(doc: Y.Doc): IterableIterator<[string, Y.Item]> {
  return cardsOf(doc)._map.entries();
}

/** A follow-up session's copy of a card of the session it follows ([K2]). */
export const previousCardId = (cardId: string): string => `${PREVIOUS_PREFIX}${cardId}`;
const PREVIOUS_PREFIX = 'prev-';
/** Only an id: a copy is also marked by `from`, which phones cannot write ([G5]). */
export const isPreviousCardId = (id: string): boolean => id.startsWith(PREVIOUS_PREFIX);

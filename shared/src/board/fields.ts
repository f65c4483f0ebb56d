import { z } from 'zod/mini';
import { CARD_KINDS } from '../cardKinds';
import { CommitmentStatus, Limits } from '../protocol/http';

/**
 * The card's fields, once: what each may hold, and who may set it through the document besides
 * facilitators and the server ([G5], PROTOCOL.md §7). The readers parse with these schemas, the
 * writers are typed by them, and the server's guards check a phone's writes against them.
 *
 * `phone`:
 * - `once`: a phone sets it when it creates its card, never after (a card keeps its kind);
 * - `edit`: a phone may change it on its own named cards;
 * - `self`: only the phone's own member id ([G1]);
 * - `zone`: a zone phones write in (`phoneZones`);
 * - `never`: facilitators and the server only.
 */
export type PhoneRight = 'once' | 'edit' | 'self' | 'zone' | 'never';

const id = z.string().check(z.minLength(1), z.maxLength(Limits.idMax));
const short = z.string().check(z.maxLength(Limits.commitmentFieldMax));
const position = z.number().check(z.gte(-Limits.positionMax), z.lte(Limits.positionMax));
const time = z.number().check(z.gte(Limits.createdAtMin), z.lte(Limits.createdAtMax));

export const CARD_FIELDS = {
  kind: { schema: z.enum(CARD_KINDS), phone: 'once' },
  authorId: { schema: id, phone: 'self' },
  zone: { schema: id, phone: 'zone' },
  x: { schema: position, phone: 'edit' },
  y: { schema: position, phone: 'edit' },
  createdAt: { schema: time, phone: 'once' },
  /** A commitment's structure (`COMMITMENT_FIELDS`). */
  org: { schema: short, phone: 'edit' },
  step: { schema: short, phone: 'edit' },
  by: { schema: short, phone: 'edit' },
  authorOrg: { schema: short, phone: 'edit' },
  /** Facilitator moderation: hidden cards stay in the document, phones and projector skip them. */
  hidden: { schema: z.boolean(), phone: 'never' },
  /** The synthesis point (a `synthesis` card id) this statement is grouped under. */
  group: { schema: id, phone: 'never' },
  /** Follow-up copies ([K2], [K3]): the original card's id, how it went, a note. */
  from: { schema: id, phone: 'never' },
  status: { schema: CommitmentStatus, phone: 'never' },
  note: { schema: z.string().check(z.maxLength(Limits.noteMax)), phone: 'never' },
} as const satisfies Record<string, { schema: z.ZodMiniType; phone: PhoneRight }>;

/** `text` is the one field that is a Yjs type (a Y.Text of plain strings), not a plain value. */
export type CardField = keyof typeof CARD_FIELDS;
export type CardFields = { [K in CardField]: z.infer<(typeof CARD_FIELDS)[K]['schema']> };

/**
 * A commitment's structure, each a short optional text: to which organisation, a first small
 * step, by when, and the author's own organisation (so the next meeting knows whose it is).
 */
export const COMMITMENT_FIELDS = ['org', 'step', 'by', 'authorOrg'] as const;
export type CommitmentField = (typeof COMMITMENT_FIELDS)[number];
export type CommitmentFields = Partial<Record<CommitmentField, string>>;

/** The commitment fields of `card` that hold something, cut to their limit; empty ones are left out. */
export function commitmentFields(card: {
  readonly [K in CommitmentField]?: string | undefined;
}): CommitmentFields {
  const out: CommitmentFields = {};
  for (const key of COMMITMENT_FIELDS) {
    const value = card[key];
    if (value) out[key] = value.slice(0, Limits.commitmentFieldMax);
  }
  return out;
}

/** Card kinds a phone may create; synthesis points are the facilitator's voice. */
export const PHONE_KINDS: readonly CardFields['kind'][] = ['statement', 'commitment', 'note'];

export const isCardField = (key: string): key is CardField => Object.hasOwn(CARD_FIELDS, key);

/** A stored value, parsed; undefined when absent or not what the field holds. */
export function parseField<K extends CardField>(key: K, value: unknown): CardFields[K] | undefined {
  // No field's schema takes undefined, and zod builds an error for each miss: most fields are
  // absent on most cards, so listing 2,000 cards spent half its time making errors.
  if (value === undefined) return undefined;
  const parsed = CARD_FIELDS[key].schema.safeParse(value);
  return parsed.success ? (parsed.data as CardFields[K]) : undefined;
}

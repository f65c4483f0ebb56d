import type * as Y from 'yjs';
import {
  PHONE_KINDS,
  readMetaField,
  readResults,
  type ProjectorQr,
  type Spotlight,
  type TimerState,
  type VotingState,
} from './board';
import type { CardKind } from './cardKinds';
import { Limits } from './protocol/http';
import { phasesOf, TEMPLATES, type PhaseSpec, type Template, type TemplateId } from './templates';

/**
 * The workshop's live state, kept in the document's `meta` map and written only by the server
 * (facilitator commands arrive over Socket.IO and are applied there), so phones, projector and
 * replay all read the same thing. Readers parse every value: meta is data from the network.
 */
export { PhaseOverride, Spotlight, TimerState, VotingState } from './board/meta';

export interface PhaseState {
  index: number;
  spec: PhaseSpec;
  /** The facilitator's wording, when edited; otherwise screens use the spec's message keys. */
  title: string | undefined;
  prompt: string | undefined;
  timerSeconds: number | null;
}

export interface WorkshopState {
  template: Template;
  phases: PhaseState[];
  /** -1 before the first phase or for templates without phases. */
  phaseIndex: number;
  phase: PhaseState | undefined;
  timer: TimerState;
  locked: boolean;
  voting: VotingState;
  /** Published vote counts per card (absent while hidden). */
  results: Record<string, number>;
  spotlight: Spotlight | null;
  revealed: boolean;
  ended: boolean;
  /** Cards each participant may have on the board ([G12]). */
  cardLimit: number;
  /** The facilitator's choice of QR panel on the projector, if any. */
  projectorQr: ProjectorQr | undefined;
}

export const IDLE_TIMER: TimerState = { state: 'idle', endsAt: null, remainingMs: 0, totalMs: 0 };

export function templateOf(doc: Y.Doc): Template {
  const id = readMetaField(doc, 'template');
  return typeof id === 'string' && id in TEMPLATES ? TEMPLATES[id as TemplateId] : TEMPLATES.open;
}

export function readWorkshop(doc: Y.Doc): WorkshopState {
  const template = templateOf(doc);
  const overrides = readMetaField(doc, 'phases') ?? [];
  const specs = phasesOf(template, readMetaField(doc, 'followUp') === true);
  const phases = specs.map((spec, index): PhaseState => {
    const o = overrides[index] ?? {};
    return {
      index,
      spec,
      title: o.title,
      prompt: o.prompt,
      timerSeconds: o.timerSeconds === undefined ? spec.timerSeconds : o.timerSeconds,
    };
  });
  const rawIndex = readMetaField(doc, 'phase') ?? -1;
  const phaseIndex = rawIndex >= 0 && rawIndex < phases.length ? rawIndex : -1;
  return {
    template,
    phases,
    phaseIndex,
    phase: phases[phaseIndex],
    timer: readMetaField(doc, 'timer') ?? IDLE_TIMER,
    locked: readMetaField(doc, 'locked') === true,
    voting: readMetaField(doc, 'voting') ?? {
      state: 'closed',
      perParticipant: template.votesPerParticipant,
      hideResults: true,
    },
    results: readResults(doc),
    spotlight: readMetaField(doc, 'spotlight') ?? null,
    revealed: readMetaField(doc, 'revealedAt') !== undefined,
    ended: readMetaField(doc, 'ended') === true,
    cardLimit: readMetaField(doc, 'cardLimit') ?? Limits.cardsPerParticipant,
    projectorQr: readMetaField(doc, 'projectorQr'),
  };
}

/** Milliseconds left on the timer at server time `now`. */
export function timeLeft(timer: TimerState, now: number): number {
  if (timer.state === 'running' && timer.endsAt !== null) return Math.max(0, timer.endsAt - now);
  return timer.remainingMs;
}

/**
 * How phones write right now, from the phase alone (the lock is separate, so a screen can say
 * "waiting until writing reopens"): into the shared board (`open`), privately to the server
 * (`private`), or not at all. The one statement of the rule: the server's guards, private and
 * anonymous writing and the phone's composer all read it ([J2]).
 */
export type PhoneWriting =
  { mode: 'none' } | { mode: 'open' | 'private'; kinds: readonly CardKind[]; zone: string };

export function phoneWriting(state: WorkshopState): PhoneWriting {
  const { template, phase } = state;
  if (template.phases.length === 0) {
    return { mode: 'open', kinds: PHONE_KINDS, zone: template.defaultZone };
  }
  const spec = phase?.spec;
  if (!spec || spec.writing === 'none' || spec.kinds.length === 0) return { mode: 'none' };
  return { mode: spec.writing, kinds: spec.kinds, zone: spec.zone ?? template.defaultZone };
}

/** Whether writing is open at all: not locked, not ended ([J1]). */
export const writingOpen = (state: WorkshopState): boolean => !state.locked && !state.ended;

/** Whether a phone may, right now, write a card of `kind` in this `mode`. */
export function mayWrite(state: WorkshopState, mode: 'open' | 'private', kind: string): boolean {
  const now = phoneWriting(state);
  return writingOpen(state) && now.mode === mode && (now.kinds as readonly string[]).includes(kind);
}

/** Whether phones may add cards of `kind` right now, through the shared board. */
export const mayAddCard = (state: WorkshopState, kind: string): boolean =>
  mayWrite(state, 'open', kind);

/** The zone a phone's card goes to now. */
export function writingZone(state: WorkshopState): string {
  const now = phoneWriting(state);
  return now.mode === 'none' ? state.template.defaultZone : now.zone;
}

/**
 * Zones a phone's card may be in ([G5]): those the template's writing phases fill, and its default
 * zone, so a card queued offline in one phase still fits when it lands in the next. Undefined for
 * boards without phases: any zone the board has.
 */
export function phoneZones(state: WorkshopState): ReadonlySet<string> | undefined {
  const { template } = state;
  if (template.phases.length === 0) return undefined;
  const zones = new Set([template.defaultZone]);
  for (const p of template.phases) if (p.writing !== 'none' && p.zone) zones.add(p.zone);
  return zones;
}

/**
 * What the phase is about, for the order of the zones on phones and the projector. A phase with a
 * zone of its own (writing into it, or reading it: the ground rules, last time's commitments) is
 * about that zone `alone`: the projector shows it and only counts the rest. A vote without one
 * is about the synthesis points being voted on, wherever they are (`pointZones`). A phase with
 * neither (the closing) looks back at what the last phase before it filled: the commitments.
 * Before the first phase, or on a board without phases, nothing leads.
 */
export interface PhaseFocus {
  /** Zones first, in this order; the others follow in the board's order. */
  lead: readonly string[];
  alone: boolean;
}

export function phaseFocus(
  state: WorkshopState | undefined,
  pointZones: readonly string[],
): PhaseFocus {
  const phase = state?.phase;
  if (!state || !phase) return { lead: [], alone: false };
  if (phase.spec.zone !== undefined) return { lead: [phase.spec.zone], alone: true };
  if (phase.spec.voting) return { lead: pointZones, alone: false };
  const filled = state.phases
    .slice(0, phase.index)
    .reverse()
    .find(({ spec }) => spec.writing !== 'none' && spec.zone !== undefined);
  return { lead: filled?.spec.zone !== undefined ? [filled.spec.zone] : [], alone: false };
}

/** `zones` with the focus's lead first, in its order; the others keep theirs. */
export function leadFirst<T>(
  zones: readonly T[],
  zoneOf: (zone: T) => string | undefined,
  { lead }: Pick<PhaseFocus, 'lead'>,
): T[] {
  const rank = (zone: T): number => {
    const at = lead.indexOf(zoneOf(zone) ?? '');
    return at < 0 ? lead.length : at;
  };
  return [...zones].sort((a, b) => rank(a) - rank(b));
}

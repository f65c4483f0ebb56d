import type * as Y from 'yjs';
import { z } from 'zod/mini';
import { metaOf } from './board';
import { Limits } from './protocol/http';
import { TEMPLATES, type PhaseSpec, type Template, type TemplateId } from './templates';

/**
 * The workshop's live state, kept in the document's `meta` map and written only by the server
 * (facilitator commands arrive over Socket.IO and are applied there), so phones, projector and
 * replay all read the same thing. Readers parse every value: meta is data from the network.
 */
export const TimerState = z.object({
  state: z.enum(['idle', 'running', 'paused']),
  /** Server epoch ms when a running timer reaches zero. */
  endsAt: z.nullable(z.number()),
  /** Left on a paused (or idle) timer. */
  remainingMs: z.number().check(z.gte(0)),
  totalMs: z.number().check(z.gte(0)),
});
export type TimerState = z.infer<typeof TimerState>;

export const VotingState = z.object({
  state: z.enum(['closed', 'open', 'done']),
  perParticipant: z.int().check(z.gte(1), z.lte(20)),
  hideResults: z.boolean(),
});
export type VotingState = z.infer<typeof VotingState>;

export const PhaseOverride = z.object({
  title: z.optional(z.string().check(z.maxLength(120))),
  prompt: z.optional(z.string().check(z.maxLength(500))),
  timerSeconds: z.optional(z.nullable(z.int().check(z.gte(0), z.lte(24 * 3600)))),
});
export type PhaseOverride = z.infer<typeof PhaseOverride>;

export const Spotlight = z.object({ cardId: z.optional(z.string()), zone: z.optional(z.string()) });
export type Spotlight = z.infer<typeof Spotlight>;

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
}

export const IDLE_TIMER: TimerState = { state: 'idle', endsAt: null, remainingMs: 0, totalMs: 0 };

const parse = <T>(schema: z.ZodMiniType<T>, value: unknown, fallback: T): T => {
  const r = schema.safeParse(value);
  return r.success ? r.data : fallback;
};

export function templateOf(doc: Y.Doc): Template {
  const id = metaOf(doc).get('template');
  return typeof id === 'string' && id in TEMPLATES ? TEMPLATES[id as TemplateId] : TEMPLATES.open;
}

export function readWorkshop(doc: Y.Doc): WorkshopState {
  const meta = metaOf(doc);
  const template = templateOf(doc);
  const overrides = parse(z.array(PhaseOverride), meta.get('phases'), []);
  const phases = template.phases.map((spec, index): PhaseState => {
    const o = overrides[index] ?? {};
    return {
      index,
      spec,
      title: o.title,
      prompt: o.prompt,
      timerSeconds: o.timerSeconds === undefined ? spec.timerSeconds : o.timerSeconds,
    };
  });
  const rawIndex = parse(z.int(), meta.get('phase'), -1);
  const phaseIndex = rawIndex >= 0 && rawIndex < phases.length ? rawIndex : -1;
  return {
    template,
    phases,
    phaseIndex,
    phase: phases[phaseIndex],
    timer: parse(TimerState, meta.get('timer'), IDLE_TIMER),
    locked: meta.get('locked') === true,
    voting: parse(VotingState, meta.get('voting'), {
      state: 'closed',
      perParticipant: template.votesPerParticipant,
      hideResults: true,
    }),
    results: parse(z.record(z.string(), z.number()), meta.get('results'), {}),
    spotlight: parse(z.nullable(Spotlight), meta.get('spotlight'), null),
    revealed: typeof meta.get('revealedAt') === 'number',
    ended: meta.get('ended') === true,
    cardLimit: parse(
      z.int().check(z.gte(1), z.lte(Limits.cardsPerParticipantMax)),
      meta.get('cardLimit'),
      Limits.cardsPerParticipant,
    ),
  };
}

/** Milliseconds left on the timer at server time `now`. */
export function timeLeft(timer: TimerState, now: number): number {
  if (timer.state === 'running' && timer.endsAt !== null) return Math.max(0, timer.endsAt - now);
  return timer.remainingMs;
}

/**
 * The zone a phone's card goes to now: the phase's zone, else the template's default. Boards
 * without phases (`open`) take a participant's card in any of their zones.
 */
export function writingZone(state: WorkshopState): string {
  return state.phase?.spec.zone ?? state.template.defaultZone;
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

/** Whether phones may add cards of `kind` right now, through the shared document. */
export function mayAddCard(state: WorkshopState, kind: string): boolean {
  if (state.locked || state.ended) return false;
  if (state.template.phases.length === 0) return true;
  const phase = state.phase;
  return (
    !!phase &&
    phase.spec.writing === 'open' &&
    (phase.spec.kinds as readonly string[]).includes(kind)
  );
}

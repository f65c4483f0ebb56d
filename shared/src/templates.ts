import type { CardKind } from './cardKinds';
import type { MessageKey } from './i18n/en';

/**
 * Session templates are data: zones, phases and defaults. A phase says what phones may do while
 * it runs; the server's guards and commands read the same data, so the UI and the rules agree.
 */
export const TEMPLATE_IDS = ['open', 'trust', 'five-steps'] as const;
export type TemplateId = (typeof TEMPLATE_IDS)[number];

export interface ZoneSeed {
  id: string;
  /** A message-catalogue key, so the zone title follows the viewer's language. */
  titleKey: MessageKey;
}

/** `private`: cards go to the server and stay there until the facilitator reveals them. */
export type WritingMode = 'open' | 'private' | 'none';

export interface PhaseSpec {
  id: string;
  titleKey: MessageKey;
  promptKey: MessageKey;
  /** Card kinds phones may add in this phase; empty = phones only read (and vote, agree…). */
  kinds: readonly CardKind[];
  writing: WritingMode;
  voting: boolean;
  /** Ground rules: phones tap "I agree". */
  agree: boolean;
  /** Zone new cards land in. */
  zone: string | undefined;
  timerSeconds: number | null;
}

export interface Template {
  id: TemplateId;
  zones: readonly ZoneSeed[];
  /** Zone a participant's new card lands in when the phase names none. */
  defaultZone: string;
  phases: readonly PhaseSpec[];
  /**
   * Whether phones post statements without their name unless they opt in. Commitments are always
   * named by default: the next meeting asks each person how theirs went.
   */
  anonymousByDefault: boolean;
  votesPerParticipant: number;
  /**
   * Cards the session starts with in the `rules` zone, in the facilitator's language, for the
   * facilitator to edit: the seeds' rules of engagement.
   */
  groundRules: readonly MessageKey[];
}

const phase = (
  p: Partial<PhaseSpec> & Pick<PhaseSpec, 'id' | 'titleKey' | 'promptKey'>,
): PhaseSpec => ({
  kinds: [],
  writing: 'none',
  voting: false,
  agree: false,
  zone: undefined,
  timerSeconds: null,
  ...p,
});

export const TEMPLATES: Record<TemplateId, Template> = {
  open: {
    id: 'open',
    zones: [
      { id: 'ideas', titleKey: 'zone.ideas' },
      { id: 'questions', titleKey: 'zone.questions' },
      { id: 'parking', titleKey: 'zone.parkingLot' },
    ],
    defaultZone: 'ideas',
    phases: [],
    anonymousByDefault: false,
    votesPerParticipant: 3,
    groundRules: [],
  },
  trust: {
    id: 'trust',
    zones: [
      { id: 'rules', titleKey: 'zone.groundRules' },
      { id: 'statements', titleKey: 'zone.statements' },
      { id: 'synthesis', titleKey: 'zone.synthesis' },
      { id: 'commitments', titleKey: 'zone.commitments' },
    ],
    defaultZone: 'statements',
    phases: [
      phase({
        id: 'rules',
        titleKey: 'phase.rules.title',
        promptKey: 'phase.rules.prompt',
        agree: true,
        zone: 'rules',
        timerSeconds: 180,
      }),
      phase({
        id: 'statements',
        titleKey: 'phase.statements.title',
        promptKey: 'phase.statements.prompt',
        kinds: ['statement'],
        writing: 'private',
        zone: 'statements',
        timerSeconds: 600,
      }),
      phase({
        id: 'synthesis',
        titleKey: 'phase.synthesis.title',
        promptKey: 'phase.synthesis.prompt',
        voting: true,
        timerSeconds: 900,
      }),
      phase({
        id: 'commitment',
        titleKey: 'phase.commitment.title',
        promptKey: 'phase.commitment.prompt',
        kinds: ['commitment'],
        writing: 'open',
        zone: 'commitments',
        timerSeconds: 480,
      }),
      phase({ id: 'close', titleKey: 'phase.close.title', promptKey: 'phase.close.prompt' }),
    ],
    anonymousByDefault: true,
    votesPerParticipant: 3,
    groundRules: [
      'rules.speakForYourself',
      'rules.listen',
      'rules.ideasNotPeople',
      'rules.staysHere',
      'rules.smallSteps',
    ],
  },
  'five-steps': {
    id: 'five-steps',
    zones: [
      { id: 'purpose', titleKey: 'zone.purpose' },
      { id: 'convene', titleKey: 'zone.convene' },
      { id: 'trust', titleKey: 'zone.trust' },
      { id: 'actions', titleKey: 'zone.actions' },
      { id: 'generous', titleKey: 'zone.generous' },
    ],
    defaultZone: 'purpose',
    phases: [
      phase({
        id: 'purpose',
        titleKey: 'phase.purpose.title',
        promptKey: 'phase.purpose.prompt',
        kinds: ['note'],
        writing: 'open',
        zone: 'purpose',
        timerSeconds: 600,
      }),
      phase({
        id: 'convene',
        titleKey: 'phase.convene.title',
        promptKey: 'phase.convene.prompt',
        kinds: ['note'],
        writing: 'open',
        zone: 'convene',
        timerSeconds: 600,
      }),
      phase({
        id: 'trust',
        titleKey: 'phase.trust.title',
        promptKey: 'phase.trust.prompt',
        kinds: ['statement'],
        writing: 'open',
        zone: 'trust',
        timerSeconds: 600,
      }),
      phase({
        id: 'actions',
        titleKey: 'phase.actions.title',
        promptKey: 'phase.actions.prompt',
        kinds: ['note'],
        writing: 'open',
        zone: 'actions',
        voting: true,
        timerSeconds: 600,
      }),
      phase({
        id: 'generous',
        titleKey: 'phase.generous.title',
        promptKey: 'phase.generous.prompt',
        kinds: ['commitment'],
        writing: 'open',
        zone: 'generous',
        timerSeconds: 600,
      }),
    ],
    anonymousByDefault: false,
    votesPerParticipant: 3,
    groundRules: [],
  },
};

/** A follow-up session's zone of last time's commitments ([K2]). */
export const PREVIOUS_ZONE = 'previous';

/**
 * A follow-up session opens with last time's commitments (the `previous` zone, [K2]): the room
 * says how each went before it writes new ones.
 */
export const REVIEW_PHASE: PhaseSpec = phase({
  id: 'review',
  titleKey: 'phase.review.title',
  promptKey: 'phase.review.prompt',
  zone: PREVIOUS_ZONE,
  timerSeconds: 600,
});

/** The phases a session runs: a follow-up of a phased template starts with the review. */
export const phasesOf = (template: Template, followUp: boolean): readonly PhaseSpec[] =>
  followUp && template.phases.length > 0 ? [REVIEW_PHASE, ...template.phases] : template.phases;

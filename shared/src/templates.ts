/**
 * Session templates are data. This issue ships `open` (no phases, cards at any time); the workshop
 * templates with phases come later and extend this shape rather than adding code paths.
 */
export const TEMPLATE_IDS = ['open'] as const;
export type TemplateId = (typeof TEMPLATE_IDS)[number];

export interface ZoneSeed {
  id: string;
  /** A message-catalogue key, so the zone title follows the viewer's language. */
  titleKey: 'zone.ideas' | 'zone.questions' | 'zone.parkingLot';
}

export interface Template {
  id: TemplateId;
  zones: readonly ZoneSeed[];
  /** Zone a participant's new card lands in. */
  defaultZone: string;
}

export const TEMPLATES: Record<TemplateId, Template> = {
  open: {
    id: 'open',
    zones: [
      { id: 'ideas', titleKey: 'zone.ideas' },
      { id: 'questions', titleKey: 'zone.questions' },
      { id: 'parking', titleKey: 'zone.parkingLot' },
    ],
    defaultZone: 'ideas',
  },
};

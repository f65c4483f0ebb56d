import * as Y from 'yjs';
import { metaOf, zonesOf } from './board';
import { TEMPLATES, type TemplateId } from './templates';
import { IDLE_TIMER } from './workshop';

/** The document a new session starts from; written by the server as the log's first entry. */
export function seedBoard(
  doc: Y.Doc,
  title: string,
  templateId: TemplateId,
  now: number,
  cardLimit?: number,
): void {
  const template = TEMPLATES[templateId];
  doc.transact(() => {
    const meta = metaOf(doc);
    meta.set('title', title);
    meta.set('template', templateId);
    meta.set('createdAt', now);
    // -1 is the lobby: phones join while the projector shows the code.
    meta.set('phase', -1);
    if (cardLimit !== undefined) meta.set('cardLimit', cardLimit);
    meta.set('timer', IDLE_TIMER);
    meta.set('voting', {
      state: 'closed',
      perParticipant: template.votesPerParticipant,
      hideResults: true,
    });
    template.zones.forEach((zone, order) => {
      const map = new Y.Map<unknown>();
      map.set('titleKey', zone.titleKey);
      map.set('order', order);
      zonesOf(doc).set(zone.id, map);
    });
  });
}

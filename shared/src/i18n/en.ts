/**
 * The English catalogue is the source of truth for message keys; every other language must
 * provide the same keys (checked by the type of `Catalogue`). `{name}` marks a parameter.
 *
 * Plural messages: a key ending in `.other` makes its prefix a plural message (`PluralBase`), shown
 * with `plural()`. English gives `.one` and `.other`; every catalogue gives exactly the forms its
 * language uses (`PLURAL_CATEGORIES` in locales.ts), e.g. Arabic `.zero` … `.other`.
 */
export const en = {
  'app.name': 'Trellis',
  'app.tagline': 'A live board for workshops that build trust',
  'role.facilitator': 'Facilitator',
  'role.participant': 'Participant',
  'role.projector': 'Projector',
  'join.title': 'Join a session',
  'join.code': 'Session code',
  'join.name': 'Your name (optional)',
  'join.submit': 'Join',
  'join.joining': 'Joining…',
  'join.errors.not_found': 'No session has this code. Check it and try again.',
  'join.errors.gone': 'This session has ended.',
  'join.errors.rate_limited': 'Too many attempts. Wait a moment and try again.',
  'join.errors.bad_request': 'Enter the code shown on the screen.',
  'join.errors.network': 'Could not reach Trellis. Check your connection.',
  'join.organiserLink': 'Organising a workshop? Start a session',
  'board.composer.placeholder': 'Write a card…',
  'board.composer.add': 'Add card',
  'board.composer.anonymous': 'Post without my name',
  'board.status.sending': 'sending…',
  'board.status.saved': 'saved',
  'board.offline': 'Offline. Your cards are kept on this device and will sync when you reconnect.',
  'board.connecting': 'Connecting…',
  'board.empty': 'No cards yet.',
  'board.edit': 'Edit',
  'board.save': 'Save',
  'board.cancel': 'Cancel',
  'board.delete': 'Delete',
  'board.mine': 'Your card',
  'board.anonymous': 'Anonymous',
  'board.moveTo': 'Move to',
  'board.rejected': 'The server refused a change from this device. Reload the page to continue.',
  'board.badLink': 'This link is not valid any more. Ask the facilitator for a new one.',
  'board.ended': 'This session has ended.',
  'board.joinAgain': 'Join again',
  'zone.ideas': 'Ideas',
  'zone.questions': 'Questions',
  'zone.parkingLot': 'Parking lot',
  'zone.groundRules': 'Ground rules',
  'zone.statements': 'Trust statements',
  'zone.synthesis': 'Synthesis',
  'zone.commitments': 'Commitments',
  'zone.purpose': 'Clarify purpose',
  'zone.convene': 'Convene',
  'zone.trust': 'Cultivate trust',
  'zone.actions': 'Coordinate actions',
  'zone.generous': 'Collaborate generously',
  'phase.rules.title': 'Ground rules',
  'phase.rules.prompt': 'Read the ground rules together, then agree when you are ready.',
  'phase.statements.title': 'What trust means to me',
  'phase.statements.prompt':
    'What does trust mean to you? One idea per card. Only the facilitator sees your cards until they are revealed.',
  'phase.synthesis.title': 'Synthesis',
  'phase.synthesis.prompt':
    'We gather the statements into a few shared points. Vote for the ones that matter most to you.',
  'phase.commitment.title': 'My commitment',
  'phase.commitment.prompt':
    'What can I bring to another organisation that also betters me as a person and is easily realisable?',
  'phase.close.title': 'Closing',
  'phase.close.prompt': 'Thank you. We will look at these commitments again at the next meeting.',
  'phase.purpose.title': 'Clarify purpose',
  'phase.purpose.prompt': 'Why are we here? What do we want to change together?',
  'phase.convene.title': 'Convene',
  'phase.convene.prompt': 'Who should be at the table? Who is still missing?',
  'phase.trust.title': 'Cultivate trust',
  'phase.trust.prompt': 'What would help you trust the people here a little more?',
  'phase.actions.title': 'Coordinate actions',
  'phase.actions.prompt': 'What small, low-risk step could we take together first?',
  'phase.generous.title': 'Collaborate generously',
  'phase.generous.prompt': 'What can you offer others, without expecting anything in return?',
  'present.join': 'Join at {url}',
  'present.code': 'Code',
  'present.participants.one': '{count} participant',
  'present.participants.other': '{count} participants',
  'facilitate.title': 'Facilitator console',
  'facilitate.connected': 'Connected now',
  'facilitate.nobody': 'Nobody is connected yet.',
  'facilitate.openProjector': 'Open projector view',
  'facilitate.joinCode': 'Join code: {code}',
  'facilitate.addToZone': 'Add a card to {zone}',
  'facilitate.unnamed': 'Unnamed participant',
  'organise.title': 'Start a session',
  'organise.key': 'Organiser key',
  'organise.keyHelp': 'Printed in the server log on first start, or set as ORGANISER_KEY.',
  'organise.sessionTitle': 'Session title',
  'organise.create': 'Create session',
  'organise.creating': 'Creating…',
  'organise.created': 'Session created. Keep these links:',
  'organise.links.facilitator': 'Facilitator (keep private)',
  'organise.links.projector': 'Projector (show on the big screen)',
  'organise.links.participant': 'Participants join with code {code} at',
  'organise.errors.unauthorized': 'That organiser key is not right.',
  'organise.errors.bad_request': 'Give the session a title.',
  'organise.errors.network': 'Could not reach Trellis.',
  'common.copy': 'Copy',
  'common.copied': 'Copied',
  'common.notFound': 'Nothing here. Check the link.',
  'common.unexpected': 'Something went wrong. Try again in a moment.',
  'common.reload': 'Reload',
  'common.loading': 'Loading…',
  'common.language': 'Language',
} as const;

type EnglishKey = keyof typeof en;

/** Messages chosen by a count: every key `<base>.other` of the English catalogue. */
export type PluralBase = {
  [K in EnglishKey]: K extends `${infer Base}.other` ? Base : never;
}[EnglishKey];

/** The key of one form of a plural message, in any language. */
export type PluralFormKey = `${PluralBase}.${Intl.LDMLPluralRule}`;

/** A plain message: any English key that is not a plural form. */
export type MessageKey = Exclude<EnglishKey, PluralFormKey>;

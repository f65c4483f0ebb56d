/** What a card is. Shared by the board schema, the templates and the server's guards. */
export const CARD_KINDS = ['statement', 'synthesis', 'commitment', 'note'] as const;
export type CardKind = (typeof CARD_KINDS)[number];

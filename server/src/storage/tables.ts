/** Every table keyed by session, the ones that point at members first: what a purge deletes. */
export const SESSION_TABLES = [
  'commitment_links',
  'updates',
  'checkpoints',
  'client_ids',
  'private_cards',
  'votes',
  'card_owners',
  'snapshots',
  // A blocked name is personal data too.
  'bans',
  'members',
] as const;

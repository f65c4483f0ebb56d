/**
 * Member ids that name no member, kept where member ids are ([P2], [Y7]): the server's own writes,
 * and an erased member's clientIDs and cards. They stay bound, so nobody can write under them.
 */
export const SERVER_MEMBER = '@server';
export const ERASED_MEMBER = '@erased';

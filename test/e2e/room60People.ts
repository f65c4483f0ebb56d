import type { Locale } from '@trellis/shared';
import type { Commitment } from '../helpers/protocolPhone';

/**
 * Who is in the 60-person trust workshop (room60.test.ts) and what each of them writes: the
 * first ten hold phones in Chromium, the other fifty are protocol clients. A quarter join without
 * a name; each writes two statements (the first anonymous, as the trust template offers, the
 * second named) and a commitment (named unless they opt out, as one in ten does).
 */
export const PEOPLE_COUNT = 60;
export const BROWSER_PHONES = 10;

// prettier-ignore
const NAMES = [
  'Amira', 'Ben', 'Chloé', 'Dirk', 'Elif', 'Farid', 'Greet', 'Hanne', 'Ilias', 'Jasper',
  'Karima', 'Lotte', 'Mehdi', 'Nora', 'Omar', 'Pieter', 'Quentin', 'Rania', 'Sven', 'Tine',
  'Umut', 'Vera', 'Wout', 'Yasmina', 'Zeynep', 'Anouk', 'Bilal', 'Camille', 'Daan', 'Emma',
  'Fatima', 'Gilles', 'Hamza', 'Inès', 'Jonas', 'Kenza', 'Lucas', 'Marie', 'Nadia', 'Olivier',
  'Paula', 'Rachid', 'Sofie', 'Thomas', 'Yara',
];

// prettier-ignore
const ORGS = [
  'Brussels Care', 'Student Union', 'Refugee Desk', 'City Library', 'Food Bank Anderlecht',
  'Homework Club', 'Language Café', 'Youth Centre Nord', 'Neighbourhood Council', 'Sports Club Molenbeek',
  'Women’s House', 'Repair Café',
];

/** The synthesis points the facilitator draws, in the order they are made; theme i → point i. */
export const POINTS = [
  'Keep small promises, and say when you cannot',
  'Share decisions and credit',
  'Meet in person, often',
  'Open the books: money and mistakes',
];

/** Eight ways to say each theme; the fifth theme is what no point gathers. */
const PHRASES: readonly (readonly string[])[] = [
  [
    'Trust grows when we keep the small promises we make',
    'Saying "I cannot do it this week" builds more trust than silence',
    'A phone call returned the same day tells me I matter',
    'We deliver what we promised, even when it is small',
    'When a partner is late, I want to hear it from them first',
    'Reliability matters more than big plans',
    'Promises written down together are easier to keep',
    'Trust breaks when a meeting is cancelled without a word',
  ],
  [
    'Newcomers should sit at the table where decisions are made',
    'Credit for a project belongs to every organisation that worked on it',
    'Volunteers want a say, not only tasks',
    'Students bring ideas when someone asks for them',
    'Decisions taken without us feel like decisions against us',
    'Rotating the chair of the meeting spreads ownership',
    'Big organisations should listen before they lead',
    'We trust partners who name us in their reports',
  ],
  [
    'Coffee before the agenda makes the agenda work',
    'Visiting each other’s places teaches more than emails',
    'We trust people we have cooked with',
    'Meeting every month keeps the thread alive',
    'A shared lunch after the meeting is where the real talk happens',
    'Online meetings alone do not build trust',
    'Knowing faces makes it easier to ask for help',
    'Small events together create the first links',
  ],
  [
    'Being open about money removes suspicion',
    'Admitting a mistake early keeps the partnership healthy',
    'Funding rules should be explained to everyone',
    'Sharing what went wrong helps others avoid it',
    'Transparency about who decides on grants builds trust',
    'I trust partners who show their numbers',
    'Honest reports beat glossy ones',
    'Competition for the same grant damages trust',
  ],
  [
    'Language barriers make trust harder',
    'Trust takes time, and time is what we lack',
    'Some of us are tired of being consulted without results',
    'Young people need a first small responsibility',
    'Humour helps when things get tense',
    'Trust is personal before it is institutional',
    'We need a place to meet that belongs to nobody',
    'Past conflicts still weigh on the network',
  ],
];

// prettier-ignore
const PLACES = [
  'food bank', 'homework club', 'language café', 'city library', 'student union',
  'refugee desk', 'youth centre', 'neighbourhood council', 'care network', 'sports club',
];

// prettier-ignore
const ACTIONS = [
  'host a lunch for', 'offer two hours of homework help to', 'lend our meeting room to',
  'share our volunteer list with', 'translate a leaflet for', 'invite to our board meeting',
  'visit', 'co-write a small grant with', 'call every month', 'train the volunteers of',
  'share our van with', 'introduce our funder to',
];

// prettier-ignore
const STEPS = [
  'Call them on Monday', 'Send an email this week', 'Book the room', 'Ask our board',
  'Draft a plan with Sam', 'Meet over coffee', 'Put a date in the diary',
];

const BY = ['2026-12-15', 'End of January', '2027-01-10', 'Before the next meeting'];

const LOCALES: readonly Locale[] = ['en', 'en', 'fr', 'nl', 'ar', 'en', 'fr', 'en', 'nl', 'en'];

export interface Statement {
  text: string;
  anonymous: boolean;
  /** The point (index in POINTS) it belongs under, or none. */
  theme: number | undefined;
}

export interface Person {
  index: number;
  /** Absent: joined without a name. */
  name: string | undefined;
  locale: Locale;
  statements: [Statement, Statement];
  commitment: Commitment;
  /** Opts out of the name on the commitment. */
  anonymousCommitment: boolean;
}

/** The n-th statement of the room: five themes in turn, each phrase with the place it comes from. */
function statement(n: number): Statement {
  const theme = n % PHRASES.length;
  const k = Math.floor(n / PHRASES.length);
  return {
    text: `${PHRASES[theme]![k % 8]} (${PLACES[k % PLACES.length]})`,
    anonymous: n % 2 === 0,
    theme: theme < POINTS.length ? theme : undefined,
  };
}

function person(index: number): Person {
  const named = index % 4 !== 3;
  const namedBefore = index - Math.floor((index + 1) / 4);
  const to = ORGS[(index + 1 + Math.floor(index / ORGS.length)) % ORGS.length]!;
  return {
    index,
    name: named ? NAMES[namedBefore] : undefined,
    locale: index < BROWSER_PHONES ? LOCALES[index]! : 'en',
    statements: [statement(2 * index), statement(2 * index + 1)],
    commitment: {
      text: `I will ${ACTIONS[index % ACTIONS.length]} ${to}`,
      authorOrg: ORGS[index % ORGS.length]!,
      org: to,
      step: STEPS[index % STEPS.length]!,
      by: BY[index % BY.length]!,
    },
    anonymousCommitment: index % 10 === 9,
  };
}

export const PEOPLE: readonly Person[] = Array.from({ length: PEOPLE_COUNT }, (_, i) => person(i));

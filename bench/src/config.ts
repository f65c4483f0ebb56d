/**
 * Scale of every scenario. `full` is what README's table comes from and fits the issue's
 * 15-minute budget on a 2-core machine; `quick` is a smoke run for development
 * (`npm run bench -- --quick`). Where full is smaller than the issue asks, the report says so.
 */
export interface Scale {
  name: 'full' | 'quick';
  fanout: {
    /** Passes over the servers, alternating direction: 2 = A B C D D C B A. Fan-out gets a
     * third (… A B C D): its p99 is the headline and a median of 3 shrugs off one bad run. */
    passes: number;
    receivers: number[];
    writers: number;
    writeHz: number;
    probes: number;
    /** Most sink connections one load process holds. */
    sinksPerProcess: number;
    durationMs: number;
    warmupMs: number;
  };
  rooms: {
    passes: number;
    rooms: number;
    perRoom: number;
    writersPerRoom: number;
    writeHz: number;
    probeRooms: number;
    connsPerProcess: number;
    durationMs: number;
    warmupMs: number;
  };
  durability: {
    pacedWriters: number;
    pacedHz: number;
    pacedMs: number;
    /** Saturation: Trellis allows 120 messages/s per connection and 4,000/s per session. */
    blastWriters: number;
    blastHz: number;
    totalUpdates: number;
    cards: number;
    window: number;
  };
  coldJoin: { joins: number };
  /** Several nodes on one PostgreSQL (scenarios/fleet.ts); receipt → durable uses `durability`'s
   * paced load. */
  fleet: {
    /** Alternations of 1 node and `nodes` nodes under the many-rooms load. */
    passes: number;
    nodes: number;
    rooms: Scale['rooms'];
    /** One room on node A: writers there, probes on A and probes through another node. */
    forward: { writers: number; writeHz: number; probes: number; durationMs: number };
    /** kill -9 of a session's owner, once per lease (LEASE_MS). */
    takeover: { leases: number[]; writers: number; writeHz: number; typeMs: number };
  };
  guard: { cards: number; updates: number };
  replay: { updates: number; cards: number; seeks: number };
  phone: { runs: number };
  /** The 300-phone workshop (scenarios/workshop.ts); windows compress the real minutes. */
  workshop: {
    phones: number;
    /** Phones per load process: the machine's cores are shared with the server. */
    phonesPerProcess: number;
    joinWindowMs: number;
    agreeWindowMs: number;
    cardsEach: number;
    /** The 2 minutes of writing, compressed. */
    writeWindowMs: number;
    /** Synthesis points the facilitator makes, and statements grouped under them. */
    points: number;
    grouped: number;
    votesEach: number;
    voteWindowMs: number;
    commitWindowMs: number;
    /** After each phase's work, what it set off still counts towards it. */
    settleMs: number;
  };
}

const FULL_ROOMS: Scale['rooms'] = {
  passes: 2,
  rooms: 100,
  perRoom: 30,
  writersPerRoom: 2,
  writeHz: 3,
  probeRooms: 10,
  connsPerProcess: 1000,
  durationMs: 10_000,
  warmupMs: 2_000,
};

export const FULL: Scale = {
  name: 'full',
  fanout: {
    passes: 3,
    receivers: [100, 200, 500],
    writers: 5,
    writeHz: 20,
    probes: 10,
    sinksPerProcess: 250,
    durationMs: 10_000,
    warmupMs: 2_000,
  },
  rooms: FULL_ROOMS,
  durability: {
    pacedWriters: 20,
    pacedHz: 25,
    pacedMs: 10_000,
    // 30 × 100/s = 3,000/s: 75% of the session limit, each writer at 83% of its own; 30 writers
    // × 66 cards + the 20 paced writers' cards = exactly 2,000 cards.
    blastWriters: 30,
    blastHz: 100,
    totalUpdates: 50_000,
    cards: 2_000,
    window: 64,
  },
  coldJoin: { joins: 5 },
  fleet: {
    passes: 2,
    nodes: 3,
    rooms: { ...FULL_ROOMS, passes: 1 },
    forward: { writers: 5, writeHz: 20, probes: 5, durationMs: 10_000 },
    // The default lease, and a short one.
    takeover: { leases: [10_000, 3_000], writers: 5, writeHz: 10, typeMs: 2_000 },
  },
  guard: { cards: 2_000, updates: 20_000 },
  replay: { updates: 100_000, cards: 2_000, seeks: 30 },
  phone: { runs: 5 },
  workshop: {
    phones: 300,
    phonesPerProcess: 150,
    joinWindowMs: 30_000,
    agreeWindowMs: 20_000,
    cardsEach: 2,
    writeWindowMs: 30_000,
    points: 20,
    grouped: 200,
    votesEach: 3,
    voteWindowMs: 60_000,
    commitWindowMs: 30_000,
    settleMs: 1000,
  },
};

/** The workshop with 1/`k` of the phones and points, and every window `k` times shorter. */
function smaller(w: Scale['workshop'], k: number): Scale['workshop'] {
  const by = (n: number): number => Math.round(n / k);
  return {
    ...w,
    phones: by(w.phones),
    points: by(w.points),
    grouped: by(w.grouped),
    joinWindowMs: by(w.joinWindowMs),
    agreeWindowMs: by(w.agreeWindowMs),
    writeWindowMs: by(w.writeWindowMs),
    voteWindowMs: by(w.voteWindowMs),
    commitWindowMs: by(w.commitWindowMs),
  };
}

export const QUICK: Scale = {
  name: 'quick',
  fanout: {
    ...FULL.fanout,
    passes: 1,
    receivers: [50],
    probes: 5,
    durationMs: 3_000,
    warmupMs: 1_000,
  },
  rooms: {
    ...FULL.rooms,
    passes: 1,
    rooms: 10,
    perRoom: 10,
    probeRooms: 3,
    durationMs: 3_000,
    warmupMs: 1_000,
  },
  durability: {
    ...FULL.durability,
    pacedWriters: 5,
    pacedMs: 3_000,
    blastWriters: 10,
    totalUpdates: 5_000,
    cards: 200,
  },
  coldJoin: { joins: 2 },
  fleet: {
    ...FULL.fleet,
    passes: 1,
    rooms: {
      ...FULL.fleet.rooms,
      rooms: 12,
      perRoom: 10,
      probeRooms: 6,
      durationMs: 3_000,
      warmupMs: 1_000,
    },
    forward: { ...FULL.fleet.forward, durationMs: 3_000 },
    takeover: { ...FULL.fleet.takeover, typeMs: 1_000 },
  },
  guard: { cards: 200, updates: 2_000 },
  replay: { updates: 10_000, cards: 200, seeks: 10 },
  phone: { runs: 1 },
  // A fifth of the room, every window a fifth as long.
  workshop: smaller(FULL.workshop, 5),
};

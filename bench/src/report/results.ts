import type { ReplayResult } from '../scenarios/replay';
import type { Scale } from '../config';
import type { ServerKind } from '../servers';
import type { JoinStats } from '../scenarios/coldjoin';
import type { DurabilityResult } from '../scenarios/durability';
import type { FanoutRun } from '../scenarios/fanout';
import type { FleetResult } from '../scenarios/fleet';
import type { GuardResult } from '../scenarios/guard';
import type { PhoneResult } from '../scenarios/phone';
import type { RoomsRun } from '../scenarios/rooms';
import type { WorkshopResult } from '../scenarios/workshop';

/** A scenario that failed is reported, not fatal: the other numbers are still worth having. */
export type Outcome<T> = T | { error: string };

export const failed = <T>(o: Outcome<T> | undefined): o is { error: string } =>
  !!o && typeof o === 'object' && 'error' in o;

export interface PerServer<T> {
  /** median over the runs of each server */
  median: Partial<Record<ServerKind, T>>;
  runs: Partial<Record<ServerKind, T[]>>;
}

export interface BenchResults {
  date: string;
  mode: Scale['name'];
  machine: { cpu: string; cores: number; memGb: number; os: string };
  node: string;
  /** the Trellis commit measured (`+ uncommitted changes` when the working tree differed) */
  revision: string;
  versions: Record<string, string>;
  scale: Scale;
  durationS: number;
  fanout?: Record<string, Outcome<PerServer<FanoutRun>>>;
  rooms?: Outcome<PerServer<RoomsRun>>;
  durability?: Outcome<DurabilityResult>;
  coldJoin?: Outcome<{
    trellisCold: JoinStats;
    trellisWarm: JoinStats;
    peers: Partial<Record<ServerKind, JoinStats>>;
  }>;
  guard?: Outcome<GuardResult>;
  replay?: Outcome<ReplayResult>;
  phone?: Outcome<PhoneResult>;
  workshop?: Outcome<WorkshopResult>;
  fleet?: Outcome<FleetResult>;
  targets: TargetRow[];
}

export interface TargetRow {
  what: string;
  target: string;
  measured: string;
  met: boolean | undefined;
}

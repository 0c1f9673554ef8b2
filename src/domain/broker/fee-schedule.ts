/**
 * The venues' fee schedules as the sim charges them (connex-api.md §4.9 userFeeRate): per venue and business
 * type, the syms grouped by the maker and taker rates they pay (groups A, B, C… in the order the venue lists
 * its syms), read off the instruments the fills are priced with, so the schedule shows what is charged.
 */
import type { Instrument } from '../instrument.ts';
import type { BusinessType, VenueName } from '../market.ts';
import type { Rate } from '../money.ts';
import { markedUp, type Markup } from './markup.ts';

/** The venues here have one fee tier, whatever an account trades or holds. */
export const FEE_LEVEL = 'T1';

export interface FeeGroup {
  groupName: string;
  makerFee: Rate;
  takerFee: Rate;
  syms: string[];
}

export interface FeeSchedule {
  venue: VenueName;
  business: BusinessType;
  groups: FeeGroup[];
}

export function feeSchedules(instruments: Iterable<Instrument>): FeeSchedule[] {
  const schedules = new Map<string, FeeSchedule>();
  for (const instrument of instruments) {
    const key = `${instrument.venue}_${instrument.business}`;
    let schedule = schedules.get(key);
    if (!schedule) schedules.set(key, (schedule = { venue: instrument.venue, business: instrument.business, groups: [] }));
    let group = schedule.groups.find((g) => g.makerFee === instrument.makerFeeRate && g.takerFee === instrument.takerFeeRate);
    if (!group) schedule.groups.push((group = { groupName: groupName(schedule.groups.length), makerFee: instrument.makerFeeRate, takerFee: instrument.takerFeeRate, syms: [] }));
    group.syms.push(instrument.sym);
  }
  return [...schedules.values()];
}

function groupName(index: number): string {
  return String.fromCharCode('A'.charCodeAt(0) + index);
}

/** The schedule a portfolio paying the mark-ups pays. */
export function markedUpSchedule(schedule: FeeSchedule, taker: Markup | null, maker: Markup | null): FeeSchedule {
  return { ...schedule, groups: schedule.groups.map((g) => ({ ...g, makerFee: markedUp(g.makerFee, maker), takerFee: markedUp(g.takerFee, taker) })) };
}

/** What a venue's refusal means to the client: the catalogue code a syncMode answer carries (E2). */
import type { CatalogueCode } from '../../catalogue/index.ts';
import { FAULT_REJECTS, type VenueReport } from '../../venues/index.ts';

export type RejectReason = Extract<VenueReport, { kind: 'rejected' | 'amendRejected' }>['reason'];

const CODES: Record<RejectReason, CatalogueCode> = {
  POST_ONLY_WOULD_CROSS: 401052,
  NOT_ON_BOOK: 401072,
  NO_LIQUIDITY: 400010,
  RISK_CONTROL: 401111,
  ...FAULT_REJECTS,
};

export function rejectionCode(reason: RejectReason): CatalogueCode {
  return CODES[reason];
}

import { Type, type Static } from '@sinclair/typebox';
import { formatFixed } from '../domain/money.ts';
import { STATEMENT_TYPES, type Statement } from '../domain/accounts/index.ts';
import { BUSINESS_TYPES, VENUES } from '../domain/market.ts';
import { PortfolioIdNumber, portfolioIdNumber } from './portfolio.ts';
import { Decimal, MsNumber, StringEnum, Strict } from './schema.ts';

export const StatementRowSchema = Strict(
  {
    portfolioId: PortfolioIdNumber,
    requestId: Type.String(),
    statementId: Type.String(),
    coin: Type.String({ examples: ['USDT'] }),
    sym: Type.String({ description: 'Empty for a change without an instrument (a transfer, a deposit).' }),
    // The endpoint serves these types only; the row type keeps the engine's wider text.
    statementType: Type.Unsafe<string>({ type: 'string', enum: [...STATEMENT_TYPES] }),
    exchangeType: StringEnum(VENUES),
    businessType: StringEnum(['', ...BUSINESS_TYPES] as const),
    beforeAvailable: Decimal(),
    afterAvailable: Decimal(),
    beforeOverdraw: Decimal(),
    afterOverdraw: Decimal(),
    beforeBorrow: Decimal(),
    afterBorrow: Decimal(),
    deltaAmount: Decimal({ description: 'Δavailable − Δoverdraw − Δborrow.' }),
    createAt: MsNumber(),
  },
  { title: 'Statement row' },
);

/** A statement row (connex-api.md §4.7): portfolioId and createAt are JSON numbers (Long). */
export function statementRow(statement: Statement): Static<typeof StatementRowSchema> {
  return {
    portfolioId: portfolioIdNumber(statement.portfolioId),
    requestId: statement.requestId,
    statementId: statement.statementId,
    coin: statement.coin,
    sym: statement.sym,
    statementType: statement.statementType,
    exchangeType: statement.venue,
    businessType: statement.business,
    beforeAvailable: formatFixed(statement.beforeAvailable),
    afterAvailable: formatFixed(statement.afterAvailable),
    beforeOverdraw: formatFixed(statement.beforeOverdraw),
    afterOverdraw: formatFixed(statement.afterOverdraw),
    beforeBorrow: formatFixed(statement.beforeBorrow),
    afterBorrow: formatFixed(statement.afterBorrow),
    deltaAmount: formatFixed(statement.deltaAmount),
    createAt: statement.createAt,
  };
}

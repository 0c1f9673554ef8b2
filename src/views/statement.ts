import { formatFixed } from '../domain/money.ts';
import type { Statement } from '../domain/accounts/index.ts';
import { portfolioIdNumber } from './portfolio.ts';

/** A statement row (connex-api.md §4.7): portfolioId and createAt are JSON numbers (Long). */
export function statementRow(statement: Statement) {
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

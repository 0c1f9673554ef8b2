export { LOAN_TERMS_DATE, loanTerms, loanTermsOf, loanTierOf, marginLiquidationFeeRate, maxMarginLeverage, tierCap, type LoanTerms, type LoanTier } from './loan-terms.ts';
export { LOAN_ONLY_STATEMENT_TYPES, LOAN_ORDER_TYPES, LOAN_STATEMENT_TYPES, loanStatementTypeOf, type LoanOrderType, type LoanStatementType } from './loan-records.ts';

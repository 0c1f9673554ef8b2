export { LOAN_TERMS_DATE, loanTerms, loanTermsOf, loanTierOf, maxMarginLeverage, tierCap, type LoanTerms, type LoanTier } from './loan-terms.ts';

import { Type, type Static } from '@sinclair/typebox';
import { type ApiKey, KEY_FROZEN, KEY_NORMAL, MAIN_PORTFOLIO, PERMISSIONS, type Portfolio, TRADING_PORTFOLIO } from '../domain/identity/index.ts';
import { IntegerEnum, MsNumber, Strict } from './schema.ts';

/** A portfolio id as a JSON number (§1.5). */
export const PortfolioIdNumber = Type.Integer({ minimum: 0, examples: [1732406400000000] });

export const PortfolioRowSchema = Strict(
  {
    portfolioId: PortfolioIdNumber,
    name: Type.String({ examples: ['MainPortfolio'] }),
    belongingTo: IntegerEnum([MAIN_PORTFOLIO, TRADING_PORTFOLIO], { description: `${MAIN_PORTFOLIO}: the MainPortfolio, ${TRADING_PORTFOLIO}: a trading portfolio.` }),
    createAt: MsNumber(),
    updateAt: MsNumber(),
  },
  { title: 'Portfolio' },
);

export const ApiKeyRowSchema = Strict(
  {
    portfolioId: PortfolioIdNumber,
    apiName: Type.String(),
    accessKey: Type.String({ pattern: '^[0-9a-f]{64}$' }),
    status: IntegerEnum([KEY_NORMAL, KEY_FROZEN], { description: `${KEY_NORMAL}: normal, ${KEY_FROZEN}: frozen.` }),
    ip: Type.String({ description: 'The IP whitelist, comma-separated (empty: any address).' }),
    permission: Type.String({ description: `Of ${PERMISSIONS.join(', ')}.`, examples: ['READ,TRADE'] }),
    createdAt: MsNumber(),
    updatedAt: MsNumber(),
  },
  { title: 'API key' },
);

/** Portfolio ids are JSON numbers in portfolio and API-key objects (§1.5); 16 digits fit exactly. */
export function portfolioIdNumber(portfolioId: string): number {
  return Number(portfolioId);
}

export function portfolioRow(portfolio: Portfolio): Static<typeof PortfolioRowSchema> {
  return {
    portfolioId: portfolioIdNumber(portfolio.portfolioId),
    name: portfolio.name,
    belongingTo: portfolio.belongingTo,
    createAt: portfolio.createAt,
    updateAt: portfolio.updateAt,
  };
}

export function apiKeyRow(key: ApiKey, permissionSeparator = ','): Static<typeof ApiKeyRowSchema> {
  return {
    portfolioId: portfolioIdNumber(key.portfolioId),
    apiName: key.apiName,
    accessKey: key.accessKey,
    status: key.status,
    ip: key.ips.join(','),
    permission: PERMISSIONS.filter((p) => key.permissions.includes(p)).join(permissionSeparator),
    createdAt: key.createdAt,
    updatedAt: key.updatedAt,
  };
}

import { type ApiKey, PERMISSIONS, type Portfolio } from '../domain/identity/index.ts';

/** Portfolio ids are JSON numbers in portfolio and API-key objects (§1.5); 16 digits fit exactly. */
export function portfolioIdNumber(portfolioId: string): number {
  return Number(portfolioId);
}

export function portfolioRow(portfolio: Portfolio) {
  return {
    portfolioId: portfolioIdNumber(portfolio.portfolioId),
    name: portfolio.name,
    belongingTo: portfolio.belongingTo,
    createAt: portfolio.createAt,
    updateAt: portfolio.updateAt,
  };
}

export function apiKeyRow(key: ApiKey, permissionSeparator = ',') {
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

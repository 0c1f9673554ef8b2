import { ApiError } from '../../catalogue/index.ts';
import { MAIN_PORTFOLIO, newPortfolio, type SealedSecret, type User, type UserStatus } from '../../domain/identity/index.ts';
import type { CommandContext } from '../core/context.ts';
import { insertApiKey } from './api-keys.ts';

export interface CreateUser {
  name: string;
  primaryKey: { accessKey: string; secret: SealedSecret };
}

export interface SetUserStatus {
  userId: string;
  status: UserStatus;
}

const USER_NAME = /^[\w .@-]{1,64}$/;

export const userHandlers = {
  /** An institution with its MainPortfolio and a primary key holding every permission. */
  createUser(ctx: CommandContext, cmd: CreateUser): { user: User } {
    if (!USER_NAME.test(cmd.name)) throw new ApiError(400000);
    if (ctx.state.apiKeys.has(cmd.primaryKey.accessKey)) throw new ApiError(400008);
    const userId = ctx.newId();
    const mainPortfolioId = ctx.newId();
    const user: User = { userId, name: cmd.name, status: 'NORMAL', mainPortfolioId, createAt: ctx.ts, updateAt: ctx.ts };
    ctx.state.users.set(userId, user);
    ctx.state.portfolios.set(mainPortfolioId, newPortfolio({ portfolioId: mainPortfolioId, userId, name: 'Main Portfolio', belongingTo: MAIN_PORTFOLIO, ts: ctx.ts }));
    insertApiKey(ctx, {
      accessKey: cmd.primaryKey.accessKey,
      secret: cmd.primaryKey.secret,
      userId,
      portfolioId: mainPortfolioId,
      apiName: 'primary',
      ips: [],
      permissions: ['READ', 'TRADE', 'TRANSFER', 'WITHDRAW'],
      primary: true,
    });
    ctx.emit({ type: 'userChanged', userId, change: 'created' });
    ctx.emit({ type: 'portfolioCreated', portfolioId: mainPortfolioId, userId, name: 'Main Portfolio', belongingTo: MAIN_PORTFOLIO });
    return { user };
  },

  setUserStatus(ctx: CommandContext, cmd: SetUserStatus): { user: User } {
    const user = ctx.state.users.get(cmd.userId);
    if (!user) throw new ApiError(100001);
    user.status = cmd.status;
    user.updateAt = ctx.ts;
    ctx.emit({ type: 'userChanged', userId: user.userId, change: cmd.status === 'DISABLED' ? 'disabled' : 'enabled' });
    return { user };
  },
};

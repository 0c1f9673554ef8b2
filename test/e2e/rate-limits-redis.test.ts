import { limitSuite, REDIS_URL, redisReachable } from '../support/rate-limits.ts';

limitSuite('redis', !(await redisReachable()) && `no Redis at ${REDIS_URL}`);

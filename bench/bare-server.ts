/**
 * The yardstick for bench/auth.ts: a bare node:http server that answers the same request with the same
 * kind of envelope, doing no parsing, auth or limits. Prints "openconnex listening on <url>" like main.ts.
 */
import { createServer } from 'node:http';

const body = JSON.stringify({
  code: 200000,
  message: 'Success',
  data: { page: 1, pageSize: 100, pageNum: 1, totalSize: 1, list: [{ portfolioId: 1732406400000000, name: 'Main Portfolio', belongingTo: 0, createAt: 1732406400000, updateAt: 1732406400000 }] },
});

const server = createServer((request, response) => {
  request.resume();
  request.on('end', () => response.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) }).end(body));
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address && typeof address === 'object') console.log(`openconnex listening on http://127.0.0.1:${address.port}`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));

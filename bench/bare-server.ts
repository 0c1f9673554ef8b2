/** The yardstick: a bare node:http server answering every request with a fixed envelope body. */
import { createServer } from 'node:http';

const body = process.argv[2] ?? '{"code":200000,"message":"Success","data":{}}';
const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address && typeof address === 'object') console.log(`listening on http://127.0.0.1:${address.port}`);
});

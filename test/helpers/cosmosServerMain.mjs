// @vercel/cosmosdb-server as its own process, for tests and benches where several bot processes
// share it: in the test runner's process it would compete with the driver and the local
// connector for one event loop (and distort when the connector sees requests arrive).
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { createHttpServer } = require('@vercel/cosmosdb-server');

const server = createHttpServer({ keepAlive: true });
// Node closes idle keep-alive sockets after 5 s; a client reusing one just then gets ECONNRESET or
// "socket hang up", which @azure/cosmos retries for reads but not for writes. A loaded machine
// widens that race. Cosmos DB's gateway keeps idle connections far longer: do the same.
server.keepAliveTimeout = 10 * 60_000;
server.headersTimeout = 10 * 60_000 + 1_000;
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  process.stdout.write(`cosmos-compatible server listening on ${server.address().port}\n`);
});
process.on('SIGTERM', () => process.exit(0));

// @vercel/cosmosdb-server as its own process, for tests and benches where several bot processes
// share it: in the test runner's process it would compete with the driver and the local
// connector for one event loop (and distort when the connector sees requests arrive).
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { createHttpServer } = require('@vercel/cosmosdb-server');

const server = createHttpServer({ keepAlive: true });
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  process.stdout.write(`cosmos-compatible server listening on ${server.address().port}\n`);
});
process.on('SIGTERM', () => process.exit(0));

/**
 * `npm run bench [-- <case>]`: benchmarks, not tests. Cases:
 *   (none) | turns   the help desk against a bare echo bot, start-up, memory, retrieval, ticket history
 *   retrieval        retrieval alone
 *   scale            1, 2 and 3 instances on the Cosmos-compatible server (bench/scale.ts)
 *   reminders        a 10,000-person campaign over 50 tenants to the limits connector (bench/reminders.ts)
 */
import { benchTurns } from './turns';

const CASES: Record<string, () => Promise<void>> = {
  turns: benchTurns,
  scale: async () => (await import('./scale')).benchScale(),
  reminders: async () => (await import('./reminders')).benchReminders(),
  retrieval: async () => {
    const { benchRetrieval, formatRetrievalBench } = await import('./retrieval');
    process.stdout.write(`${formatRetrievalBench(await benchRetrieval())}\n`);
  },
};

const name = process.argv[2] ?? 'turns';
const run = CASES[name];
if (!run) {
  process.stderr.write(`unknown bench "${name}"; one of: ${Object.keys(CASES).join(', ')}\n`);
  process.exit(2);
}
run().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`bench failed: ${(err as Error).stack}\n`);
    process.exit(1);
  },
);

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
    const { benchRetrieval } = await import('./retrieval');
    const r = await benchRetrieval();
    process.stdout.write(
      `retrieval: ${r.questionsPerSecond.toFixed(0)} questions/s, p50 ${r.p50Ms.toFixed(3)} ms, p99 ${r.p99Ms.toFixed(3)} ms, index build ${r.startupMs} ms\n`,
    );
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

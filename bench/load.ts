/** The load generator: customers' 1:1 conversations posted to /api/messages, `concurrency` at a time. */
import { performance } from 'node:perf_hooks';

export const PARTNER = '11111111-1111-4111-8111-111111111111';
export const CUSTOMER = '22222222-2222-4222-8222-222222222222';

/** Questions customers ask, in both languages; the same for every bot and round. */
export const QUESTIONS = [
  'When is my invoice due?',
  'faturami nasil odeyebilirim',
  'Why was I charged twice for Azure?',
  'hesabım askıya alındı',
  'what are your support hours',
  'kredi kartı ile ödeme yapabilir miyim',
];

/**
 * The question of conversation `c` at its turn `i`: a conversation keeps one language, as a
 * customer does (even conversations English, odd ones Turkish), and goes round its three
 * questions; all six are asked equally often.
 */
export function question(c: number, i: number): string {
  return QUESTIONS[2 * ((c + i) % 3) + (c % 2)];
}

export interface Round {
  turns: number;
  seconds: number;
  p50: number;
  p99: number;
  max: number;
  /** Requests that took over 5 s (Teams gives a turn 15 s; we aim for a third of that). */
  over5s: number;
  /** Server CPU ms per turn, from /proc of the server process. */
  cpuPerTurn: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export interface DriveOptions {
  url: string;
  serviceUrl: string;
  concurrency: number;
  turnsPerConversation: number;
  /** Distinguishes conversations between rounds so each round starts fresh ones. */
  tag: string;
  text: (conversation: number, turn: number) => string;
  cpuMs: () => number;
  tenantId?: string;
}

/** Runs `concurrency` conversations side by side, each `turnsPerConversation` turns in a row. */
export async function drive(o: DriveOptions): Promise<Round> {
  const tenantId = o.tenantId ?? CUSTOMER;
  const latencies: number[] = [];
  const cpu0 = o.cpuMs();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: o.concurrency }, async (_, c) => {
      for (let i = 0; i < o.turnsPerConversation; i++) {
        const body = JSON.stringify({
          type: 'message',
          id: `${o.tag}-${c}-${i}`,
          timestamp: new Date().toISOString(),
          channelId: 'msteams',
          serviceUrl: o.serviceUrl,
          locale: c % 2 ? 'tr-TR' : 'en-US',
          text: o.text(c, i),
          from: { id: `29:user-${c}`, aadObjectId: `00000000-0000-4000-8000-${String(c).padStart(12, '0')}`, name: `User ${c}` },
          recipient: { id: '28:bot', name: 'Billing Help Desk' },
          conversation: { id: `a:${o.tag}-${c}`, conversationType: 'personal', tenantId },
          channelData: { tenant: { id: tenantId } },
        });
        const t0 = performance.now();
        const res = await fetch(`${o.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
        await res.arrayBuffer();
        if (res.status >= 300) throw new Error(`HTTP ${res.status} from ${o.url}`);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const cpu = o.cpuMs() - cpu0;
  latencies.sort((a, b) => a - b);
  return {
    turns: latencies.length,
    seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: latencies[latencies.length - 1],
    over5s: latencies.filter((ms) => ms > 5_000).length,
    cpuPerTurn: cpu / latencies.length,
  };
}

/** Median and range of a figure over rounds. */
export interface Spread {
  median: number;
  min: number;
  max: number;
}

export function spread(values: number[]): Spread {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return { median: s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2, min: s[0], max: s[s.length - 1] };
}

export function fmt(s: Spread, digits = 1): string {
  return `${s.median.toFixed(digits)} [${s.min.toFixed(digits)}–${s.max.toFixed(digits)}]`;
}

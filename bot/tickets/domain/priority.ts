/**
 * Priority rules, as the support terms define them: high when the service is down or the
 * customer cannot pay or reach a subscription (suspended customer, suspension topics, urgent
 * words); low for informational topics; normal for everything else that blocks some work.
 */
import type { CustomerStatus } from '../../customers/directory';
import type { Priority } from '../../knowledge/terms';
import { foldText } from '../../platform/text';
// The words are language data (English and Turkish together: customers type either), so they
// live in a data file. Entries are folded text; a trailing * lets the last word go on
// ("erisemiyor*" matches "erisemiyorum"); "cannot" × "cannotWhat" are the two-word phrases.
import WORDS from './priorityWords.json';

export interface PriorityInput {
  customerStatus?: CustomerStatus | null;
  section?: string | null;
  topic?: string | null;
  question: string;
}

const HIGH_SECTIONS: readonly string[] = ['suspension', 'reactivation'];
const LOW_SECTIONS: readonly string[] = [
  'billing-relationship',
  'support-hours',
  'contact-methods',
  'support-pricing',
  'response-times',
  'tax',
  'non-csp-customers',
];

/** Whole-word phrases (folded) as one regular expression; `*` at the end lets the word go on. */
function phraseMatcher(phrases: readonly string[]): RegExp {
  const alternatives = phrases.map((p) => {
    const open = p.endsWith('*');
    const body = (open ? p.slice(0, -1) : p).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    return open ? `${body}\\w*` : body;
  });
  return new RegExp(`\\b(?:${alternatives.join('|')})\\b`);
}

/** "Service is down, or I cannot pay or reach my subscription" (folded, en and tr). */
const URGENT = phraseMatcher([...WORDS.urgent, ...WORDS.cannot.flatMap((c) => WORDS.cannotWhat.map((w) => `${c} ${w}`))]);

/** The priority of a new ticket (and of the offer that promises an answer time). */
export function priorityFor(input: PriorityInput): Priority {
  const text = foldText(`${input.topic ?? ''} ${input.question}`);
  if (input.customerStatus === 'suspended') return 'high';
  if (input.section && HIGH_SECTIONS.includes(input.section)) return 'high';
  if (input.topic) {
    const topic = foldText(input.topic);
    if (WORDS.highTopicStems.some((stem) => topic.includes(stem))) return 'high';
  }
  if (URGENT.test(text)) return 'high';
  if (input.customerStatus === 'overdue') return 'normal';
  if (input.section && LOW_SECTIONS.includes(input.section)) return 'low';
  return 'normal';
}

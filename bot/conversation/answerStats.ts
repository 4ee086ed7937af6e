/**
 * What the admins' dashboard reads about answers: each answer shown (its support-terms section) and
 * each customer's helpful / not-helpful verdict on it. Both live in the `feedback` collection in the
 * customer's tenant partition; the dashboard only ever reads them as counts per section, so no
 * tenant or person leaves this module. Field names and ids are the stored format: keep them.
 */
import { SectionId } from '../knowledge/terms';
import { Store } from '../platform/store/types';

/** One answer card shown to a customer. No text, no person: the section and when. */
export interface AnswerShownDoc {
  kind: 'answer';
  section: SectionId;
  at: string;
}

/** A customer's verdict on one answer message (the latest click counts). */
export interface FeedbackDoc {
  tenantId: string;
  userKey: string;
  section: SectionId;
  helpful: boolean;
  at: string;
}

/** Per section since a time: answers shown, and verdicts given (the reads are bounded by `limit`). */
export interface SectionStats {
  bySection: Map<SectionId, { answers: number; helpful: number; notHelpful: number }>;
  /** A read reached its limit while still inside the window: the counts are lower bounds. */
  capped: boolean;
}

export interface AnswerStats {
  /** Notes that an answer was shown; the same message again (a redelivery) is one. */
  shown(who: { tenantId: string; userKey: string }, messageId: string, section: SectionId, at: Date): Promise<void>;
  /**
   * Records a verdict once per answer message. Returns false when the same verdict was already
   * recorded for it: a click retried by Teams (maybe with a new activity id) changes nothing.
   */
  feedback(who: { tenantId: string; userKey: string }, messageId: string, section: SectionId, helpful: boolean, at: Date): Promise<boolean>;
  /** Counts per section of answers and verdicts at or after `since`, reading at most `limit` documents of each kind. */
  since(since: Date, limit: number): Promise<SectionStats>;
}

export function answerStats(store: Store): AnswerStats {
  const answers = store.collection<AnswerShownDoc>('feedback');
  const verdicts = store.collection<FeedbackDoc>('feedback');
  return {
    async shown(who, messageId, section, at) {
      await answers.upsert(who.tenantId, `answer:${who.userKey}:${messageId}`, { kind: 'answer', section, at: at.toISOString() });
    },
    async feedback(who, messageId, section, helpful, at) {
      const id = `${who.userKey}:${messageId}`;
      if ((await verdicts.get(who.tenantId, id))?.value.helpful === helpful) return false;
      await verdicts.upsert(who.tenantId, id, { tenantId: who.tenantId, userKey: who.userKey, section, helpful, at: at.toISOString() });
      return true;
    },
    async since(since, limit) {
      const from = since.toISOString();
      // Newest first, so the window is a prefix: the query reads no further back than `limit`.
      const [shown, given] = await Promise.all([
        answers.find(undefined, { where: { kind: 'answer' }, orderBy: { field: 'at', desc: true }, limit }),
        verdicts.find(undefined, { whereIn: { field: 'helpful', values: [true, false] }, orderBy: { field: 'at', desc: true }, limit }),
      ]);
      const bySection: SectionStats['bySection'] = new Map();
      const of = (s: SectionId) => bySection.get(s) ?? bySection.set(s, { answers: 0, helpful: 0, notHelpful: 0 }).get(s)!;
      for (const d of shown) if (d.value.at >= from) of(d.value.section).answers++;
      for (const d of given) if (d.value.at >= from) of(d.value.section)[d.value.helpful ? 'helpful' : 'notHelpful']++;
      const full = (list: { value: { at: string } }[]) => list.length >= limit && list[list.length - 1].value.at >= from;
      return { bySection, capped: full(shown) || full(given) };
    },
  };
}

import { AdaptiveCard, renderCard } from '../../cards/render';
import type { ProductChoice } from '../../dialogs/choices';
import { SectionId } from '../knowledge/terms';
import { Deps } from '../deps';
import { Turn } from '../turn';

/**
 * "Did you mean": when the best two sections for a typed question are close, one card with both
 * as buttons, plus "something else" (the topics) and a person (`answer.choose`).
 */

/** What each button of the card carries, and what the handler reads back. */
export interface DidYouMeanData {
  choice: SectionId | 'topics' | 'person';
  offered: SectionId[];
  question: string;
  product?: ProductChoice;
}

export interface DidYouMeanAsked {
  offered: SectionId[];
  question: string;
  product?: ProductChoice;
}

/** The card; once the customer chose (`chosen`, a label), it shows the choice without buttons. */
export function didYouMeanCard(turn: Turn, deps: Deps, asked: DidYouMeanAsked, chosen?: string): AdaptiveCard {
  const t = deps.i18n.getFixedT(turn.lang, 'customer');
  const base = { offered: asked.offered, question: asked.question, ...(asked.product ? { product: asked.product } : {}) };
  const button = (title: string, choice: DidYouMeanData['choice']) => ({ title, data: { choice, ...base } });
  return renderCard('conversation/didYouMean', {
    title: t('didYouMean.title'),
    body: chosen ? t('choice.chosen', { label: chosen }) : t('didYouMean.body'),
    buttons: chosen
      ? []
      : [
          ...asked.offered.map((s) => button(sectionTitle(deps, turn, s), s)),
          button(t('didYouMean.other'), 'topics'),
          button(t('didYouMean.person'), 'person'),
        ],
  });
}

/** A section's title in the turn's language (the terms' heading). */
export function sectionTitle(deps: Deps, turn: Turn, section: SectionId): string {
  return deps.terms.documents[turn.lang].sections[section].title;
}

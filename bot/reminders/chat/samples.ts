/**
 * What a preview shows before anything is sent: the service's counts for the audience, and the
 * reminder card as each language's readers will get it, drawn with the facts of one customer of
 * the audience. The composer card's preview and the tab's composer both take it from here.
 */
import { reminderCard } from '../../../cards/reminders/reminder';
import type { CampaignRequest, PreviewCounts } from '../../../cards/reminders/preview';
import type { AdaptiveCard } from '../../../cards/render';
import type { Customer } from '../../customers/directory';
import type { Deps } from '../../deps';
import { Language, supportedLanguage } from '../../platform/config';
import { inAudience } from '../domain/audience';
import { today } from './common';

export interface PreviewSamples {
  counts: PreviewCounts & { languages: string[] };
  /** The customer whose facts the sample cards show (none when nobody can be reached). */
  sample?: Customer;
  samples: { lang: Language; card: AdaptiveCard }[];
}

/** A customer of the audience to show the sample cards with: one with billing facts when there is one. */
async function sampleCustomer(deps: Deps, audience: string): Promise<Customer | undefined> {
  const parsed = deps.reminders.parseAudience(audience);
  const day = today(deps);
  const inIt = (await deps.customers.list()).filter((c) => inAudience(parsed, c, day));
  return inIt.find((c) => c.balance !== undefined && c.dueDate) ?? inIt[0];
}

/** Counts (nothing written) and one sample card per language of the recipients. Throws the service's ReminderError on bad input. */
export async function previewSamples(deps: Deps, request: CampaignRequest): Promise<PreviewSamples> {
  const counts = await deps.reminders.preview(request.template, request.audience);
  const sample = counts.recipients > 0 ? await sampleCustomer(deps, request.audience) : undefined;
  const day = today(deps);
  const langs = [...new Set(counts.languages.map((l) => supportedLanguage(l)).filter((l): l is Language => !!l))];
  const samples = sample
    ? langs.map((lang) => ({
        lang,
        card: reminderCard(
          { campaign: { id: 'preview', ...request }, customer: sample, lang, today: day, next: deps.reminders.nextStep(sample, day) },
          deps,
        ),
      }))
    : [];
  return { counts, sample, samples };
}

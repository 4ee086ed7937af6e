/** The billing admin's composer: which reminder, to whom, an optional note, now or at a time. */
import type { i18n } from 'i18next';
import { Language, SUPPORTED_LANGUAGES } from '../../bot/platform/config';
import { REMINDER_TEMPLATES } from '../../bot/reminders/model';
import { AdaptiveCard, renderCard } from '../render';
import { languageName, MAX_AUDIENCE_CHARS, MAX_NOTE_CHARS, remindersT } from './common';

/** What the composer shows filled in (after "Change" on the preview, or a problem to fix). */
export interface ComposerValues {
  template?: string;
  audience?: string;
  /** One note for everyone, and per language. */
  note?: string;
  notes?: Partial<Record<Language, string>>;
  /** In the partner's time zone. */
  sendDate?: string;
  sendTime?: string;
  /** What to fix, already worded. */
  problem?: string;
}

export function composerCard(i18n: i18n, lang: Language, o: { timeZone: string; today: string; values?: ComposerValues }): AdaptiveCard {
  const t = remindersT(i18n, lang);
  const v = o.values ?? {};
  return renderCard('reminders/composer', {
    problem: v.problem ?? '',
    title: t('composer.title'),
    intro: t('composer.intro'),
    templateLabel: t('composer.template'),
    template: v.template ?? 'overdue',
    templates: REMINDER_TEMPLATES.map((id) => ({ title: t(`templateName.${id}`), value: id })),
    audienceLabel: t('composer.audience'),
    audiencePlaceholder: t('composer.audiencePlaceholder'),
    audienceHelp: t('composer.audienceHelp'),
    audience: v.audience ?? 'status:overdue',
    audienceMax: MAX_AUDIENCE_CHARS,
    noteLabel: t('composer.note'),
    noteMax: MAX_NOTE_CHARS,
    note: v.note ?? '',
    noteInputs: SUPPORTED_LANGUAGES.map((l) => ({
      id: `note_${l}`,
      label: t('composer.noteIn', { language: languageName(t, l) }),
      max: MAX_NOTE_CHARS,
      value: v.notes?.[l] ?? '',
    })),
    whenLabel: t('composer.when', { zone: o.timeZone }),
    dateLabel: t('composer.date'),
    timeLabel: t('composer.time'),
    today: o.today,
    sendDate: v.sendDate ?? '',
    sendTime: v.sendTime ?? '',
    previewTitle: t('composer.preview'),
  });
}

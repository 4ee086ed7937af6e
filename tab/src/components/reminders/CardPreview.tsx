/**
 * The reminder card as its readers will see it: the card JSON the bot sends (drawn on the server by
 * the bot's own card code and sent by the API), rendered here by the Adaptive Cards renderer that
 * Teams' clients build on. One language at a time, switchable between the recipients' languages.
 * The buttons are for the customer: in the preview they do nothing.
 */
import { useEffect, useRef, useState } from 'react';
import { AdaptiveCard, SerializationContext, type IMarkdownProcessingResult } from 'adaptivecards';
import { makeStyles, Tab, TabList, Text, tokens } from '@fluentui/react-components';
import type { ReminderPreview } from '../../../../bot/tab/types';
import { useShell } from '../../shell';

const useStyles = makeStyles({
  frame: {
    // A card in Teams' light theme: its own colours, whatever the tab's theme.
    backgroundColor: '#ffffff',
    color: '#242424',
    border: `1px solid ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusMedium,
    maxWidth: '460px',
    overflow: 'hidden',
    '& button': { color: '#242424', backgroundColor: '#f5f5f5', border: '1px solid #8a8a8a', borderRadius: '4px', padding: '4px 8px' },
  },
  caption: { color: tokens.colorNeutralForeground2, display: 'block', margin: '4px 0 8px' },
});

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * The little markdown the bot's cards use: backslash escapes (the bot escapes customers' text)
 * and **bold**. Everything else is shown as text, HTML-escaped first.
 */
function processMarkdown(text: string, result: IMarkdownProcessingResult): void {
  const html = text
    .replace(/[&<>"']/g, (c) => HTML_ESCAPES[c])
    .replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>')
    .replace(/\\(.)/g, '$1');
  result.outputHtml = html;
  result.didProcess = true;
}

function Card({ card, label }: { card: Record<string, unknown>; label: string }) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = host.current;
    if (!el) return;
    AdaptiveCard.onProcessMarkdown = processMarkdown;
    const ac = new AdaptiveCard();
    ac.parse(card, new SerializationContext());
    ac.onExecuteAction = () => undefined;
    const rendered = ac.render();
    el.replaceChildren(...(rendered ? [rendered] : []));
    return () => el.replaceChildren();
  }, [card]);
  return <div ref={host} className={useStyles().frame} role="group" aria-label={label} data-testid="card-preview" />;
}

export function CardPreview({ preview }: { preview: ReminderPreview }) {
  const { t, lang } = useShell();
  const styles = useStyles();
  const langs = preview.samples.map((s) => s.lang);
  const [chosen, setChosen] = useState<string | undefined>();
  const shown = chosen && langs.includes(chosen) ? chosen : langs.includes(lang) ? lang : langs[0];
  const sample = preview.samples.find((s) => s.lang === shown);
  if (!sample) return <Text>{t('composer.noPreview')}</Text>;
  const language = (l: string) => t(`languages.${l}`, { defaultValue: l });
  return (
    <div>
      {langs.length > 1 && (
        <TabList
          size="small"
          selectedValue={shown}
          onTabSelect={(_, d) => setChosen(String(d.value))}
          aria-label={t('composer.previewLanguage')}
        >
          {langs.map((l) => (
            <Tab key={l} value={l}>
              {language(l)}
            </Tab>
          ))}
        </TabList>
      )}
      <Text size={200} className={styles.caption}>
        {t('composer.previewCaption', { language: language(sample.lang), company: preview.sampleCompany ?? '' })}
      </Text>
      <Card card={sample.card} label={t('composer.previewLabel', { language: language(sample.lang) })} />
    </div>
  );
}

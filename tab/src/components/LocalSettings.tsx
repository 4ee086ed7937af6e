/** Local mode only: language and theme pickers, standing in for what Teams' context gives. */
import type { TFunction } from 'i18next';
import { Field, makeStyles, Select } from '@fluentui/react-components';
import { Lang, LANGS } from '../i18n';
import type { TeamsTheme } from '../teams';

const THEMES: TeamsTheme[] = ['default', 'dark', 'contrast'];

const useStyles = makeStyles({ row: { display: 'flex', gap: '12px', flexWrap: 'wrap', alignItems: 'end' } });

export function LocalSettings(props: {
  t: TFunction;
  lang: Lang;
  setLang(l: Lang): void;
  theme: TeamsTheme;
  setTheme(t: TeamsTheme): void;
}) {
  const { t } = props;
  const styles = useStyles();
  return (
    <div className={styles.row}>
      <Field label={t('local.language')} size="small">
        <Select size="small" value={props.lang} onChange={(_, d) => props.setLang(d.value as Lang)}>
          {LANGS.map((l) => (
            <option key={l} value={l}>
              {t(`languages.${l}`)}
            </option>
          ))}
        </Select>
      </Field>
      <Field label={t('local.theme')} size="small">
        <Select size="small" value={props.theme} onChange={(_, d) => props.setTheme(d.value as TeamsTheme)}>
          {THEMES.map((x) => (
            <option key={x} value={x}>
              {t(`themes.${x}`)}
            </option>
          ))}
        </Select>
      </Field>
    </div>
  );
}

/** Entry: find the host (Teams or a plain browser), then sign in the Teams way or, in local mode, as a picked identity. */
import { createRoot } from 'react-dom/client';
import { StrictMode, useEffect, useMemo, useState } from 'react';
import { FluentProvider, Spinner, teamsDarkTheme, teamsHighContrastTheme, teamsLightTheme } from '@fluentui/react-components';
import { Api, Credentials, fetchConfig } from './api';
import { Lang, langOf, translator } from './i18n';
import { connectTeams, TeamsHost, TeamsTheme, themeOf } from './teams';
import { App } from './App';
import { LocalPicker, OpenInTeams } from './pages/SignIn';

const THEMES = { default: teamsLightTheme, dark: teamsDarkTheme, contrast: teamsHighContrastTheme } as const;
const LOCAL_KEY = 'bhd-tab-local-identity';

type Stage = { kind: 'starting' } | { kind: 'teams'; host: TeamsHost } | { kind: 'local' } | { kind: 'outside' } | { kind: 'failed' };

function Root() {
  const params = new URLSearchParams(window.location.search);
  const [stage, setStage] = useState<Stage>({ kind: 'starting' });
  const [theme, setTheme] = useState<TeamsTheme>(themeOf(params.get('theme') ?? undefined));
  const [lang, setLang] = useState<Lang>(langOf(params.get('lang') ?? navigator.language));
  const [localId, setLocalId] = useState<string | null>(() => sessionStorage.getItem(LOCAL_KEY));

  useEffect(() => {
    void (async () => {
      const host = await connectTeams();
      if (host) {
        setTheme(host.theme);
        setLang(langOf(host.locale));
        host.onTheme(setTheme);
        setStage({ kind: 'teams', host });
        return;
      }
      try {
        const config = await fetchConfig();
        setStage(config.mode === 'local' ? { kind: 'local' } : { kind: 'outside' });
      } catch {
        setStage({ kind: 'failed' });
      }
    })();
  }, []);

  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);

  const t = useMemo(() => translator(lang), [lang]);
  const api = useMemo(() => {
    const credentials: Credentials | undefined =
      stage.kind === 'teams'
        ? { kind: 'teams', token: stage.host.token }
        : stage.kind === 'local' && localId
          ? { kind: 'local', id: localId }
          : undefined;
    return credentials ? new Api(credentials, lang) : undefined;
  }, [stage, localId, lang]);

  const pickLocal = (id: string | null) => {
    if (id) sessionStorage.setItem(LOCAL_KEY, id);
    else sessionStorage.removeItem(LOCAL_KEY);
    setLocalId(id);
  };

  let body;
  if (stage.kind === 'starting') body = <Spinner label={t('app.starting')} style={{ marginTop: 48 }} />;
  else if (stage.kind === 'outside' || stage.kind === 'failed') body = <OpenInTeams t={t} failed={stage.kind === 'failed'} />;
  else if (!api) body = <LocalPicker t={t} onPick={pickLocal} lang={lang} setLang={setLang} theme={theme} setTheme={setTheme} />;
  else
    body = (
      <App
        api={api}
        t={t}
        lang={lang}
        local={stage.kind === 'local' ? { setLang, setTheme, theme, signOut: () => pickLocal(null) } : undefined}
      />
    );
  return (
    <FluentProvider theme={THEMES[theme]} style={{ minHeight: '100vh' }} data-theme={theme}>
      {body}
    </FluentProvider>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Root />
  </StrictMode>,
);

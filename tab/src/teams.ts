/**
 * Teams: whether the tab runs inside it, its context (theme, language, user), the SSO token, and
 * theme changes. Outside Teams `app.initialize()` fails at once (no parent window); framed by
 * something else it would wait forever, hence the time limit.
 */
import { app, authentication } from '@microsoft/teams-js';

export type TeamsTheme = 'default' | 'dark' | 'contrast';

export interface TeamsHost {
  theme: TeamsTheme;
  locale: string;
  onTheme(handler: (theme: TeamsTheme) => void): void;
  token(): Promise<string>;
}

const INIT_TIMEOUT_MS = 5000;

export function themeOf(name: string | undefined): TeamsTheme {
  return name === 'dark' || name === 'contrast' ? name : 'default';
}

/** Teams, when the tab is hosted by it; undefined otherwise. */
export async function connectTeams(): Promise<TeamsHost | undefined> {
  if (window.parent === window && !window.opener) return undefined;
  try {
    await Promise.race([
      app.initialize(),
      new Promise((_, reject) => setTimeout(() => reject(new Error('Teams did not answer')), INIT_TIMEOUT_MS)),
    ]);
    const context = await app.getContext();
    app.notifySuccess();
    return {
      theme: themeOf(context.app.theme),
      locale: context.app.locale,
      onTheme: (handler) => app.registerOnThemeChangeHandler((t) => handler(themeOf(t))),
      token: () => authentication.getAuthToken(),
    };
  } catch {
    return undefined;
  }
}

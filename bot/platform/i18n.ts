import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import i18next, { i18n, TFunction } from 'i18next';
import { Language, SUPPORTED_LANGUAGES, supportedLanguage } from './config';
import { repoRoot } from './paths';

export type T = TFunction;

export { repoRoot } from './paths';

/** Loads locales/<lang>/*.json (each file one namespace) for the supported languages only. */
export function loadResources(root = repoRoot()): Record<string, Record<string, object>> {
  const resources: Record<string, Record<string, object>> = {};
  for (const lang of SUPPORTED_LANGUAGES) {
    const dir = path.join(root, 'locales', lang);
    resources[lang] = {};
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
      resources[lang][file.replace(/\.json$/, '')] = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as object;
    }
  }
  return resources;
}

/** A private i18next instance; per turn use `fixedT(lang)`, never changeLanguage. */
export async function createI18n(defaultLanguage: Language): Promise<i18n> {
  const instance = i18next.createInstance();
  await instance.init({
    resources: loadResources(),
    lng: defaultLanguage,
    fallbackLng: defaultLanguage === 'en' ? ['en'] : [defaultLanguage, 'en'],
    supportedLngs: [...SUPPORTED_LANGUAGES],
    defaultNS: 'bot',
    ns: ['bot'],
    interpolation: { escapeValue: false },
    returnNull: false,
    initAsync: false,
  });
  return instance;
}

/**
 * The reply language: the activity's locale when we speak it, else the customer's directory
 * locale, else the default.
 */
export function chooseLanguage(activityLocale: unknown, directoryLocale: string | undefined, fallback: Language): Language {
  return (
    supportedLanguage(typeof activityLocale === 'string' ? activityLocale : undefined) ?? supportedLanguage(directoryLocale) ?? fallback
  );
}

/** BCP-47 tag used for Intl formatting in a language. */
export function intlLocale(lang: Language): string {
  return lang === 'tr' ? 'tr-TR' : 'en-US';
}

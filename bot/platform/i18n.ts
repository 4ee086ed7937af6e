import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import i18next, { i18n, TFunction } from 'i18next';
import { Language, SUPPORTED_LANGUAGES, supportedLanguage } from './config';
import { kept } from './kept';
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

/** Texts of keys asked without options kept at most (every key of every namespace in both languages fits). */
const MAX_PLAIN_KEPT = 20_000;

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
  keepFixedTCheap(instance);
  return instance;
}

/**
 * i18next 26's getFixedT copies the instance's whole options object on every call (to resolve
 * selector key prefixes we never use): three quarters of each translation's cost, and a turn
 * makes a few dozen. For the only form this app uses, a language and a namespace, the fixed
 * function passes them to `t` directly, which translates exactly the same
 * (test/platform/i18n.test.ts compares every key of every namespace both ways).
 */
function keepFixedTCheap(instance: i18n): void {
  type Loose = (...args: unknown[]) => unknown;
  const original = instance.getFixedT.bind(instance) as unknown as (...args: unknown[]) => Loose;
  // A key asked without options is the same text every time (the resources never change after
  // start): kept, per language, namespace and key.
  const plain = kept<string, unknown>(MAX_PLAIN_KEPT);
  const fast = (lng: string, ns: string | undefined) => {
    const fixed = (key: string | string[], options?: unknown, ...rest: unknown[]) => {
      if (options === undefined && rest.length === 0 && typeof key === 'string')
        return plain.of(`${lng}\u0000${ns ?? ''}\u0000${key}`, () => instance.t(key, { lng, ns }));
      // t(key, defaultValue, …) and other overloads go the library's own way.
      if (rest.length > 0 || (options !== undefined && (typeof options !== 'object' || options === null)))
        return original(lng, ns)(key, options, ...rest);
      const o = (options ?? {}) as { lng?: string; ns?: string };
      return instance.t(key, { ...o, lng: o.lng || lng, ns: o.ns || ns });
    };
    return Object.assign(fixed, { lng, ns, keyPrefix: undefined }) as unknown as TFunction;
  };
  instance.getFixedT = ((
    lng: string | readonly string[] | null,
    ns?: string | readonly string[] | null,
    keyPrefix?: unknown,
    fixedOpts?: unknown,
  ) =>
    typeof lng === 'string' && (ns === undefined || typeof ns === 'string') && keyPrefix === undefined && fixedOpts === undefined
      ? fast(lng, ns)
      : original(lng, ns, keyPrefix, fixedOpts)) as unknown as i18n['getFixedT'];
}

/** What the reply language is chosen from, strongest first (see README, "Languages"). */
export interface LanguageSignals {
  /** `lang` of the clicked card's data: the language that card was written in (client input). */
  cardLanguage?: unknown;
  /** The language the message's words are clearly in, when they say so. */
  textLanguage?: Language | null;
  /** What we keep about the person: their last language and the client locale they showed it under. */
  kept?: { language: string; languageLocale?: string };
  activityLocale?: unknown;
  directoryLocale?: string;
  fallback: Language;
}

export interface LanguageChoice {
  lang: Language;
  /**
   * The client locale (lower case, '' for none) under which the person showed `lang` by what they
   * typed or clicked; undefined when `lang` only follows the locale, directory or default.
   */
  shownUnder?: string;
}

/** A card's `lang`, when it is one we speak (card data is client input). */
export function cardLanguage(value: unknown): Language | undefined {
  return typeof value === 'string' && (SUPPORTED_LANGUAGES as readonly string[]).includes(value) ? (value as Language) : undefined;
}

/**
 * The reply language: the clicked card's language; else the language the person writes in; else
 * the language they showed before, while their client sends the same locale (or none); else the
 * activity's locale when we speak it; else, for a turn without a locale, the last language; else
 * the customer's directory locale; else the default.
 */
export function chooseLanguage(s: LanguageSignals): LanguageChoice {
  const locale = typeof s.activityLocale === 'string' ? s.activityLocale.trim().toLowerCase() : '';
  const kept = s.kept ? { lang: supportedLanguage(s.kept.language), shownUnder: s.kept.languageLocale } : undefined;
  // A person who keeps showing the same language keeps the locale they first showed it under.
  const shown = (lang: Language): LanguageChoice => ({
    lang,
    shownUnder: kept?.lang === lang && kept.shownUnder !== undefined ? kept.shownUnder : locale,
  });
  const card = cardLanguage(s.cardLanguage);
  if (card) return shown(card);
  if (s.textLanguage) return shown(s.textLanguage);
  if (kept?.lang && kept.shownUnder !== undefined && (locale === '' || locale === kept.shownUnder)) return shown(kept.lang);
  const fromLocale = supportedLanguage(locale || undefined);
  if (fromLocale) return { lang: fromLocale };
  if (locale === '' && kept?.lang) return { lang: kept.lang, shownUnder: kept.shownUnder };
  return { lang: supportedLanguage(s.directoryLocale) ?? s.fallback };
}

/** BCP-47 tag used for Intl formatting in a language. */
export function intlLocale(lang: Language): string {
  return lang === 'tr' ? 'tr-TR' : 'en-US';
}

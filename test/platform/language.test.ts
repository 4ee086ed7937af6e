import { chooseLanguage } from '../../bot/platform/i18n';
import { cardInLanguage } from '../../bot/platform/teams/cardMessage';

describe('chooseLanguage: the reply language, strongest signal first', () => {
  const base = { directoryLocale: 'tr-TR', fallback: 'en' as const };

  test('a card we speak wins; anything else in card data is ignored', () => {
    expect(chooseLanguage({ ...base, cardLanguage: 'tr', activityLocale: 'en-US' })).toEqual({ lang: 'tr', shownUnder: 'en-us' });
    for (const bad of ['de', 'TR', 'tr-TR', 7, null, {}])
      expect(chooseLanguage({ ...base, cardLanguage: bad, activityLocale: 'en-US' }).lang).toBe('en');
  });

  test('the text language beats the locale and is kept under that locale', () => {
    expect(chooseLanguage({ ...base, textLanguage: 'tr', activityLocale: 'en-US' })).toEqual({ lang: 'tr', shownUnder: 'en-us' });
  });

  test('a shown language holds while the client sends the same locale or none, not when the locale changes', () => {
    const kept = { language: 'tr', languageLocale: 'en-us' };
    expect(chooseLanguage({ ...base, kept, activityLocale: 'en-US' })).toEqual({ lang: 'tr', shownUnder: 'en-us' });
    expect(chooseLanguage({ ...base, kept, activityLocale: undefined })).toEqual({ lang: 'tr', shownUnder: 'en-us' });
    expect(chooseLanguage({ ...base, kept, activityLocale: 'en-GB' })).toEqual({ lang: 'en' });
  });

  test('a language that only followed the locale does not hold against a new locale; with no locale it is the best guess', () => {
    const kept = { language: 'en' };
    expect(chooseLanguage({ ...base, kept, activityLocale: 'tr-TR' })).toEqual({ lang: 'tr' });
    expect(chooseLanguage({ ...base, kept, activityLocale: undefined })).toEqual({ lang: 'en' });
  });

  test('then the contract: locale, directory, default', () => {
    expect(chooseLanguage({ ...base, activityLocale: 'en-US' }).lang).toBe('en');
    expect(chooseLanguage({ ...base, activityLocale: 'de-DE' }).lang).toBe('tr');
    expect(chooseLanguage({ fallback: 'en', activityLocale: 'de-DE' }).lang).toBe('en');
  });
});

describe('cardInLanguage', () => {
  test('adds lang to every Action.Execute, nested ones too, and leaves other actions and the original alone', () => {
    const card = {
      type: 'AdaptiveCard',
      body: [{ type: 'ActionSet', actions: [{ type: 'Action.Execute', verb: 'a', data: { x: 1 } }] }],
      actions: [
        { type: 'Action.Execute', verb: 'b' },
        { type: 'Action.OpenUrl', url: 'https://example.com' },
      ],
    };
    const out = cardInLanguage(card, 'tr');
    expect(out.body[0].actions[0].data).toEqual({ x: 1, lang: 'tr' });
    expect(out.actions[0]).toEqual({ type: 'Action.Execute', verb: 'b', data: { lang: 'tr' } });
    expect(out.actions[1]).toEqual({ type: 'Action.OpenUrl', url: 'https://example.com' });
    expect(card.body[0].actions[0].data).toEqual({ x: 1 });
  });
});

import i18next from 'i18next';
import { createI18n, loadResources } from '../../bot/platform/i18n';
import { SUPPORTED_LANGUAGES } from '../../bot/platform/config';

/** Every key path of a namespace's resources (plural forms as their base key). */
function keysOf(tree: object, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([k, v]) => {
    const key = `${prefix}${k.replace(/_(zero|one|two|few|many|other)$/, '')}`;
    return v && typeof v === 'object' ? keysOf(v as object, `${key}.`) : [key];
  });
}

describe('translations through fixed t functions', () => {
  it('are exactly what the library itself returns, for every key of every namespace, both languages', async () => {
    const ours = await createI18n('en');
    // The library's own getFixedT, on an instance made the same way.
    const plain = i18next.createInstance();
    await plain.init({ ...ours.options, initAsync: false });
    const resources = loadResources();
    const values = { count: 2, name: 'Ayşe', amount: '₺1.250,00', date: '15 Mart 2026', number: 1042, status: 'open', partner: 'Contoso' };
    let compared = 0;
    for (const lang of SUPPORTED_LANGUAGES) {
      for (const [ns, tree] of Object.entries(resources[lang])) {
        const fast = ours.getFixedT(lang, ns);
        const slow = plain.getFixedT(lang, ns);
        for (const key of new Set(keysOf(tree))) {
          expect(fast(key, values)).toEqual(slow(key, values));
          expect(fast(key)).toEqual(slow(key));
          // Another language or namespace named in the call wins over the fixed ones.
          expect(fast(key, { ...values, lng: 'en' })).toEqual(slow(key, { ...values, lng: 'en' }));
          compared++;
        }
        expect(ours.getFixedT(lang, 'bot')('nope.missing', { ns })).toEqual(plain.getFixedT(lang, 'bot')('nope.missing', { ns }));
      }
    }
    expect(compared).toBeGreaterThan(500);
  });

  it('keeps the library behaviour for its other forms (a default value, several languages)', async () => {
    const ours = await createI18n('en');
    expect(ours.getFixedT('tr', 'bot')('no.such.key', 'varsayılan')).toBe('varsayılan');
    expect(ours.getFixedT(['tr', 'en'], 'bot')('no.such.key')).toBe('no.such.key');
  });
});

import { Activity } from 'botbuilder';
import { DialogTestClient } from 'botbuilder-testing';
import { Dialog } from 'botbuilder-dialogs';
import { Language } from '../../bot/platform/config';
import { Turn, setTurn } from '../../bot/turn';
import { Customer } from '../../bot/customers/directory';
import { i18n } from 'i18next';

/** The one place that knows botbuilder-testing: a dialog client whose turns carry a resolved Turn. */
export function dialogClient(dialog: Dialog, i18next: i18n, lang: Language, customer: Customer): DialogTestClient {
  const middleware = {
    async onTurn(context: Parameters<typeof setTurn>[0], next: () => Promise<void>) {
      const turn: Turn = {
        who: { kind: 'customer', customer },
        lang,
        t: i18next.getFixedT(lang, 'bot'),
        tenantId: customer.tenantId,
        userKey: 'user-1',
        name: 'Ayşe Yılmaz',
        conversationType: 'personal',
        correlationId: 'test0001',
      };
      setTurn(context, turn);
      await next();
    },
  };
  return new DialogTestClient('msteams', dialog, undefined, [middleware]);
}

/** Everything a reply shows, as text (message text and card texts and button titles). */
export function shown(reply: Partial<Activity> | undefined): string {
  if (!reply) return '';
  const parts: string[] = [];
  const walk = (v: unknown): void => {
    if (typeof v === 'string') parts.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object')
      for (const [k, x] of Object.entries(v))
        if (!['type', 'verb', 'version', '$schema', 'style', 'weight', 'size', 'spacing'].includes(k)) walk(x);
  };
  walk([reply.text, reply.attachments]);
  return parts.join('\n');
}

import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Template } from 'adaptivecards-templating';
import { repoRoot } from '../bot/platform/i18n';

/** An Adaptive Card as sent to Teams (plain JSON). */
export type AdaptiveCard = { type: 'AdaptiveCard'; version: string; body: unknown[]; actions?: unknown[] } & Record<string, unknown>;

/** Teams rejects messages near 100 KB; cards stay well under the ~80 KB message budget. */
export const MAX_CARD_BYTES = 40_000;

export class CardError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CardError';
  }
}

type Templating = typeof import('adaptivecards-templating');
let templatingLibrary: Templating | undefined;

/**
 * The templating library (with its expression language and parser) is a tenth of the server's
 * start-up: it is loaded when the first card is rendered, or by `prepareCards` once the server
 * listens, not when this module is imported.
 */
function templating(): Templating {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (templatingLibrary ??= require('adaptivecards-templating') as Templating);
}

/** Loads the templating library and prepares these templates now, so the first turns don't wait for them. */
export function prepareCards(names: readonly string[]): void {
  for (const name of names) template(name);
}

/** Prepared once per template: a Template re-parses every `${…}` when built, not when expanded. */
const cache = new Map<string, Template>();

function template(name: string): Template {
  // "<feature>/<card>": templates live beside their feature's builders, never a free path.
  if (!/^[a-zA-Z][a-zA-Z0-9-]*\/[a-zA-Z][a-zA-Z0-9-]*$/.test(name)) throw new CardError(`bad card template name ${name}`);
  let t = cache.get(name);
  if (!t) {
    t = new (templating().Template)(JSON.parse(readFileSync(path.join(repoRoot(), 'cards', `${name}.json`), 'utf8')) as object);
    cache.set(name, t);
  }
  return t;
}

/**
 * Expands a card template with data. Strings must already be translated, and user text escaped
 * with `escapeText`. Strict: a binding without data, a leftover `${`, or an oversized card throws.
 */
export function renderCard(name: string, data: object): AdaptiveCard {
  const missing: string[] = [];
  const { GlobalSettings } = templating();
  const previous = GlobalSettings.getUndefinedFieldValueSubstitutionString;
  GlobalSettings.getUndefinedFieldValueSubstitutionString = (p: string) => {
    missing.push(p);
    return '';
  };
  let card: AdaptiveCard;
  try {
    card = template(name).expand({ $root: data }) as AdaptiveCard;
  } finally {
    GlobalSettings.getUndefinedFieldValueSubstitutionString = previous;
  }
  if (missing.length > 0) throw new CardError(`card ${name}: no data for ${missing.join(', ')}`);
  const leftover = findLeftoverBinding(card, data);
  if (leftover) throw new CardError(`card ${name}: unexpanded binding in ${leftover}`);
  const bytes = Buffer.byteLength(JSON.stringify(card));
  if (bytes > MAX_CARD_BYTES) throw new CardError(`card ${name}: ${bytes} bytes is over ${MAX_CARD_BYTES}`);
  return card;
}

/** Finds a `${` left in the card that did not come from the data itself (user text may contain it). */
function findLeftoverBinding(card: unknown, data: object): string | undefined {
  // Most cards have no `${` at all: look for one first, and only then gather the data's strings
  // and the path (building a path for every node of every card was a tenth of a render).
  let fromData: string[] | undefined;
  const dataStrings = (): string[] => {
    const out: string[] = [];
    const collect = (v: unknown): void => {
      if (typeof v === 'string') {
        if (v.includes('${')) out.push(v);
      } else if (Array.isArray(v)) v.forEach(collect);
      else if (v && typeof v === 'object') Object.values(v).forEach(collect);
    };
    collect(data);
    return out;
  };
  const leftover = (v: string) => v.includes('${') && !(fromData ??= dataStrings()).some((d) => v.includes(d));
  const walk = (v: unknown): (string | number)[] | undefined => {
    if (typeof v === 'string') return leftover(v) ? [] : undefined;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const path = walk(v[i]);
        if (path) return [i, ...path];
      }
    } else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        const path = walk(x);
        if (path) return [k, ...path];
      }
    }
    return undefined;
  };
  const path = walk(card);
  return path && `$${path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('')}`;
}

/**
 * Escapes text typed by a person so Teams shows it literally: no emphasis, links or code, and no
 * list at a line start. Ordinary punctuation (. , - ( ) !) is left alone, since some Teams clients
 * show a backslash before it.
 */
export function escapeText(s: string, max = 2000): string {
  const clipped = s.length > max ? `${s.slice(0, max)}…` : s;
  return clipped
    .replace(/[\\`*_[\]~<>]/g, (c) => `\\${c}`)
    .replace(/^(\s*)([-+]|\d+\.)(?=\s)/gm, (_m, space: string, marker: string) => `${space}\\${marker}`);
}

/**
 * Who a campaign reaches: the customers of the directory in the audience and, in each customer
 * tenant, the people the bot holds a 1:1 conversation reference for (they installed the app or
 * wrote to it), narrowed to the customer's `contacts` when the directory lists them.
 */
import { Customer, CustomerDirectory } from '../customers/directory';
import { Language, supportedLanguage } from '../platform/config';
import { Store } from '../platform/store/types';
import type { UserRecord } from '../platform/teams/users';
import { Audience, inAudience } from './domain/audience';
import { ReminderError } from './domain/errors';

export interface Person {
  tenantId: string;
  userKey: string;
  name?: string;
  /** Their language: last one the bot spoke with them, else their Teams locale, else the directory's, else the default. */
  locale: Language;
  reference: Record<string, unknown>;
}

export interface AudienceCustomer {
  customer: Customer;
  people: Person[];
}

function matchesContact(u: UserRecord, contacts: readonly string[]): boolean {
  const ids = [u.upn, u.aadObjectId, u.userKey].filter((x): x is string => !!x).map((x) => x.toLowerCase());
  return ids.some((id) => contacts.includes(id));
}

function languageOf(u: UserRecord, customer: Customer, fallback: Language): Language {
  const teamsLocale = (u.conversationReference as { locale?: unknown } | undefined)?.locale;
  return (
    supportedLanguage(u.language) ??
    supportedLanguage(typeof teamsLocale === 'string' ? teamsLocale : undefined) ??
    supportedLanguage(customer.locale) ??
    fallback
  );
}

/** People of one customer tenant the bot can reach. */
export async function peopleOf(store: Store, customer: Customer, fallback: Language): Promise<Person[]> {
  const users = (await store.collection<UserRecord>('users').find(customer.tenantId)).map((d) => d.value);
  const contacts = customer.contacts && customer.contacts.length > 0 ? customer.contacts : undefined;
  return users
    .filter((u) => u.conversationReference && (!contacts || matchesContact(u, contacts)))
    .map((u) => ({
      tenantId: customer.tenantId,
      userKey: u.userKey,
      ...(u.name ? { name: u.name } : {}),
      locale: languageOf(u, customer, fallback),
      reference: u.conversationReference as Record<string, unknown>,
    }))
    .sort((a, b) => (a.userKey < b.userKey ? -1 : a.userKey > b.userKey ? 1 : 0));
}

/** The audience's customers (in directory order) with their reachable people; `tenants:` naming an unknown tenant is refused. */
export async function resolveAudience(
  deps: { store: Store; customers: CustomerDirectory },
  audience: Audience,
  today: string,
  fallback: Language,
): Promise<AudienceCustomer[]> {
  const all = await deps.customers.list();
  if (audience.kind === 'tenants') {
    const known = new Set(all.map((c) => c.tenantId.toLowerCase()));
    const unknown = audience.tenantIds.find((id) => !known.has(id));
    if (unknown) throw new ReminderError('REMINDER_UNKNOWN_TENANT', { tenantId: unknown });
  }
  const chosen = all.filter((c) => inAudience(audience, c, today));
  const out: AudienceCustomer[] = [];
  // A few tenants at a time: each is one partition read.
  for (let i = 0; i < chosen.length; i += 8) {
    const batch = chosen.slice(i, i + 8);
    const people = await Promise.all(batch.map((c) => peopleOf(deps.store, c, fallback)));
    batch.forEach((customer, j) => out.push({ customer, people: people[j] }));
  }
  return out;
}

/**
 * Audience expressions (CONTRACT.md "Reminders"): `all`, `status:<status>`, `due-within:<days>`,
 * `overdue-by:<days>`, `tenants:<id>,<id>,…`. Parsed once, then matched against each customer of
 * the directory for a given day (the partner's local date).
 */
import { Customer, CUSTOMER_STATUSES, CustomerStatus } from '../../customers/directory';
import { isGuid } from '../../platform/ids';
import { ReminderError } from './errors';
import { addDays } from './dates';

export type Audience =
  | { kind: 'all' }
  | { kind: 'status'; status: CustomerStatus }
  | { kind: 'due-within'; days: number }
  | { kind: 'overdue-by'; days: number }
  | { kind: 'tenants'; tenantIds: string[] };

const MAX_DAYS = 3650;
const MAX_TENANTS = 500;
const MAX_EXPR = 20_000;

function days(value: string, expr: string): number {
  if (!/^\d{1,4}$/.test(value) || Number(value) > MAX_DAYS) {
    throw new ReminderError('REMINDER_BAD_AUDIENCE', { audience: expr.slice(0, 80), max: MAX_DAYS }, 'bad number of days');
  }
  return Number(value);
}

/** Parses an audience expression; throws REMINDER_BAD_AUDIENCE (with `audience`) when it is not one. */
export function parseAudience(input: string): Audience {
  const expr = typeof input === 'string' ? input.trim() : '';
  const bad = (why: string) => new ReminderError('REMINDER_BAD_AUDIENCE', { audience: expr.slice(0, 80) }, why);
  if (!expr || expr.length > MAX_EXPR) throw bad('empty or too long');
  if (expr === 'all') return { kind: 'all' };
  const colon = expr.indexOf(':');
  if (colon < 0) throw bad('unknown audience');
  const kind = expr.slice(0, colon).trim();
  const value = expr.slice(colon + 1).trim();
  switch (kind) {
    case 'status':
      if (!(CUSTOMER_STATUSES as readonly string[]).includes(value)) throw bad('unknown status');
      return { kind: 'status', status: value as CustomerStatus };
    case 'due-within':
      return { kind: 'due-within', days: days(value, expr) };
    case 'overdue-by':
      return { kind: 'overdue-by', days: days(value, expr) };
    case 'tenants': {
      const ids = value
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s.length > 0);
      if (ids.length === 0 || ids.length > MAX_TENANTS) throw bad('no tenant ids');
      const wrong = ids.find((id) => !isGuid(id));
      if (wrong)
        throw new ReminderError('REMINDER_BAD_AUDIENCE', { audience: expr.slice(0, 80), tenantId: wrong.slice(0, 64) }, 'not a tenant id');
      return { kind: 'tenants', tenantIds: [...new Set(ids.map((id) => id.toLowerCase()))] };
    }
    default:
      throw bad('unknown audience');
  }
}

/** Whether a customer is in the audience on `today` (YYYY-MM-DD, the partner's local date). */
export function inAudience(audience: Audience, customer: Customer, today: string): boolean {
  switch (audience.kind) {
    case 'all':
      return true;
    case 'status':
      return customer.status === audience.status;
    case 'due-within':
      return !!customer.dueDate && customer.dueDate >= today && customer.dueDate <= addDays(today, audience.days);
    case 'overdue-by':
      return !!customer.dueDate && customer.dueDate <= addDays(today, -audience.days);
    case 'tenants':
      return audience.tenantIds.includes(customer.tenantId.toLowerCase());
  }
}

/**
 * The collections ladder of `terms/partner.json` applied to one customer: which step is due on a
 * day (the daily run sends it once per customer, invoice and step) and which comes next (the card
 * says what happens next and when). Pure functions of the customer, the ladder and the date.
 */
import type { Customer } from '../../customers/directory';
import type { LadderStep } from '../../knowledge/terms';
import type { ReminderTemplate } from '../model';
import { addDays, daysBetween } from './dates';

export type LadderEntry = { step: LadderStep; daysBeforeDue: number } | { step: LadderStep; daysAfterDue: number };

/** The template a step sends. The suspension step warns while the directory still says overdue. */
export function templateForStep(step: LadderStep, status: Customer['status']): ReminderTemplate {
  switch (step) {
    case 'reminder':
      return 'payment-due';
    case 'overdue-notice':
      return 'overdue';
    case 'final-notice':
      return 'final-notice';
    case 'suspension':
      return status === 'suspended' ? 'suspended' : 'suspension-warning';
  }
}

/** The step's date for a due date. */
export function stepDate(entry: LadderEntry, dueDate: string): string {
  return 'daysBeforeDue' in entry ? addDays(dueDate, -entry.daysBeforeDue) : addDays(dueDate, entry.daysAfterDue);
}

/** Steps that apply to a customer: none without a due date or with nothing owed; a current customer only gets the reminder before the due date. */
function applies(entry: LadderEntry, customer: Customer): boolean {
  if (!customer.dueDate) return false;
  if (customer.balance !== undefined && customer.balance <= 0) return false;
  if (customer.status === 'current') return entry.step === 'reminder';
  return true;
}

export interface DueStep {
  step: LadderStep;
  template: ReminderTemplate;
  /** The step's own date (on or before today). */
  date: string;
  /** What makes it once-only: tenant, invoice (or due date) and step. */
  key: string;
}

/**
 * The step due for a customer on `today`: the latest step whose date has come, when it came at most
 * `catchUpDays` ago (a bot that was down on the day still sends it; an old invoice is not chased
 * again). Undefined when no step is due.
 */
export function dueStep(ladder: readonly LadderEntry[], customer: Customer, today: string, catchUpDays: number): DueStep | undefined {
  if (!customer.dueDate) return undefined;
  let found: { entry: LadderEntry; date: string } | undefined;
  for (const entry of ladder) {
    const date = stepDate(entry, customer.dueDate);
    if (date <= today) found = { entry, date };
  }
  if (!found || !applies(found.entry, customer)) return undefined;
  if (daysBetween(found.date, today) > catchUpDays) return undefined;
  const invoice = customer.invoiceNumber ? `inv:${customer.invoiceNumber}` : `due:${customer.dueDate}`;
  return {
    step: found.entry.step,
    template: templateForStep(found.entry.step, customer.status),
    date: found.date,
    key: `${customer.tenantId.toLowerCase()}|${invoice}|${found.entry.step}`,
  };
}

/**
 * What happens next for a customer after `today`: the next applicable step and its date (the
 * suspension step as `suspended`, which is what happens then). Undefined when nothing follows.
 */
export function nextLadderStep(
  ladder: readonly LadderEntry[],
  customer: Customer,
  today: string,
): { template: ReminderTemplate; date: string } | undefined {
  if (!customer.dueDate || customer.status === 'suspended') return undefined;
  for (const entry of ladder) {
    const date = stepDate(entry, customer.dueDate);
    if (date > today && applies(entry, customer)) {
      return { template: entry.step === 'suspension' ? 'suspended' : templateForStep(entry.step, customer.status), date };
    }
  }
  return undefined;
}

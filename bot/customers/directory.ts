import { parse } from 'csv-parse/sync';
import { Store, Versioned } from '../platform/store/types';
import { isGuid } from '../platform/ids';

export const CUSTOMER_STATUSES = ['current', 'overdue', 'suspended'] as const;
export type CustomerStatus = (typeof CUSTOMER_STATUSES)[number];

/** A customer of the partner, keyed (and partitioned) by its Entra tenant id. */
export interface Customer {
  tenantId: string;
  name: string;
  locale?: string;
  status?: CustomerStatus;
  balance?: number;
  currency?: string;
  /** ISO date, YYYY-MM-DD. */
  dueDate?: string;
  invoiceNumber?: string;
  /** Billing contacts (UPNs or Entra object ids, lower case): reminders go only to them when given. */
  contacts?: string[];
  updatedAt: string;
}

/** Why a row was skipped: a code for the translation (`cli:customers.reasons.<code>`) and its values. */
export interface RowIssue {
  code:
    | 'unreadable'
    | 'headerMissing'
    | 'unknownColumns'
    | 'missingTenantId'
    | 'badTenantId'
    | 'missingName'
    | 'nameTooLong'
    | 'badLocale'
    | 'badStatus'
    | 'badNumber'
    | 'badCurrency'
    | 'badDate'
    | 'invoiceTooLong'
    | 'balanceWithoutCurrency'
    | 'badContact'
    | 'duplicate';
  params?: Record<string, string | number>;
}

export interface RowProblem {
  line: number;
  issues: RowIssue[];
}

export interface ParsedCsv {
  customers: Omit<Customer, 'updatedAt'>[];
  problems: RowProblem[];
}

const LOCALE = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;
const CURRENCY = /^[A-Z]{3}$/;
const KNOWN_COLUMNS = ['tenantId', 'name', 'locale', 'status', 'balance', 'currency', 'dueDate', 'invoiceNumber', 'contacts'];
/** A contact is a sign-in name (UPN / e-mail) or an Entra object id. */
const UPN = /^[^\s@;,]{1,128}@[^\s@;,]{1,253}$/;
const MAX_CONTACTS = 50;
const MAX_NAME = 200;

function validIsoDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/**
 * Parses the directory CSV (header row; tenantId,name required). Each bad row is reported with
 * its line number and reason and left out; good rows are returned.
 */
export function parseCustomersCsv(text: string): ParsedCsv {
  const problems: RowProblem[] = [];
  const customers: Omit<Customer, 'updatedAt'>[] = [];
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(text.replace(/^\uFEFF/, ''), {
      columns: (header: string[]) => header.map((h) => h.trim()),
      skip_empty_lines: true,
      trim: true,
      relax_column_count: true,
      info: true,
    }) as { record: Record<string, string>; info: { lines: number } }[];
  } catch (err) {
    const line = (err as { lines?: number }).lines ?? 1;
    return { customers, problems: [{ line, issues: [{ code: 'unreadable', params: { detail: (err as Error).message.slice(0, 200) } }] }] };
  }
  if (records.length > 0) {
    const header = Object.keys(records[0].record);
    const missing = ['tenantId', 'name'].filter((c) => !header.includes(c));
    if (missing.length > 0)
      return { customers, problems: [{ line: 1, issues: [{ code: 'headerMissing', params: { columns: missing.join(', ') } }] }] };
    const unknown = header.filter((h) => !KNOWN_COLUMNS.includes(h));
    if (unknown.length > 0) problems.push({ line: 1, issues: [{ code: 'unknownColumns', params: { columns: unknown.join(', ') } }] });
  }
  const seen = new Map<string, number>();
  for (const { record: r, info } of records) {
    const line = info.lines;
    const reasons: RowIssue[] = [];
    const tenantId = r.tenantId ?? '';
    const name = r.name ?? '';
    if (!tenantId) reasons.push({ code: 'missingTenantId' });
    else if (!isGuid(tenantId)) reasons.push({ code: 'badTenantId', params: { value: tenantId.slice(0, 70) } });
    if (!name) reasons.push({ code: 'missingName' });
    else if (name.length > MAX_NAME) reasons.push({ code: 'nameTooLong', params: { max: MAX_NAME } });
    const c: Omit<Customer, 'updatedAt'> = { tenantId, name };
    if (r.locale) {
      if (LOCALE.test(r.locale)) c.locale = r.locale;
      else reasons.push({ code: 'badLocale', params: { value: r.locale.slice(0, 40) } });
    }
    if (r.status) {
      const s = r.status.toLowerCase();
      if ((CUSTOMER_STATUSES as readonly string[]).includes(s)) c.status = s as CustomerStatus;
      else reasons.push({ code: 'badStatus', params: { value: r.status.slice(0, 40), allowed: CUSTOMER_STATUSES.join('|') } });
    }
    if (r.balance) {
      const n = Number(r.balance);
      if (/^-?\d+(\.\d+)?$/.test(r.balance) && Number.isFinite(n)) c.balance = n;
      else reasons.push({ code: 'badNumber', params: { column: 'balance', value: r.balance.slice(0, 40) } });
    }
    if (r.currency) {
      const cur = r.currency.toUpperCase();
      if (CURRENCY.test(cur)) c.currency = cur;
      else reasons.push({ code: 'badCurrency', params: { value: r.currency.slice(0, 40) } });
    }
    if (r.dueDate) {
      if (validIsoDate(r.dueDate)) c.dueDate = r.dueDate;
      else reasons.push({ code: 'badDate', params: { column: 'dueDate', value: r.dueDate.slice(0, 40) } });
    }
    if (r.invoiceNumber) {
      if (r.invoiceNumber.length <= 64) c.invoiceNumber = r.invoiceNumber;
      else reasons.push({ code: 'invoiceTooLong', params: { max: 64 } });
    }
    if (r.contacts) {
      const list = r.contacts
        .split(';')
        .map((x) => x.trim().toLowerCase())
        .filter((x) => x.length > 0);
      const wrong = list.find((x) => !UPN.test(x) && !isGuid(x));
      if (wrong !== undefined) reasons.push({ code: 'badContact', params: { value: wrong.slice(0, 80) } });
      else if (list.length > MAX_CONTACTS) reasons.push({ code: 'badContact', params: { value: `${list.length} > ${MAX_CONTACTS}` } });
      else if (list.length > 0) c.contacts = [...new Set(list)];
    }
    if (c.balance !== undefined && !c.currency) reasons.push({ code: 'balanceWithoutCurrency' });
    if (reasons.length === 0 && seen.has(tenantId)) reasons.push({ code: 'duplicate', params: { line: seen.get(tenantId) ?? 0 } });
    if (reasons.length > 0) {
      problems.push({ line, issues: reasons });
      continue;
    }
    seen.set(tenantId, line);
    customers.push(c);
  }
  return { customers, problems };
}

/** The customer directory, partitioned by tenant id. */
export class CustomerDirectory {
  constructor(private readonly store: Store) {}

  private get coll() {
    return this.store.collection<Customer>('customers');
  }

  async get(tenantId: string): Promise<Customer | undefined> {
    if (!tenantId) return undefined;
    return (await this.coll.get(tenantId, tenantId))?.value;
  }

  /** Inserts or updates by tenantId. */
  async upsert(customer: Omit<Customer, 'updatedAt'>, now = new Date()): Promise<Versioned<Customer>> {
    return this.coll.upsert(customer.tenantId, customer.tenantId, { ...customer, updatedAt: now.toISOString() });
  }

  async list(): Promise<Customer[]> {
    return (await this.coll.find(undefined, { orderBy: { field: 'name' } })).map((d) => d.value);
  }
}

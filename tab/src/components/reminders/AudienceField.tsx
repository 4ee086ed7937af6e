/**
 * Who gets the reminder, as one audience expression of CONTRACT.md "Reminders" (what
 * `ReminderService` accepts): everybody, a billing status, due within / overdue by a number of
 * days, or a list of customer tenants.
 */
import { Field, Input, Select, Textarea } from '@fluentui/react-components';
import { useShell } from '../../shell';

export type AudienceKind = 'all' | 'status:current' | 'status:overdue' | 'status:suspended' | 'due-within' | 'overdue-by' | 'tenants';
export const AUDIENCE_KINDS: readonly AudienceKind[] = [
  'all',
  'status:current',
  'status:overdue',
  'status:suspended',
  'due-within',
  'overdue-by',
  'tenants',
];

export interface AudienceValue {
  kind: AudienceKind;
  days: string;
  tenants: string;
}

/** The expression the service parses (it checks it again: this only puts the parts together). */
export function audienceExpression(a: AudienceValue): string {
  if (a.kind === 'due-within' || a.kind === 'overdue-by') return `${a.kind}:${a.days.trim()}`;
  if (a.kind === 'tenants') {
    const ids = a.tenants
      .split(/[\s,;]+/)
      .map((x) => x.trim())
      .filter(Boolean);
    return `tenants:${ids.join(',')}`;
  }
  return a.kind;
}

export function AudienceField({ value, onChange }: { value: AudienceValue; onChange(v: AudienceValue): void }) {
  const { t } = useShell();
  return (
    <>
      <Field label={t('composer.audience')}>
        <Select value={value.kind} onChange={(_, d) => onChange({ ...value, kind: d.value as AudienceKind })}>
          {AUDIENCE_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`composer.audiences.${k.replace(':', '_')}`)}
            </option>
          ))}
        </Select>
      </Field>
      {(value.kind === 'due-within' || value.kind === 'overdue-by') && (
        <Field label={t('composer.days')}>
          <Input
            type="number"
            min={0}
            max={3650}
            value={value.days}
            onChange={(_, d) => onChange({ ...value, days: d.value })}
            style={{ maxWidth: 160 }}
          />
        </Field>
      )}
      {value.kind === 'tenants' && (
        <Field label={t('composer.tenants')} hint={t('composer.tenantsHint')}>
          <Textarea value={value.tenants} onChange={(_, d) => onChange({ ...value, tenants: d.value })} resize="vertical" />
        </Field>
      )}
    </>
  );
}

/**
 * Escalation to Microsoft: the routes a CSP partner has (commercial cases for every partner,
 * technical cases through a support plan), Microsoft's severities and first-response times, and
 * the check of what an agent typed on the escalation card. Pure: no store, no Bot Framework.
 */

export const MICROSOFT_ROUTES = ['commercial', 'technical'] as const;
export type MicrosoftRoute = (typeof MICROSOFT_ROUTES)[number];
/** Technical support plans: Premier Support for Partners, Advanced Support for Partners, Signature Cloud Support. */
export const MICROSOFT_PLANS = ['psfp', 'asfp', 'signature'] as const;
export type MicrosoftPlan = (typeof MICROSOFT_PLANS)[number];
export const MICROSOFT_SEVERITIES = ['A', 'B', 'C'] as const;
export type MicrosoftSeverity = (typeof MICROSOFT_SEVERITIES)[number];
/** Microsoft's expected first response on a partner's technical case, in hours. */
export const MICROSOFT_FIRST_RESPONSE_HOURS: Record<MicrosoftSeverity, number> = { A: 2, B: 4, C: 8 };

/** Longest Microsoft case number kept (their numbers are 16 digits today; room for other formats). */
export const CASE_NUMBER_MAX = 40;
const CASE_NUMBER = /^[A-Za-z0-9][A-Za-z0-9-]{2,39}$/;

/** A Microsoft case as the agent records it. */
export interface MicrosoftCase {
  route: MicrosoftRoute;
  /** Only technical cases go through a plan; null for commercial ones. */
  plan: MicrosoftPlan | null;
  severity: MicrosoftSeverity;
  caseNumber: string;
}

/** The tickets-namespace key of what was wrong, with its interpolation values. */
export type InputProblem = { key: string; values?: Record<string, string | number> };

/** When Microsoft should first answer a case escalated at `at`: technical cases only. */
export function microsoftExpectedBy(route: MicrosoftRoute, severity: MicrosoftSeverity, at: Date): string | null {
  return route === 'technical' ? new Date(at.getTime() + MICROSOFT_FIRST_RESPONSE_HOURS[severity] * 3_600_000).toISOString() : null;
}

function field(data: Record<string, unknown>, name: string): string | undefined {
  const v = data[name];
  if (v === undefined || v === null) return '';
  return typeof v === 'string' ? v : undefined;
}

/** Reads the escalation card's inputs (route, plan, severity, case number), or says what is wrong. */
export function parseMicrosoftCase(
  data: Record<string, unknown>,
): { ok: true; value: MicrosoftCase } | { ok: false; problem: InputProblem } {
  const route = field(data, 'route')?.trim().toLowerCase() ?? '';
  if (!(MICROSOFT_ROUTES as readonly string[]).includes(route)) return { ok: false, problem: { key: 'validation.route' } };
  const severity = field(data, 'severity')?.trim().toUpperCase() ?? '';
  if (!(MICROSOFT_SEVERITIES as readonly string[]).includes(severity)) return { ok: false, problem: { key: 'validation.severity' } };
  const plan = field(data, 'plan')?.trim().toLowerCase();
  if (plan === undefined || (plan !== '' && !(MICROSOFT_PLANS as readonly string[]).includes(plan)))
    return { ok: false, problem: { key: 'validation.plan' } };
  if (route === 'technical' && plan === '') return { ok: false, problem: { key: 'validation.planRequired' } };
  const caseNumber = field(data, 'caseNumber')?.trim() ?? '';
  if (!CASE_NUMBER.test(caseNumber)) return { ok: false, problem: { key: 'validation.caseNumber', values: { max: CASE_NUMBER_MAX } } };
  return {
    ok: true,
    value: {
      route: route as MicrosoftRoute,
      plan: route === 'technical' ? (plan as MicrosoftPlan) : null,
      severity: severity as MicrosoftSeverity,
      caseNumber,
    },
  };
}

import type { TFlowStep, TFlowStepKind, TMatterAction } from '@mpw/contracts';

/** Which actions close or move each kind of step (the flow engine's whole rule table). */
export const STEP_ACTIONS: Record<TFlowStepKind, TMatterAction[]> = {
  application: ['submit'],
  review: ['approve', 'reject', 'return'],
  meeting: ['record_meeting'],
  notice: ['close_notice', 'answer_objection'],
  filing: ['file_accept', 'file_return'],
  execution: ['execute'],
  disclosure: ['disclose'],
};

/** Steps that put something on the village's notice board: 公示, 结果公开, 决议公开, 实施结果公开. */
export function publishesAtStep(step: TFlowStep): boolean {
  return step.kind === 'notice' || step.kind === 'disclosure' || (step.kind === 'meeting' && (step.stage === 'resolution_published' || step.stage === 'result_published'));
}

/** Actions that need a written note (a reason that goes into the record). */
export const NEEDS_NOTE: TMatterAction[] = ['reject', 'return', 'file_return', 'withdraw'];

/** The index of the next step after `from` that applies to this matter, or null when the flow is done. */
export function nextStepIndex(steps: TFlowStep[], skipped: string[], from: number): number | null {
  for (let i = from + 1; i < steps.length; i++) if (!skipped.includes(steps[i]!.id)) return i;
  return null;
}

/** The step before `from` that applies (where a returned filing goes back to). */
export function previousStepIndex(steps: TFlowStep[], skipped: string[], from: number): number {
  for (let i = from - 1; i >= 0; i--) if (!skipped.includes(steps[i]!.id)) return i;
  return 0;
}

/** Where a returned application restarts: the first application step, else the first step. */
export function restartIndex(steps: TFlowStep[]): number {
  const i = steps.findIndex((s) => s.kind === 'application');
  return i >= 0 ? i : 0;
}

/**
 * Steps whose condition does not hold for the amount: e.g. the 四议两公开 meetings when
 * the amount is below the district's major-matter threshold. No amount = below any threshold.
 */
export function skippedStepIds(steps: TFlowStep[], amountFen: number | null, threshold: (settingKey: string) => number): string[] {
  return steps.filter((s) => s.when && (amountFen ?? 0) < threshold(s.when.amountAtLeastSetting)).map((s) => s.id);
}

export type StepState = 'done' | 'current' | 'pending' | 'skipped';

export function stepStates(steps: TFlowStep[], skipped: string[], current: number, status: string): StepState[] {
  return steps.map((s, i) => {
    if (skipped.includes(s.id)) return 'skipped';
    if (status === 'completed') return 'done';
    if (i < current) return 'done';
    if (i === current && (status === 'running' || status === 'paused')) return 'current';
    return 'pending';
  });
}

/** Masks a name for public view: the surname stays (张三 → 张*, 欧阳小明 → 欧**明). */
export function maskName(name: string | null): string | null {
  if (!name) return null;
  const chars = [...name];
  if (chars.length <= 2) return chars[0] + '*';
  return chars[0] + '*'.repeat(chars.length - 2) + chars[chars.length - 1];
}

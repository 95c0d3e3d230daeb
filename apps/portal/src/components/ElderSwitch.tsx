/**
 * The 长辈模式 switch: a big labelled switch on the village home, a compact "大字" button in the
 * top bar of every other page. Both flip the same setting (elder.ts).
 */
import { setElder, useElder } from '../elder';

export const ELDER_WORDS = {
  name: '长辈模式',
  on: '已打开',
  off: '已关闭',
  hint: '字更大、颜色更深、按钮更大，每屏内容更少',
  compact: '大字',
  compactOff: '常规',
} as const;

export default function ElderSwitch({ compact }: { compact?: boolean }) {
  const on = useElder();
  if (compact) {
    return (
      <button
        type="button"
        role="switch"
        aria-checked={on}
        aria-label={ELDER_WORDS.name}
        className={`elder-compact${on ? ' elder-compact-on' : ''}`}
        onClick={() => setElder(!on)}
        data-testid="elder-switch-compact"
      >
        {on ? ELDER_WORDS.compactOff : ELDER_WORDS.compact}
      </button>
    );
  }
  return (
    <button type="button" role="switch" aria-checked={on} className={`elder-switch${on ? ' elder-switch-on' : ''}`} onClick={() => setElder(!on)} data-testid="elder-switch">
      <span className="elder-switch-text">
        <span className="elder-switch-name">{ELDER_WORDS.name}</span>
        <span className="elder-switch-hint">{ELDER_WORDS.hint}</span>
      </span>
      <span className="elder-switch-track" aria-hidden="true">
        <span className="elder-switch-knob" />
      </span>
      <span className="elder-switch-state">{on ? ELDER_WORDS.on : ELDER_WORDS.off}</span>
    </button>
  );
}

/**
 * 朗读: reads a text aloud with the browser's own speech synthesis (no download, no server), in
 * Mandarin when the phone has a Chinese voice. Renders nothing where the browser cannot speak.
 */
import { useEffect, useState } from 'react';

function canSpeak(): boolean {
  return typeof window !== 'undefined' && 'speechSynthesis' in window && typeof SpeechSynthesisUtterance !== 'undefined';
}

/** Long texts are spoken in pieces (some engines stop after ~200 characters). */
export function speechChunks(text: string, max = 120): string[] {
  const parts = text.replace(/\s+/g, ' ').split(/(?<=[。！？；!?;\n])/);
  const out: string[] = [];
  let cur = '';
  for (const p of parts) {
    if ((cur + p).length > max && cur) {
      out.push(cur);
      cur = '';
    }
    cur += p;
    while (cur.length > max) {
      out.push(cur.slice(0, max));
      cur = cur.slice(max);
    }
  }
  if (cur.trim()) out.push(cur);
  return out.map((s) => s.trim()).filter(Boolean);
}

export default function ReadAloud({ text, label = '朗读' }: { text: string; label?: string }) {
  const [speaking, setSpeaking] = useState(false);
  useEffect(() => () => {
    if (canSpeak()) window.speechSynthesis.cancel();
  }, []);
  if (!canSpeak() || !text.trim()) return null;

  const start = () => {
    const synth = window.speechSynthesis;
    synth.cancel();
    const zh = synth.getVoices().find((v) => v.lang.toLowerCase().startsWith('zh'));
    const chunks = speechChunks(text);
    chunks.forEach((c, i) => {
      const u = new SpeechSynthesisUtterance(c);
      u.lang = 'zh-CN';
      if (zh) u.voice = zh;
      u.rate = 0.9;
      if (i === chunks.length - 1) u.onend = () => setSpeaking(false);
      u.onerror = () => setSpeaking(false);
      synth.speak(u);
    });
    setSpeaking(true);
  };
  const stop = () => {
    window.speechSynthesis.cancel();
    setSpeaking(false);
  };

  return (
    <button type="button" className="read-aloud" aria-pressed={speaking} onClick={speaking ? stop : start} data-testid="read-aloud">
      {/* Drawn, not an emoji: cheap phones often have no emoji font. */}
      <svg width="20" height="20" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
        {speaking ? <rect x="6" y="6" width="12" height="12" fill="currentColor" /> : <path d="M4 10v4h4l5 4V6L8 10zM16 9a4 4 0 0 1 0 6M18.5 6.5a7.5 7.5 0 0 1 0 11" />}
      </svg>
      {speaking ? '停止朗读' : label}
    </button>
  );
}

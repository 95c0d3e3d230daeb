/**
 * 长辈模式 (elder mode): larger type, stronger contrast, bigger buttons and fewer items per screen.
 * The choice is kept on the phone (localStorage) and applied as the `elder` class on <html>. This
 * module is imported by the entry (main.tsx) so the class is set when the module starts, before
 * React renders anything: the first paint already has the right size.
 */
import { useSyncExternalStore } from 'react';

const KEY = 'mpw.portal.elder';
export const ELDER_CLASS = 'elder';

export function isElder(): boolean {
  try {
    return localStorage.getItem(KEY) === '1';
  } catch {
    return false;
  }
}

const listeners = new Set<() => void>();

function apply(on: boolean): void {
  document.documentElement.classList.toggle(ELDER_CLASS, on);
}

export function setElder(on: boolean): void {
  try {
    if (on) localStorage.setItem(KEY, '1');
    else localStorage.removeItem(KEY);
  } catch {
    // storage unavailable (private mode): the switch still works on this page
  }
  apply(on);
  listeners.forEach((l) => l());
}

function subscribe(l: () => void): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}

const current = () => document.documentElement.classList.contains(ELDER_CLASS);

/** Whether elder mode is on, re-rendering when it is switched. */
export function useElder(): boolean {
  return useSyncExternalStore(subscribe, current, () => false);
}

/** Items per screen of a long list: fewer in elder mode (at least 3). */
export function pageSizeFor(normal: number, elder: boolean): number {
  return elder ? Math.max(3, Math.ceil(normal / 2)) : normal;
}

// At module start: before the first render.
if (typeof document !== 'undefined') apply(isElder());

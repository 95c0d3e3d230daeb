/** Tiny inline icons for the section tiles (no icon library in the bundle). */
const common = { width: 34, height: 34, viewBox: '0 0 24 24', fill: 'none', stroke: 'currentColor', strokeWidth: 1.8, strokeLinecap: 'round', strokeLinejoin: 'round' } as const;

export const icons = {
  powerList: (
    <svg {...common} aria-hidden="true">
      <rect x="5" y="3" width="14" height="18" rx="2" />
      <path d="M9 8h6M9 12h6M9 16h4" />
    </svg>
  ),
  affairs: (
    <svg {...common} aria-hidden="true">
      <path d="M3 10l9-6 9 6" />
      <path d="M5 10v9h14v-9" />
      <path d="M10 19v-5h4v5" />
    </svg>
  ),
  finance: (
    <svg {...common} aria-hidden="true">
      <circle cx="12" cy="12" r="9" />
      <path d="M9 7l3 4 3-4M8.5 12h7M8.5 15h7M12 11v7" />
    </svg>
  ),
  assets: (
    <svg {...common} aria-hidden="true">
      <path d="M3 21h18M5 21V10l7-5 7 5v11" />
      <path d="M9 21v-6h6v6M9 11h6" />
    </svg>
  ),
  benefits: (
    <svg {...common} aria-hidden="true">
      <path d="M4 11l8-7 8 7v9H4z" />
      <path d="M9 15l2 2 4-4" />
    </svg>
  ),
  ask: (
    <svg {...common} aria-hidden="true">
      <path d="M4 5h16v11H9l-5 4z" />
      <path d="M10 9a2 2 0 1 1 3 1.7c-.6.4-1 .8-1 1.3M12 14h.01" />
    </svg>
  ),
  report: (
    <svg {...common} aria-hidden="true">
      <path d="M5 21V4M5 4h11l-2 4 2 4H5" />
    </svg>
  ),
  // 公开统计: three bars on a base line.
  stats: (
    <svg {...common} aria-hidden="true">
      <path d="M4 20h16" />
      <path d="M7 16v-5M12 16V6M17 16v-8" />
    </svg>
  ),
  shield: (
    <svg {...common} width={28} height={28} aria-hidden="true">
      <path d="M12 3l8 3v6c0 5-3.5 8-8 9-4.5-1-8-4-8-9V6z" />
      <path d="M8.5 12l2.5 2.5 4.5-5" />
    </svg>
  ),
};

/**
 * The back arrow of the top bar. antd-mobile's NavBar hides its 返回 text from screen readers and
 * gives its icon no name, so the back button had no accessible name: this icon carries it.
 */
export const navBackIcon = (
  <span className="nav-back-icon">
    <svg width="1em" height="1em" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2.4" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
      <path d="M15 5l-7 7 7 7" />
    </svg>
    <span className="sr-only">返回</span>
  </span>
);

/** The demo notice's icon (antd-mobile's default one is an unnamed image to screen readers). */
export const noticeIcon = (
  <svg width="1em" height="1em" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
    <path d="M4 10v4h4l5 4V6L8 10zM16 9a4 4 0 0 1 0 6" />
  </svg>
);

/** The 警示教育 tile's icon: an open book with a warning mark (drawn like the icons of components/icons.tsx). */
export const typicalIcon = (
  <svg width={34} height={34} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={1.8} strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
    <path d="M3 5.5C5.5 4.5 8.5 4.5 12 6c3.5-1.5 6.5-1.5 9-.5V19c-2.5-1-5.5-1-9 .5-3.5-1.5-6.5-1.5-9-.5z" />
    <path d="M12 6v13.5M7 9v3M7 14.5h.01" />
  </svg>
);

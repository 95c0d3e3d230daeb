// Scheduled work of the reports module (overdue alerts, identity retention, intake digest) registers here.
export {};

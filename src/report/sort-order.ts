/** Orders of findings in a report (`--sort-by`); the comparators live in build.ts. */
export const SORT_ORDERS = ['package', 'severity', 'priority'] as const;
export type SortOrder = (typeof SORT_ORDERS)[number];

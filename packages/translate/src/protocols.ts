// The two wire protocols Aurora speaks. A request comes in over one (its ingress) and goes out over one
// (its provider's kind); the admin API, the database and the codecs all name them from this list.
// No imports: the admin SPA and the database schema load this file alone (`@aurora/translate/protocols`).

export const protocols = ['openai', 'anthropic'] as const;
export type Protocol = (typeof protocols)[number];

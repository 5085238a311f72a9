// @aurora/contract: the admin API's request and response shapes (SPEC §4), shared by the gateway,
// which validates with them, and the admin UI, which validates its forms with the same schemas.

export * from './aliases.js';
export * from './common.js';
export * from './keys.js';
export * from './logs.js';
export * from './providers.js';
export * from './usage.js';

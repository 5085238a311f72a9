// @aurora/contract: the admin API's request and response shapes, shared by the gateway,
// which validates with them, and the admin UI, which validates its forms with the same schemas; and
// the Claude Code settings that both the UI and the gateway's first-start banner print.

export * from './aliases.js';
export * from './claude-code.js';
export * from './common.js';
export * from './keys.js';
export * from './logs.js';
export * from './model-catalog/catalog.js';
export * from './model-glob.js';
export * from './providers.js';
export * from './usage.js';

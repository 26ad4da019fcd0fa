/**
 * The secret scanner: built-in rules (one file per provider family under `rules/`), a keyword
 * prefilter (one Aho-Corasick pass per file), checksum and structure validation, trivy-compatible
 * configuration (`trivy-secret.yaml`) and trivy-shaped findings with masked secrets.
 */
export { createSecretScanner, DEFAULT_MAX_IN_MEMORY } from './scanner.js';
export type { SecretScanner, SecretScannerOptions } from './scanner.js';
export { loadSecretConfig, parseSecretConfig } from './config.js';
export type { SecretConfig, CustomSecretRule } from './config.js';
export { builtinRules } from './rules/registry.js';
export { builtinAllowRules } from './allow-rules.js';
export type { SecretFinding, SecretCodeLine, SecretSeverity, SecretConfidence, SecretRuleSpec, AllowRule, ExcludeBlock } from './types.js';

import type { SecretRuleSpec } from '../types.js';
import { aiRules } from './ai.js';
import { chatMailRules } from './chat-mail.js';
import { cloudRules } from './cloud.js';
import { databaseRules } from './databases.js';
import { genericRules } from './generic.js';
import { infrastructureRules } from './infrastructure.js';
import { observabilityRules } from './observability.js';
import { paymentRules } from './payments.js';
import { platformRules } from './platforms.js';
import { privateKeyRules } from './private-keys.js';
import { registryRules } from './registries.js';
import { vcsCiRules } from './vcs-ci.js';

/** Every built-in secret rule, one provider family per file; generic rules last. */
export const builtinRules: readonly SecretRuleSpec[] = [
  ...cloudRules,
  ...platformRules,
  ...infrastructureRules,
  ...vcsCiRules,
  ...registryRules,
  ...chatMailRules,
  ...paymentRules,
  ...aiRules,
  ...observabilityRules,
  ...privateKeyRules,
  ...databaseRules,
  ...genericRules,
];

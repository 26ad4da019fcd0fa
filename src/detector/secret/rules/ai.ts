import type { SecretRuleSpec } from '../types.js';
import { HEX32, assignedValue, prefixedToken, tokenNear } from './helpers.js';

/**
 * AI services: OpenAI (keys carry `T3BlbkFJ`, base64 of "OpenAI"), Anthropic (keys end in `AA`),
 * Hugging Face, Groq, Replicate, Perplexity, xAI, OpenRouter, LangSmith, Cohere, Mistral,
 * DeepSeek, Pinecone, Weights & Biases, ElevenLabs, Azure OpenAI.
 */
export const aiRules: SecretRuleSpec[] = [
  {
    id: 'openai-api-key',
    category: 'OpenAI',
    title: 'OpenAI API Key',
    severity: 'CRITICAL',
    keywords: ['t3blbkfj'],
    regex: /(?<![A-Za-z0-9_-])(?<secret>sk-(?!ant-|or-)(?:(?:proj|svcacct|admin|service-account[0-9]{0,3}|None)-)?[A-Za-z0-9_-]{20,200}T3BlbkFJ[A-Za-z0-9_-]{20,200})(?![A-Za-z0-9_-])/,
    anchor: 'window',
    window: { before: 220, after: 220 },
  },
  prefixedToken({ id: 'openai-ephemeral-key', category: 'OpenAI', title: 'OpenAI Realtime Client Secret', severity: 'MEDIUM', prefixes: ['ek_'], body: '[a-f0-9]{32}' }),
  prefixedToken({ id: 'anthropic-api-key', category: 'Anthropic', title: 'Anthropic API Key', severity: 'CRITICAL', prefixes: ['sk-ant-api03-'], body: '[A-Za-z0-9_-]{93}AA' }),
  prefixedToken({ id: 'anthropic-admin-key', category: 'Anthropic', title: 'Anthropic Admin API Key', severity: 'CRITICAL', prefixes: ['sk-ant-admin01-'], body: '[A-Za-z0-9_-]{93}AA' }),
  prefixedToken({ id: 'huggingface-token', category: 'HuggingFace', title: 'Hugging Face Access Token', severity: 'HIGH', prefixes: ['hf_'], body: '[A-Za-z0-9]{34,40}', entropy: 3.5 }),
  prefixedToken({ id: 'huggingface-org-token', category: 'HuggingFace', title: 'Hugging Face Organization Token', severity: 'HIGH', prefixes: ['api_org_'], body: '[A-Za-z]{34}' }),
  prefixedToken({ id: 'groq-api-key', category: 'Groq', title: 'Groq API Key', severity: 'HIGH', prefixes: ['gsk_'], body: '[A-Za-z0-9]{52}' }),
  prefixedToken({ id: 'replicate-api-token', category: 'Replicate', title: 'Replicate API Token', severity: 'HIGH', prefixes: ['r8_'], body: '[A-Za-z0-9]{37}' }),
  prefixedToken({ id: 'perplexity-api-key', category: 'Perplexity', title: 'Perplexity API Key', severity: 'HIGH', prefixes: ['pplx-'], body: '[A-Za-z0-9]{48}' }),
  prefixedToken({ id: 'xai-api-key', category: 'xAI', title: 'xAI API Key', severity: 'HIGH', prefixes: ['xai-'], body: '[A-Za-z0-9]{80}' }),
  prefixedToken({ id: 'openrouter-api-key', category: 'OpenRouter', title: 'OpenRouter API Key', severity: 'HIGH', prefixes: ['sk-or-v1-'], body: '[a-f0-9]{64}' }),
  prefixedToken({ id: 'langsmith-api-key', category: 'LangChain', title: 'LangSmith API Key', severity: 'HIGH', prefixes: ['lsv2_pt_', 'lsv2_sk_'], body: '[a-f0-9]{32}_[a-f0-9]{10}' }),
  assignedValue({ id: 'cohere-api-key', category: 'Cohere', title: 'Cohere API Key', severity: 'HIGH', keywords: ['cohere', 'co_api_key'], name: 'cohere[A-Za-z0-9_.-]{0,24}(?:api[_.-]?key|token|key)|co_api_key', value: '[A-Za-z0-9]{40}', entropy: 3.8 }),
  assignedValue({ id: 'mistral-api-key', category: 'Mistral', title: 'Mistral AI API Key', severity: 'HIGH', keywords: ['mistral'], name: 'mistral[A-Za-z0-9_.-]{0,24}(?:api[_.-]?key|token|key)', value: '[A-Za-z0-9]{32}', entropy: 3.8 }),
  tokenNear({ id: 'deepseek-api-key', category: 'DeepSeek', title: 'DeepSeek API Key', severity: 'HIGH', keywords: ['deepseek'], token: `sk-${HEX32}` }),
  prefixedToken({ id: 'pinecone-api-key', category: 'Pinecone', title: 'Pinecone API Key', severity: 'HIGH', prefixes: ['pcsk_'], body: '[A-Za-z0-9]{5,6}_[A-Za-z0-9]{60,70}' }),
  assignedValue({ id: 'wandb-api-key', category: 'Weights & Biases', title: 'Weights & Biases API Key', severity: 'MEDIUM', keywords: ['wandb'], name: 'wandb[A-Za-z0-9_.-]{0,24}(?:api[_.-]?key|key)', value: '[a-f0-9]{40}' }),
  tokenNear({ id: 'elevenlabs-api-key', category: 'ElevenLabs', title: 'ElevenLabs API Key', severity: 'HIGH', keywords: ['elevenlabs', 'xi-api-key'], token: 'sk_[a-f0-9]{48}' }),
  assignedValue({
    id: 'azure-openai-api-key',
    category: 'Azure',
    title: 'Azure OpenAI API Key',
    severity: 'HIGH',
    keywords: ['azure_openai', 'azure-openai', 'azureopenai', 'openai.azure.com'],
    name: 'azure[_.-]?openai[A-Za-z0-9_.-]{0,24}(?:api[_.-]?key|key)',
    value: HEX32,
  }),
];

import type { SecretRuleSpec } from '../types.js';
import { hasCrc32Base62Checksum } from '../validators/crc32-base62.js';
import { isJwt } from '../validators/structure.js';
import { UUID, assignedValue, prefixedToken } from './helpers.js';

/** GitHub's 40-character tokens: prefix, 30 random characters, 6 characters of CRC32 checksum. */
const githubChecksum = (secret: string): boolean => hasCrc32Base62Checksum(secret.slice(4));

function github(id: string, prefix: string, title: string): SecretRuleSpec {
  return prefixedToken({ id, category: 'GitHub', title, severity: 'CRITICAL', prefixes: [prefix], body: '[A-Za-z0-9]{36}', validate: githubChecksum });
}

/** Token prefixes GitLab documents, with the length of the random part of the classic format. */
const gitlabTokens: [string, string, string, number][] = [
  ['gitlab-pat', 'glpat-', 'GitLab Personal Access Token', 20],
  ['gitlab-pipeline-trigger-token', 'glptt-', 'GitLab Pipeline Trigger Token', 40],
  ['gitlab-runner-token', 'glrt-', 'GitLab Runner Authentication Token', 20],
  ['gitlab-deploy-token', 'gldt-', 'GitLab Deploy Token', 20],
  ['gitlab-ci-build-token', 'glcbt-', 'GitLab CI/CD Job Token', 20],
  ['gitlab-incoming-mail-token', 'glimt-', 'GitLab Incoming Mail Token', 25],
  ['gitlab-feed-token', 'glft-', 'GitLab Feed Token', 20],
  ['gitlab-oauth-app-secret', 'gloas-', 'GitLab OAuth Application Secret', 64],
  ['gitlab-scim-token', 'glsoat-', 'GitLab SCIM OAuth Token', 20],
  ['gitlab-feature-flags-token', 'glffct-', 'GitLab Feature Flags Client Token', 20],
  ['gitlab-agent-token', 'glagent-', 'GitLab Agent for Kubernetes Token', 50],
];

/**
 * Version control and CI: GitHub (checksummed classic tokens, fine-grained PATs, app installation
 * tokens), GitLab's prefixed tokens (classic and routable forms), Atlassian/Bitbucket, CircleCI,
 * Travis CI, Jenkins, Buildkite, SonarQube, Codecov, Snyk, JFrog.
 */
export const vcsCiRules: SecretRuleSpec[] = [
  github('github-pat', 'ghp_', 'GitHub Personal Access Token'),
  github('github-oauth-token', 'gho_', 'GitHub OAuth Access Token'),
  github('github-user-to-server-token', 'ghu_', 'GitHub App User-to-Server Token'),
  prefixedToken({
    id: 'github-refresh-token',
    category: 'GitHub',
    title: 'GitHub App Refresh Token',
    severity: 'CRITICAL',
    prefixes: ['ghr_'],
    body: '(?:[A-Za-z0-9]{36}|[A-Za-z0-9]{76})',
    validate: (s) => s.length !== 40 || githubChecksum(s),
  }),
  prefixedToken({
    id: 'github-app-token',
    category: 'GitHub',
    title: 'GitHub App Installation Token',
    severity: 'CRITICAL',
    prefixes: ['ghs_'],
    body: '(?:[A-Za-z0-9]{36}|[0-9]{1,12}_[A-Za-z0-9_-]{8,2048}\\.[A-Za-z0-9_-]{8,4096}\\.[A-Za-z0-9_-]{8,1024})',
    validate: (s) => (/^ghs_\d+_/.test(s) ? isJwt(s.slice(s.indexOf('_', 4) + 1)) : githubChecksum(s)),
  }),
  prefixedToken({
    id: 'github-fine-grained-pat',
    category: 'GitHub',
    title: 'GitHub Fine-grained Personal Access Token',
    severity: 'CRITICAL',
    prefixes: ['github_pat_'],
    body: '[A-Za-z0-9]{22}_[A-Za-z0-9]{59}',
  }),
  ...gitlabTokens.map(([id, prefix, title, length]) =>
    prefixedToken({
      id,
      category: 'GitLab',
      title,
      severity: id === 'gitlab-feed-token' ? 'MEDIUM' : 'CRITICAL',
      prefixes: [prefix],
      // Classic: a fixed number of characters; routable (GitLab 17.x): base64url payload, `.`, version, `.`, checksum.
      body: `(?:[A-Za-z0-9_-]{${length}}|(?:[0-9a-f]{1,5}_)?[A-Za-z0-9_-]{27,300}\\.[0-9a-z]{2}\\.[0-9a-z]{7,10})`,
      after: '(?![A-Za-z0-9_.-])',
    }),
  ),
  prefixedToken({
    id: 'gitlab-runner-registration-token',
    category: 'GitLab',
    title: 'GitLab Runner Registration Token',
    severity: 'HIGH',
    prefixes: ['GR1348941'],
    body: '[A-Za-z0-9_-]{20}',
  }),
  prefixedToken({ id: 'atlassian-api-token', category: 'Atlassian', title: 'Atlassian API Token', severity: 'HIGH', prefixes: ['ATATT3'], body: '[A-Za-z0-9_=-]{180,200}', after: '(?![A-Za-z0-9_=-])' }),
  prefixedToken({ id: 'bitbucket-app-password', category: 'Bitbucket', title: 'Bitbucket App Password', severity: 'HIGH', prefixes: ['ATBB'], body: '[A-Za-z0-9_=.-]{28,36}' }),
  prefixedToken({ id: 'bitbucket-access-token', category: 'Bitbucket', title: 'Bitbucket Repository/Workspace Access Token', severity: 'HIGH', prefixes: ['ATCTT3'], body: '[A-Za-z0-9_=-]{170,200}', after: '(?![A-Za-z0-9_=-])' }),
  prefixedToken({ id: 'circleci-personal-token', category: 'CircleCI', title: 'CircleCI Personal API Token', severity: 'HIGH', prefixes: ['CCIPAT_'], body: '[A-Za-z0-9]{22}_[a-f0-9]{40}' }),
  prefixedToken({ id: 'circleci-project-token', category: 'CircleCI', title: 'CircleCI Project API Token', severity: 'HIGH', prefixes: ['CCIPRJ_'], body: '[A-Za-z0-9]{22}_[a-f0-9]{40}' }),
  assignedValue({
    id: 'travis-ci-token',
    category: 'Travis CI',
    title: 'Travis CI Access Token',
    severity: 'HIGH',
    keywords: ['travis'],
    name: 'travis[A-Za-z0-9_.-]{0,24}(?:token|api[_.-]?key|key)',
    value: '[A-Za-z0-9_-]{22}',
    entropy: 3.5,
  }),
  assignedValue({
    id: 'jenkins-api-token',
    category: 'Jenkins',
    title: 'Jenkins API Token',
    severity: 'HIGH',
    keywords: ['jenkins'],
    name: 'jenkins[A-Za-z0-9_.-]{0,24}(?:token|api[_.-]?key|password|secret)',
    value: '11[0-9a-f]{32}',
  }),
  prefixedToken({ id: 'buildkite-api-token', category: 'Buildkite', title: 'Buildkite API Access Token', severity: 'HIGH', prefixes: ['bkua_'], body: '[a-f0-9]{40}' }),
  prefixedToken({ id: 'sonarqube-token', category: 'SonarQube', title: 'SonarQube Token', severity: 'HIGH', prefixes: ['squ_', 'sqp_', 'sqa_'], body: '[a-f0-9]{40}' }),
  assignedValue({
    id: 'codecov-token',
    category: 'Codecov',
    title: 'Codecov Upload Token',
    severity: 'MEDIUM',
    keywords: ['codecov'],
    name: 'codecov[A-Za-z0-9_.-]{0,24}(?:token|key)',
    value: UUID,
  }),
  assignedValue({
    id: 'snyk-token',
    category: 'Snyk',
    title: 'Snyk API Token',
    severity: 'HIGH',
    keywords: ['snyk'],
    name: 'snyk[A-Za-z0-9_.-]{0,24}(?:token|api[_.-]?key|key)',
    value: UUID,
  }),
  prefixedToken({ id: 'jfrog-api-key', category: 'JFrog', title: 'JFrog Artifactory API Key', severity: 'HIGH', prefixes: ['AKCp'], body: '[A-Za-z0-9]{69}' }),
  prefixedToken({ id: 'jfrog-identity-token', category: 'JFrog', title: 'JFrog Identity/Reference Token', severity: 'HIGH', prefixes: ['cmVmdGtu'], body: '[A-Za-z0-9]{56}' }),
];

import type { AllowRule } from './types.js';

/**
 * Built-in allow rules, on by default and switched off one by one with `disable-allow-rules`
 * (ids shared with trivy keep their meaning). Path rules skip the whole file: tests and examples,
 * vendored and installed dependencies, lockfiles, minified bundles and source maps, documentation,
 * and the directories of language runtimes in images. `example-values` drops secrets that say they
 * are examples (`AKIAIOSFODNN7EXAMPLE`).
 */
export const builtinAllowRules: readonly AllowRule[] = [
  { id: 'tests', description: 'test files and directories', path: /(?:^|\/)test|[-_.]test/i },
  { id: 'examples', description: 'example files and directories', path: /example/i },
  { id: 'example-values', description: 'secrets that say they are examples', regex: /example/i },
  { id: 'fixtures', description: 'fixture and snapshot directories', path: /(?:^|\/)(?:__)?(?:fixtures?|__snapshots__)(?:__)?\/|\.snap$/i },
  { id: 'vendor', description: 'vendored dependencies', path: /(?:^|\/)vendor\// },
  { id: 'node-modules', description: 'installed npm packages', path: /(?:^|\/)node_modules\// },
  { id: 'python-packages', description: 'installed Python packages', path: /(?:^|\/)(?:site|dist)-packages\// },
  { id: 'git-dir', description: 'git metadata', path: /(?:^|\/)\.git\// },
  { id: 'lockfiles', description: 'lockfiles (hashes and URLs, not secrets)', path: /(?:^|\/)(?:package-lock\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-lock\.yaml|bun\.lock|go\.sum|go\.mod|Cargo\.lock|Gemfile\.lock|Pipfile\.lock|poetry\.lock|uv\.lock|pdm\.lock|composer\.lock|packages\.lock\.json|gradle\.lockfile|mix\.lock|pubspec\.lock|Podfile\.lock|conan\.lock|flake\.lock|Package\.resolved|\.terraform\.lock\.hcl)$/ },
  { id: 'minified', description: 'minified bundles', path: /[.-]min\.(?:js|mjs|cjs|css)$/ },
  { id: 'sourcemaps', description: 'source maps', path: /\.(?:js|mjs|cjs|css|ts)\.map$/ },
  { id: 'markdown', description: 'Markdown documents', path: /\.md$/ },
  { id: 'locale-dir', description: 'locale files', path: /\/locale\// },
  { id: 'usr-dirs', description: 'system directories', path: /^\/?usr\/(?:share|include|lib)\// },
  { id: 'node.js', description: 'Node.js images (yarn)', path: /^\/?opt\/yarn-v[\d.]+\// },
  { id: 'golang', description: 'Go images', path: /^\/?usr\/local\/go\// },
  { id: 'python', description: 'Python images', path: /^\/?usr\/local\/lib\/python[\d.]+\// },
  { id: 'rubygems', description: 'Ruby images', path: /^\/?usr\/lib\/gems\// },
  { id: 'wordpress', description: 'WordPress images', path: /^\/?usr\/src\/wordpress\// },
  { id: 'anaconda', description: 'conda images', path: /^\/?opt\/conda\// },
];

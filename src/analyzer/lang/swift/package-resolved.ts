import type { Analyzer, AnalyzerInput, AnalysisResult, Package } from '../../types.js';
import { isLockfileNamed } from '../../lockfile-path.js';
import { asObject, asString, nonEmptyString, parseJsonObject, spanLocation, type JsonObject } from '../../json-spans.js';

/**
 * Package.resolved analyzer (Swift Package Manager).
 *
 * - v1: `{"object": {"pins": [{"package": "swift-nio", "repositoryURL": "https://github.com/apple/swift-nio.git",
 *   "state": {"branch": null, "revision": "...", "version": "2.41.0"}}]}, "version": 1}`
 * - v2 and v3: `{"pins": [{"identity": "swift-nio", "kind": "remoteSourceControl",
 *   "location": "https://github.com/apple/swift-nio.git", "state": {...}}], "version": 2}`
 *   (v3 adds an `originHash`).
 *
 * Semantics (as trivy):
 * - the package name is the repository URL without scheme and `.git` suffix,
 *   `github.com/apple/swift-nio`, the way the SwiftURL ecosystem names packages. URLs in other
 *   forms are brought to the same shape (`git@github.com:apple/swift-nio.git`,
 *   `ssh://git@github.com/apple/swift-nio` -> `github.com/apple/swift-nio`);
 * - the version is `state.version`; a pin on a branch has none and is reported with the branch
 *   name (which no advisory range matches); a pin with neither is left out;
 * - Package.resolved holds no graph and no direct/indirect information;
 * - Location: the lines of the pin object.
 */
export const packageResolvedAnalyzer: Analyzer = {
  name: 'swift',
  version: 1,
  wants: (info) => isLockfileNamed(info.path, 'Package.resolved'),
  analyze,
};

async function analyze(input: AnalyzerInput): Promise<AnalysisResult> {
  const packages = swiftPackages(input.content.toString('utf8'), input.path);
  return { applications: [{ type: 'swift', ecosystem: 'SwiftURL', purlType: 'swift', filePath: input.path, packages }] };
}

function swiftPackages(text: string, file: string): Package[] {
  if (text.trim() === '') return [];
  const document = parseJsonObject(file, text);
  const v1Pins = asObject(document.value.object)?.pins;
  const pins = Array.isArray(v1Pins) ? v1Pins : document.value.pins;
  if (!Array.isArray(pins)) return [];
  const pinsSpan = (Array.isArray(v1Pins) ? document.span.fields?.get('object') : document.span)?.fields?.get('pins');

  const packages: Package[] = [];
  pins.forEach((value, index) => {
    const pin = asObject(value);
    const pkg = pin ? pinPackage(pin) : undefined;
    const span = pinsSpan?.items?.[index];
    if (!pkg) return;
    if (span) pkg.locations = [spanLocation(span, document.lines)];
    packages.push(pkg);
  });
  return packages;
}

function pinPackage(pin: JsonObject): Package | undefined {
  const url = asString(pin.location) ?? asString(pin.repositoryURL);
  const state = asObject(pin.state);
  const version = nonEmptyString(state?.version) ?? nonEmptyString(state?.branch);
  if (!url || !version) return undefined;
  const name = packageName(url);
  return { id: `${name}@${version}`, name, version };
}

/** `https://github.com/apple/swift-nio.git` -> `github.com/apple/swift-nio`. */
export function packageName(url: string): string {
  let name = url.trim();
  const scp = /^[^/@:]+@([^/:]+):(?!\/)(.*)$/.exec(name); // git@github.com:owner/repo
  if (scp) name = `${scp[1]}/${scp[2]}`;
  else name = name.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').replace(/^[^/@]+@/, ''); // scheme, user@
  return name.replace(/\/+$/, '').replace(/\.git$/, '');
}

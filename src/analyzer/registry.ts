import type { Analyzer } from './types.js';
import { osReleaseAnalyzer } from './os/os-release.js';
import { debianVersionAnalyzer } from './os/debian-version.js';
import { alpineReleaseAnalyzer } from './os/alpine-release.js';
import { redhatReleaseAnalyzer } from './os/redhat-release.js';
import { dpkgStatusAnalyzer } from './pkg/dpkg-status.js';
import { dpkgFilesAnalyzer } from './pkg/dpkg-files.js';
import { dpkgCopyrightAnalyzer } from './pkg/dpkg-copyright.js';
import { apkInstalledAnalyzer } from './pkg/apk-installed.js';
import { rpmSqliteAnalyzer } from './pkg/rpm-sqlite.js';
import { rpmBdbAnalyzer } from './pkg/rpm-bdb.js';
import { rpmNdbAnalyzer } from './pkg/rpm-ndb.js';
import { packageLockAnalyzer } from './lang/npm/package-lock.js';
import { yarnLockAnalyzer } from './lang/npm/yarn-lock.js';
import { pnpmLockAnalyzer } from './lang/npm/pnpm-lock.js';
import { bunLockAnalyzer } from './lang/npm/bun-lock.js';
import { nodePkgAnalyzer } from './lang/npm/node-pkg.js';
import { mixLockAnalyzer } from './lang/elixir/mix-lock.js';
import { pubspecLockAnalyzer } from './lang/dart/pubspec-lock.js';
import { packageResolvedAnalyzer } from './lang/swift/package-resolved.js';
import { podfileLockAnalyzer } from './lang/swift/podfile-lock.js';
import { conanLockAnalyzer } from './lang/cpp/conan-lock.js';
import { pipRequirementsAnalyzer } from './lang/python/pip.js';
import { pipenvLockAnalyzer } from './lang/python/pipenv.js';
import { poetryLockAnalyzer } from './lang/python/poetry.js';
import { uvLockAnalyzer } from './lang/python/uv.js';
import { pylockAnalyzer } from './lang/python/pylock.js';
import { pythonPackageAnalyzer } from './lang/python/dist-info.js';
import { gemfileLockAnalyzer } from './lang/ruby/gemfile-lock.js';
import { gemspecAnalyzer } from './lang/ruby/gemspec.js';
import { composerLockAnalyzer } from './lang/php/composer-lock.js';
import { composerInstalledAnalyzer } from './lang/php/composer-installed.js';
import { packagesLockAnalyzer } from './lang/dotnet/packages-lock.js';
import { packagesConfigAnalyzer } from './lang/dotnet/packages-config.js';
import { packagesPropsAnalyzer } from './lang/dotnet/packages-props.js';
import { depsJsonAnalyzer } from './lang/dotnet/deps-json.js';
import { goModAnalyzer } from './lang/golang/go-mod.js';
import { goBinaryAnalyzer } from './lang/golang/go-binary.js';
import { cargoLockAnalyzer } from './lang/rust/cargo-lock.js';
import { rustBinaryAnalyzer } from './lang/rust/rust-binary.js';
import { pomAnalyzer } from './lang/java/pom.js';
import { gradleLockAnalyzer } from './lang/java/gradle-lock.js';
import { sbtLockAnalyzer } from './lang/java/sbt-lock.js';
import { jarAnalyzer } from './lang/java/jar.js';

/** The one list of analyzers. Adding an analyzer = one file + one line here. */
export const analyzers: readonly Analyzer[] = [
  // Operating system and its package databases
  osReleaseAnalyzer,
  debianVersionAnalyzer,
  alpineReleaseAnalyzer,
  redhatReleaseAnalyzer,
  dpkgStatusAnalyzer,
  dpkgFilesAnalyzer,
  dpkgCopyrightAnalyzer,
  apkInstalledAnalyzer,
  rpmSqliteAnalyzer,
  rpmBdbAnalyzer,
  rpmNdbAnalyzer,
  // Node.js lockfiles
  packageLockAnalyzer,
  yarnLockAnalyzer,
  pnpmLockAnalyzer,
  bunLockAnalyzer,
  // Installed Node.js packages (node_modules/**/package.json)
  nodePkgAnalyzer,
  // Elixir, Dart, Swift, CocoaPods, Conan lockfiles
  mixLockAnalyzer,
  pubspecLockAnalyzer,
  packageResolvedAnalyzer,
  podfileLockAnalyzer,
  conanLockAnalyzer,
  // Python lockfiles and installed packages
  pipRequirementsAnalyzer,
  pipenvLockAnalyzer,
  poetryLockAnalyzer,
  uvLockAnalyzer,
  pylockAnalyzer,
  pythonPackageAnalyzer,
  // Ruby: Gemfile.lock, installed gems
  gemfileLockAnalyzer,
  gemspecAnalyzer,
  // PHP: composer.lock, installed packages (vendor/composer/installed.json)
  composerLockAnalyzer,
  composerInstalledAnalyzer,
  // .NET: NuGet lockfile, packages.config, central package versions, .deps.json
  packagesLockAnalyzer,
  packagesConfigAnalyzer,
  packagesPropsAnalyzer,
  depsJsonAnalyzer,
  // Go: go.mod (+ go.sum), executables' build info
  goModAnalyzer,
  goBinaryAnalyzer,
  // Rust: Cargo.lock (+ Cargo.toml), cargo-auditable executables
  cargoLockAnalyzer,
  rustBinaryAnalyzer,
  // Java: pom.xml, gradle.lockfile, build.sbt.lock, jar/war/ear/par archives
  pomAnalyzer,
  gradleLockAnalyzer,
  sbtLockAnalyzer,
  jarAnalyzer,
];

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { purlOf } from '../../src/report/purl.js';

test('purls of Swift, CocoaPods, Conan, Hex and Pub packages, as trivy writes them', () => {
  assert.equal(purlOf('swift', 'github.com/apple/swift-nio', '2.41.0'), 'pkg:swift/github.com/apple/swift-nio@2.41.0');
  assert.equal(purlOf('cocoapods', '_NIODataStructures', '2.41.0'), 'pkg:cocoapods/_NIODataStructures@2.41.0');
  assert.equal(purlOf('cocoapods', 'AppCenter/Core', '4.2.0'), 'pkg:cocoapods/AppCenter@4.2.0#Core');
  assert.equal(purlOf('conan', 'poco', '1.9.4'), 'pkg:conan/poco@1.9.4');
  assert.equal(purlOf('hex', 'phoenix', '1.6.13'), 'pkg:hex/phoenix@1.6.13');
  assert.equal(purlOf('pub', 'http', '0.13.2'), 'pkg:pub/http@0.13.2');
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dockerfileFromHistory } from '../../../src/target/image/history-dockerfile.js';

test('legacy builder and BuildKit history entries become Dockerfile instructions', () => {
  const text = dockerfileFromHistory({
    config: { User: 'app' },
    history: [
      { created_by: '/bin/sh -c #(nop) ADD file:770e381defc5e4a0ba5df52265a96494b9f5d94309234cb3f7bc6b00e1d18f9a in / ' },
      { created_by: '/bin/sh -c #(nop)  CMD ["bash"]', empty_layer: true },
      { created_by: '/bin/sh -c apt-get update && apt-get install -y curl' },
      { created_by: 'RUN /bin/sh -c useradd app # buildkit' },
      { created_by: '|1 VERSION=1.2 /bin/sh -c echo $VERSION' },
      { created_by: 'COPY app /app # buildkit' },
    ],
  });
  assert.equal(text, [
    'FROM scratch',
    'ADD file:770e381defc5e4a0ba5df52265a96494b9f5d94309234cb3f7bc6b00e1d18f9a /',
    'CMD ["bash"]',
    'RUN apt-get update && apt-get install -y curl',
    'RUN /bin/sh -c useradd app',
    'RUN echo $VERSION',
    'COPY app /app',
    'USER app',
    '',
  ].join('\n'));
});

test('an image without history still gives a Dockerfile (FROM scratch, its USER and HEALTHCHECK)', () => {
  assert.equal(dockerfileFromHistory({ config: { Healthcheck: { Test: ['CMD-SHELL', 'curl -f http://localhost/'] } } }), 'FROM scratch\nHEALTHCHECK CMD curl -f http://localhost/\n');
  assert.equal(dockerfileFromHistory({}), 'FROM scratch\n');
});

test('history entries of other builders (umoci, buildah) are not taken for instructions', () => {
  assert.equal(dockerfileFromHistory({ history: [{ created_by: 'umoci repack' }, { created_by: '/bin/sh -c #(nop)  ENV A=b' }] }), 'FROM scratch\nENV A=b\n');
});

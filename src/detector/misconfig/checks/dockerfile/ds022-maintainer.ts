import { causeAt, dockerfileCheck, instructionsOf } from './kit.js';

/** DS-0022: MAINTAINER is deprecated. */
export const ds022 = dockerfileCheck({
  id: 'DS-0022',
  aliases: ['AVD-DS-0022', 'DS022', 'no-maintainer', 'docker-no-maintainer'],
  namespace: 'builtin.dockerfile.DS022',
  title: 'Deprecated MAINTAINER used',
  severity: 'HIGH',
  description: 'MAINTAINER is deprecated since Docker 1.13; image metadata belongs in labels.',
  resolution: "Replace 'MAINTAINER' with a label such as 'LABEL org.opencontainers.image.authors=...'.",
  references: ['https://docs.docker.com/engine/deprecated/#maintainer-in-dockerfile'],
  check(dockerfile) {
    return instructionsOf(dockerfile, 'maintainer').map((maintainer) =>
      causeAt(maintainer, `MAINTAINER is deprecated: 'MAINTAINER ${maintainer.value[0] ?? ''}'`),
    );
  },
});

import { COMPOSE_REFERENCE, atKey, composeCheck } from './define.js';

/** PCK-COMPOSE-004: images without a pinned tag. */
export const pckCompose004 = composeCheck({
  id: 'PCK-COMPOSE-004',
  title: "Image uses the 'latest' tag or no tag",
  severity: 'MEDIUM',
  description: "An image without a tag (or tagged 'latest') changes under you: each pull may run different software.",
  resolution: 'Pin the image to a version tag or a digest.',
  references: [`${COMPOSE_REFERENCE}#image`],
  check: (service) => {
    const image = service.spec.image;
    if (typeof image !== 'string' || image.includes('@') || image.includes('${')) return [];
    const name = image.slice(image.lastIndexOf('/') + 1);
    const tag = name.includes(':') ? name.slice(name.indexOf(':') + 1) : '';
    if (tag !== '' && tag !== 'latest') return [];
    return [atKey(service, 'image', `Service '${service.name}' uses image '${image}' ${tag === '' ? 'without a tag' : "with the 'latest' tag"}`)];
  },
});

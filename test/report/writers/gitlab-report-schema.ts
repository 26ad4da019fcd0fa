/**
 * What GitLab's security report schemas 15.x (container-scanning-report-format.json,
 * dependency-scanning-report-format.json) require, written down from their documentation: the
 * official files are not published on a registry reachable here. Required keys, enums and
 * patterns only; the real schemas allow more optional fields.
 */
const vendor = { type: 'object', required: ['name'], properties: { name: { type: 'string', minLength: 1 } } };
const tool = { type: 'object', required: ['id', 'name', 'version', 'vendor'], properties: { id: { type: 'string', minLength: 1 }, name: { type: 'string', minLength: 1 }, version: { type: 'string', minLength: 1 }, vendor } };
const time = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}$' };
const identifier = {
  type: 'object', required: ['type', 'name', 'value'],
  properties: { type: { type: 'string', minLength: 1 }, name: { type: 'string', minLength: 1 }, value: { type: 'string', minLength: 1 }, url: { type: 'string', format: 'uri' } },
};
const dependency = {
  type: 'object', required: ['package', 'version'],
  properties: { package: { type: 'object', required: ['name'], properties: { name: { type: 'string', minLength: 1 } } }, version: { type: 'string' } },
};

function report(type: string, location: object): object {
  return {
    type: 'object',
    required: ['version', 'scan', 'vulnerabilities'],
    properties: {
      version: { type: 'string', pattern: '^15\\.\\d+\\.\\d+$' },
      scan: {
        type: 'object', required: ['analyzer', 'scanner', 'type', 'start_time', 'end_time', 'status'],
        properties: { analyzer: tool, scanner: tool, type: { const: type }, start_time: time, end_time: time, status: { enum: ['success', 'failure'] } },
      },
      vulnerabilities: {
        type: 'array',
        items: {
          type: 'object', required: ['id', 'identifiers', 'location'],
          properties: {
            id: { type: 'string', minLength: 1 },
            name: { type: 'string', maxLength: 255 },
            description: { type: 'string', maxLength: 1048576 },
            severity: { enum: ['Info', 'Unknown', 'Low', 'Medium', 'High', 'Critical'] },
            solution: { type: 'string', maxLength: 7000 },
            identifiers: { type: 'array', minItems: 1, maxItems: 20, items: identifier },
            links: { type: 'array', items: { type: 'object', required: ['url'], properties: { url: { type: 'string', format: 'uri' } } } },
            location,
          },
        },
      },
      remediations: { type: 'array' },
    },
  };
}

export const gitlabContainerScanningSchema = report('container_scanning', {
  type: 'object', required: ['dependency', 'operating_system', 'image'],
  properties: { dependency, operating_system: { type: 'string', minLength: 1 }, image: { type: 'string', minLength: 1 } },
});

export const gitlabDependencyScanningSchema = report('dependency_scanning', {
  type: 'object', required: ['file', 'dependency'],
  properties: { file: { type: 'string', minLength: 1 }, dependency },
});

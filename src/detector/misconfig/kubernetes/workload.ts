/**
 * Pods and containers of workload objects: a Pod itself, the pod template of Deployment,
 * StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job and DeploymentConfig, and the job
 * template's pod template of a CronJob.
 */
import type { K8sResource } from './resource.js';
import { asMap, asString, dig, mapsOf } from './values.js';
import type { YamlMap } from './values.js';

/** Kinds (lower case) that run pods; the selector of most pod checks. */
export const WORKLOAD_KINDS: readonly string[] = [
  'pod',
  'replicaset',
  'replicationcontroller',
  'deployment',
  'deploymentconfig',
  'statefulset',
  'daemonset',
  'cronjob',
  'job',
];

const TEMPLATE_KINDS = new Set(['deployment', 'deploymentconfig', 'statefulset', 'daemonset', 'replicaset', 'replicationcontroller', 'job']);

/** A pod definition inside an object: the Pod itself or a pod template. */
export interface PodRef {
  /** The mapping holding `metadata` and `spec` (the Pod object, or `spec.template`). */
  template: YamlMap;
  spec: YamlMap;
  metadata?: YamlMap;
}

/** A container of a pod (regular or init). */
export interface ContainerRef {
  container: YamlMap;
  name: string;
  image: string;
  init: boolean;
  pod: PodRef;
}

const podCache = new WeakMap<K8sResource, PodRef[]>();
const containerCache = new WeakMap<K8sResource, ContainerRef[]>();

/** The pod definitions of an object (none for non-workload kinds). Computed once per resource. */
export function podsOf(resource: K8sResource): PodRef[] {
  let pods = podCache.get(resource);
  if (!pods) podCache.set(resource, (pods = findPods(resource)));
  return pods;
}

function findPods(resource: K8sResource): PodRef[] {
  let template: YamlMap | undefined;
  if (resource.kindLower === 'pod') template = resource.object;
  else if (TEMPLATE_KINDS.has(resource.kindLower)) template = asMap(dig(resource.object, 'spec', 'template'));
  else if (resource.kindLower === 'cronjob') template = asMap(dig(resource.object, 'spec', 'jobTemplate', 'spec', 'template'));
  const spec = asMap(template?.spec);
  if (!template || !spec) return [];
  return [{ template, spec, metadata: asMap(template.metadata) }];
}

/**
 * The containers and init containers of an object's pods; for other kinds that still carry
 * `spec.containers`, those. Computed once per resource.
 */
export function containersOf(resource: K8sResource): ContainerRef[] {
  let containers = containerCache.get(resource);
  if (!containers) containerCache.set(resource, (containers = findContainers(resource)));
  return containers;
}

function findContainers(resource: K8sResource): ContainerRef[] {
  let pods = podsOf(resource);
  if (pods.length === 0) {
    const spec = asMap(resource.object.spec);
    if (spec && (spec.containers !== undefined || spec.initContainers !== undefined)) {
      pods = [{ template: resource.object, spec, metadata: asMap(resource.object.metadata) }];
    }
  }
  return pods.flatMap((pod) => [
    ...mapsOf(pod.spec.containers).map((container) => ref(container, pod, false)),
    ...mapsOf(pod.spec.initContainers).map((container) => ref(container, pod, true)),
  ]);
}

function ref(container: YamlMap, pod: PodRef, init: boolean): ContainerRef {
  return { container, name: asString(container.name) ?? '', image: asString(container.image) ?? '', init, pod };
}

/** The container's own `securityContext` mapping, if any. */
export function containerSecurityContext(ref: ContainerRef): YamlMap | undefined {
  return asMap(ref.container.securityContext);
}

/** The pod's `spec.securityContext` mapping, if any. */
export function podSecurityContext(pod: PodRef): YamlMap | undefined {
  return asMap(pod.spec.securityContext);
}

const INHERITED = ['runAsGroup', 'runAsNonRoot', 'runAsUser', 'seLinuxOptions', 'seccompProfile', 'windowsOptions'];

/**
 * The security context that applies to a container: the pod-level fields a container inherits,
 * overridden by the container's own (Kubernetes' precedence rules). Computed once per container.
 */
export function effectiveSecurityContext(ref: ContainerRef): YamlMap {
  let merged = effectiveCache.get(ref);
  if (!merged) effectiveCache.set(ref, (merged = mergeSecurityContexts(ref)));
  return merged;
}

const effectiveCache = new WeakMap<ContainerRef, YamlMap>();

function mergeSecurityContexts(ref: ContainerRef): YamlMap {
  const merged: YamlMap = {};
  const pod = podSecurityContext(ref.pod);
  if (pod) for (const key of INHERITED) if (key in pod) merged[key] = pod[key];
  const own = containerSecurityContext(ref);
  if (own) Object.assign(merged, own);
  return merged;
}

/** The pod template's annotations (or the Pod's). */
export function podAnnotations(pod: PodRef): YamlMap {
  return asMap(pod.metadata?.annotations) ?? {};
}

/** `Container 'web' of Deployment 'shop'` for messages. */
export function describeContainer(resource: K8sResource, ref: ContainerRef): string {
  return `${ref.init ? 'Init container' : 'Container'} '${ref.name}' of ${resource.kind} '${resource.name}'`;
}

/**
 * Everything a Kubernetes check file uses, from one module: the check builder, the shared
 * selectors, links and check shapes, the cause helpers and the manifest readers. Check files import
 * only this module: each import between modules costs at load time, and there are many checks.
 */
export { kubernetesCheck } from '../define.js';
export * from './shared.js';
export * from './causes.js';
export * from '../../kubernetes/values.js';
export * from '../../kubernetes/workload.js';
export * from '../../kubernetes/rbac.js';

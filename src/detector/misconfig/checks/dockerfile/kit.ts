/**
 * Everything a Dockerfile check file uses, from one module: the check builder, the shared check
 * shapes, the instruction queries and the shell and word splitters. Check files import only this
 * module: each import between modules costs at load time, and there are many checks.
 */
export { dockerfileCheck } from '../define.js';
export * from './shared.js';
export * from '../../dockerfile/query.js';
export * from '../../dockerfile/shell-commands.js';
export * from '../../dockerfile/words.js';

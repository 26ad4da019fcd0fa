import { UserError } from '../../../errors.js';

/**
 * A failure of a container engine image source (the Docker engine, or podman's Docker-compatible
 * socket) as one line naming the image and the engine host. Subclasses tell the caller whether the
 * next image source (`--image-src docker,remote`) is worth trying.
 */
export class EngineError extends UserError {
  constructor(message: string) {
    super(message.replace(/\s*[\r\n]+\s*/g, ' '));
    this.name = 'EngineError';
  }
}

/** The engine answered, but it has no image by that reference: try the next source. */
export class ImageNotFoundError extends EngineError {
  readonly code = 'IMAGE_NOT_FOUND';
  constructor(readonly reference: string, readonly host: string, message: string) {
    super(message);
    this.name = 'ImageNotFoundError';
  }
}

/**
 * The engine cannot be used at all: no socket, connection refused, no permission, no answer, or a
 * host scheme picket does not speak. The next source is worth trying.
 */
export class EngineUnavailableError extends EngineError {
  readonly code = 'ENGINE_UNAVAILABLE';
  constructor(readonly host: string, message: string) {
    super(message);
    this.name = 'EngineUnavailableError';
  }
}

/** True for the engine errors after which another image source may still find the image. */
export function isEngineMiss(err: unknown): err is ImageNotFoundError | EngineUnavailableError {
  return err instanceof ImageNotFoundError || err instanceof EngineUnavailableError;
}
